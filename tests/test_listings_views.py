"""Workspace and curator pages by persona × action, allowed and refused, including IDOR:
Dev (group A) guesses group B's ids and always gets 404."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.testing import login_verified
from directory import models as m
from directory import services
from directory.services.snapshots import service_snapshot
from tests.factories import OrganisationFactory, UserFactory
from tests.test_listings_services import make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    personas = make_personas()
    base = service_snapshot(personas.service_b)
    personas.change_b = services.change_propose(
        organisation=personas.group_b,
        service=personas.service_b,
        base=base,
        proposed={**base, "description": "Grace's words"},
        by=personas.grace,
    )
    personas.invitation_b, _ = services.invitation_create(
        organisation=personas.group_b,
        email="new@example.org",
        role="member",
        by=personas.grace,
        accept_url_base="",
    )
    personas.member_b = personas.group_b.memberships.get(user=personas.grace)
    return personas


def as_user(client, user):
    login_verified(client, user)
    return client


def group_b_urls(p) -> list[tuple[str, str]]:
    return [
        ("get", reverse("directory:manage_organisation", args=[p.group_b.pk])),
        ("get", reverse("directory:manage_organisation_edit", args=[p.group_b.pk])),
        ("post", reverse("directory:manage_organisation_edit", args=[p.group_b.pk])),
        ("get", reverse("directory:manage_service_edit", args=[p.service_b.pk])),
        ("post", reverse("directory:manage_service_edit", args=[p.service_b.pk])),
        ("post", reverse("directory:manage_service_capacity", args=[p.service_b.pk])),
        ("post", reverse("directory:manage_service_confirm", args=[p.service_b.pk])),
        ("get", reverse("directory:manage_change", args=[p.change_b.pk])),
        ("post", reverse("directory:manage_invitation_create", args=[p.group_b.pk])),
        ("post", reverse("directory:manage_invitation_revoke", args=[p.invitation_b.pk])),
        ("post", reverse("directory:manage_member_remove", args=[p.member_b.pk])),
    ]


def test_dev_gets_404_for_every_group_b_url(client, p):
    as_user(client, p.dev)
    for method, url in group_b_urls(p):
        response = getattr(client, method)(
            url, {"capacity_status": "not_accepting", "email": "x@example.org", "role": "admin"}
        )
        assert response.status_code == 404, (method, url)
    p.service_b.refresh_from_db()
    assert p.service_b.capacity_status == "accepting"
    assert p.group_b.memberships.filter(user=p.grace).exists()
    assert m.PendingChange.objects.filter(organisation=p.group_b).count() == 1
    p.invitation_b.refresh_from_db()
    assert p.invitation_b.revoked_at is None


def test_group_b_records_do_not_leak_into_devs_workspace(client, p):
    as_user(client, p.dev)
    page = client.get(reverse("directory:manage_home")).content.decode()
    assert "Sahara" in page and "Lantern" not in page


def test_anonymous_is_sent_to_sign_in(client, p):
    for _method, url in group_b_urls(p)[:1] + [
        ("get", reverse("directory:manage_home")),
        ("get", reverse("directory:curate_home")),
        ("get", reverse("directory:claim_request", args=[p.group_b.pk])),
        ("get", reverse("directory:invitation_accept", args=["token"])),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))


def test_member_without_mfa_is_sent_to_verify(client, p):
    client.force_login(p.dev)
    response = client.get(reverse("directory:manage_home"))
    assert response.status_code == 302 and "sign-in" not in response.url


@pytest.mark.parametrize("who", ["dev", "grace", "public"])
def test_non_curators_are_refused_from_curate(client, p, who):
    as_user(client, getattr(p, who))
    for url in (
        reverse("directory:curate_home"),
        reverse("directory:curate_change", args=[p.change_b.pk]),
        reverse("directory:curate_history", args=[p.group_b.pk]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("directory:curate_change", args=[p.change_b.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    p.change_b.refresh_from_db()
    assert p.change_b.status == "pending"


def test_plain_member_cannot_manage_members(client, p):
    as_user(client, p.raj)
    dev_membership = p.group_a.memberships.get(user=p.dev)
    assert (
        client.post(reverse("directory:manage_member_remove", args=[dev_membership.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("directory:manage_invitation_create", args=[p.group_a.pk]),
        {"email": "x@example.org", "role": "admin"},
    )
    assert response.status_code == 404
    page = client.get(reverse("directory:manage_organisation", args=[p.group_a.pk]))
    assert page.status_code == 200 and "Invite someone" not in page.content.decode()


def test_admin_invites_and_removes(client, p, django_capture_on_commit_callbacks):
    as_user(client, p.dev)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:manage_invitation_create", args=[p.group_a.pk]),
            {"email": "amar@example.org", "role": "member"},
        )
    assert response.status_code == 302
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    assert link.startswith("http://testserver/invitations/")
    raj = p.group_a.memberships.get(user=p.raj)
    client.post(reverse("directory:manage_member_remove", args=[raj.pk]))
    assert not p.group_a.memberships.filter(user=p.raj).exists()

    amar = UserFactory(username="amar", email="amar@example.org")
    client.force_login(amar)
    path = link.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert p.group_a.memberships.filter(user=amar, role="member").exists()


def test_invitation_for_another_address_is_refused(client, p):
    _invitation, token = services.invitation_create(
        organisation=p.group_a,
        email="amar@example.org",
        role="member",
        by=p.dev,
        accept_url_base="",
    )
    # Grace is a member of group B, so she signs in with her second factor.
    login_verified(client, p.grace)
    response = client.post(reverse("directory:invitation_accept", args=[token]))
    assert response.status_code == 400
    assert not p.group_a.memberships.filter(user=p.grace).exists()


def test_claim_and_curator_approval(client, p):
    unclaimed = OrganisationFactory(name="Allotment Friends")
    client.force_login(p.public)
    response = client.post(
        reverse("directory:claim_request", args=[unclaimed.pk]), {"message": "I run it"}
    )
    assert response.status_code == 200
    claim = m.ClaimRequest.objects.get()
    as_user(client, p.cam)
    assert "Allotment Friends" in client.get(reverse("directory:curate_home")).content.decode()
    response = client.post(
        reverse("directory:curate_claim", args=[claim.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert unclaimed.memberships.get(user=p.public).role == "admin"


def test_edit_service_propose_review_approve(client, p):
    as_user(client, p.dev)
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page)
    data["name"] = "Punjabi men's circle"
    data["languages-0-name"] = "Punjabi"
    data["languages-0-code"] = "pa"
    data["schedules-0-freq"] = "WEEKLY"
    data["schedules-0-byday"] = "th"
    data["schedules-0-opens_at"] = "18:30"
    data["schedules-0-closes_at"] = "20:00"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["error_forms"]
    p.service_a.refresh_from_db()
    assert p.service_a.name == "Punjabi men's group"
    change = m.PendingChange.objects.get(service=p.service_a)
    assert set(change.proposed) == set(change.base)
    assert client.get(reverse("directory:manage_change", args=[change.pk])).status_code == 200

    as_user(client, p.cam)
    review = client.get(reverse("directory:curate_change", args=[change.pk])).content.decode()
    assert "Punjabi men&#x27;s circle" in review and "Languages" in review
    assert "Thursdays, 6:30pm to 8pm" in review
    response = client.post(
        reverse("directory:curate_change", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    p.service_a.refresh_from_db()
    assert p.service_a.name == "Punjabi men's circle"
    assert list(p.service_a.languages.values_list("code", flat=True)) == ["pa"]
    public = client.get(p.service_a.get_absolute_url()).content.decode()
    assert "Punjabi men&#x27;s circle" in public
    history = client.get(reverse("directory:curate_history", args=[p.group_a.pk]))
    assert history.status_code == 200 and "cam" in history.content.decode()


def test_unchanged_edit_is_refused_with_a_message(client, p):
    as_user(client, p.dev)
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == 200
    assert "You did not change anything." in response.content.decode()


def test_invalid_edit_keeps_what_was_typed(client, p):
    as_user(client, p.dev)
    url = reverse("directory:manage_service_edit", args=[p.service_a.pk])
    data = form_data(client.get(url))
    data.update({"description": "Kept text", "minimum_age": "40", "maximum_age": "18"})
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Kept text" in page and not m.PendingChange.objects.filter(service=p.service_a).exists()


def test_reject_with_message_shown_in_workspace(client, p):
    as_user(client, p.cam)
    response = client.post(
        reverse("directory:curate_change", args=[p.change_b.pk]), {"decision": "reject"}
    )
    assert response.status_code == 200 and "Say why" in response.content.decode()
    client.post(
        reverse("directory:curate_change", args=[p.change_b.pk]),
        {"decision": "reject", "message": "Please add opening times."},
    )
    p.service_b.refresh_from_db()
    assert p.service_b.description != "Grace's words"
    as_user(client, p.grace)
    page = client.get(reverse("directory:manage_organisation", args=[p.group_b.pk]))
    assert "Please add opening times." in page.content.decode()


def test_stale_proposal_refused_on_the_review_page(client, p):
    services.service_confirm(service=p.service_b, by=p.grace)
    m.Service.objects.filter(pk=p.service_b.pk).update(name="Renamed meanwhile")
    as_user(client, p.cam)
    response = client.post(
        reverse("directory:curate_change", args=[p.change_b.pk]), {"decision": "approve"}
    )
    assert response.status_code == 409
    assert "has changed since this edit was proposed" in response.content.decode()


def test_capacity_and_still_accurate_from_the_workspace(client, p):
    as_user(client, p.raj)
    response = client.post(
        reverse("directory:manage_service_capacity", args=[p.service_a.pk]),
        {"capacity_status": "waiting_list", "waiting_list_weeks": "3"},
    )
    assert response.status_code == 302
    search = client.get("/search/?q=punjabi").content.decode()
    assert "Waiting list: about 3 weeks" in search
    m.Service.objects.filter(pk=p.service_a.pk).update(assured_date=None)
    client.post(reverse("directory:manage_service_confirm", args=[p.service_a.pk]))
    p.service_a.refresh_from_db()
    assert p.service_a.assured_date is not None


def test_organisation_edit_goes_to_review(client, p):
    as_user(client, p.dev)
    url = reverse("directory:manage_organisation_edit", args=[p.group_a.pk])
    data = form_data(client.get(url))
    data["website"] = "https://sahara.example.org/"
    assert client.post(url, data).status_code == 302
    change = m.PendingChange.objects.get(organisation=p.group_a, service=None)
    as_user(client, p.cam)
    page = client.get(reverse("directory:curate_change", args=[change.pk])).content.decode()
    assert "Website" in page and "https://sahara.example.org/" in page


def form_data(response) -> dict:
    """What a browser would send back from the rendered form (fields and formsets)."""
    from html.parser import HTMLParser

    data: dict[str, list[str]] = {}

    class Parser(HTMLParser):
        textarea: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and name != "csrfmiddlewaretoken":
                kind = a.get("type", "text")
                if kind in ("checkbox", "radio"):
                    if "checked" in a:
                        data.setdefault(name, []).append(a.get("value", "on"))
                elif kind != "submit":
                    data.setdefault(name, []).append(a.get("value") or "")
            elif tag == "textarea" and name:
                self.textarea = name
                data.setdefault(name, []).append("")
            elif tag == "option" and "selected" in a:
                data.setdefault(self.select, []).append(a.get("value", ""))
            elif tag == "select":
                self.select = name

        def handle_data(self, text):
            if self.textarea:
                data[self.textarea][-1] += text

        def handle_endtag(self, tag):
            if tag == "textarea":
                self.textarea = None

    Parser().feed(response.content.decode())
    return {k: v if len(v) > 1 else v[0] for k, v in data.items()}


def test_members_must_set_up_mfa_before_anything_else(client, p):
    """Members answer referrals, so they are held at MFA set-up like professionals."""
    from accounts.access import user_needs_mfa

    assert user_needs_mfa(p.dev)
    client.force_login(p.dev)
    response = client.get(reverse("directory:manage_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))
