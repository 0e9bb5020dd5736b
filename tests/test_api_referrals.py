"""The referral API (/api/v1/) and its tokens, by persona: Priya (a professional) makes
referrals with her own token; group A (Dev, its admin) works its inbox with the group's
token; group B (Grace) and Olu (another professional) see none of it; tokens that are read
only, revoked, or whose owner lost the right get nowhere."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import ProfessionalStatus
from accounts.testing import login_verified
from directory.models import OrganisationMembership
from referrals import services
from referrals.models import (
    ActorRole,
    ApiToken,
    ApiTokenScope,
    Referral,
    ReferralAccessLog,
    ReferralNote,
    Status,
)
from referrals.services.tokens import api_token_create, api_token_revoke
from tests.factories import ServiceFactory, UserFactory
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    consent,
    friend,
    make_referral_personas,
    person,
    refer_professionally,
)

pytestmark = pytest.mark.django_db

READ, WRITE = ApiTokenScope.READ, ApiTokenScope.WRITE


class Api:
    """A client for one token."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1/{path}", params, headers=self.headers)

    def post(self, path: str, body=None, *, raw: str | None = None):
        data = raw if raw is not None else json.dumps(body or {})
        return self.client.post(
            f"/api/v1/{path}", data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def world():
    p = make_referral_personas()
    p.referral = refer_professionally(p)
    p.self_made = services.referral_create_self(
        service=p.service_a, person=person(), consent=consent(), client_key="a"
    ).referral
    p.unconfirmed_peer = services.referral_create_peer(
        service=p.service_a, referrer=friend(), person=person(), client_key="b"
    ).referral
    p.to_b = refer_professionally(p, service=p.service_b, person=person(gender="women"))
    p.group_a_write = api_token_create(
        by=p.dev, name="Case system", scope=WRITE, organisation=p.group_a
    )
    p.group_a_read = api_token_create(
        by=p.dev, name="Dashboard", scope=READ, organisation=p.group_a
    )
    p.group_b_write = api_token_create(by=p.grace, name="B", scope=WRITE, organisation=p.group_b)
    p.priya_write = api_token_create(by=p.priya, name="Mosaic", scope=WRITE)
    p.priya_read = api_token_create(by=p.priya, name="Reports", scope=READ)
    p.olu_write = api_token_create(by=p.olu, name="Olu's", scope=WRITE)
    return p


def api(created: tuple[ApiToken, str] | None) -> Api:
    return Api(created[1] if created else None)


def new_referral_body(service, **overrides) -> dict:
    body = {
        "service": str(service.pk),
        "person": {
            "name": "Jas",
            "contact_methods": ["sms", "phone_call"],
            "phone": "07700 900123",
            "age": 42,
            "gender": "men",
            "help_wanted": "Would like to meet others",
        },
        "consent": {"share_with_group": True, "method": "verbal"},
    }
    body.update(overrides)
    return body


# --- Tokens ------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_stored_as_a_hash(world):
    token, clear_text = world.priya_write
    assert clear_text.startswith("fyp_") and len(clear_text) > 40
    assert token.prefix == clear_text[:12]
    assert token.token_hash == hashlib.sha256(clear_text.encode()).hexdigest()
    assert not ApiToken.objects.filter(token_hash=clear_text).exists()
    stored = ApiToken.objects.values_list("name", "prefix", "token_hash", "scope")
    assert clear_text not in str(list(stored))


def test_only_approved_professionals_and_group_admins_create_tokens(world):
    world.olu.professional_status = ProfessionalStatus.PENDING_APPROVAL
    world.olu.save()
    for somebody in (world.olu, world.dev, world.cam):
        with pytest.raises(services.NotPermitted):
            api_token_create(by=somebody, name="x", scope=READ)
    member = UserFactory()
    OrganisationMembership.objects.create(organisation=world.group_a, user=member)
    for somebody in (member, world.grace, world.priya):
        with pytest.raises(services.NotPermitted):
            api_token_create(by=somebody, name="x", scope=READ, organisation=world.group_a)
    with pytest.raises(services.IncompleteDetails):
        api_token_create(by=world.priya, name="  ", scope=READ)
    with pytest.raises(services.IncompleteDetails):
        api_token_create(by=world.priya, name="x", scope="admin")


def test_anonymous_and_unknown_tokens_get_401(world):
    for client in (Api(None), Api("fyp_00000000_nope"), Api("not-even-ours")):
        response = client.get("referrals/")
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["code"] in ("not_authenticated", "authentication_failed")
    response = Client().get("/api/v1/referrals/", headers={"Authorization": "Bearer a b"})
    assert response.status_code == 401


def test_a_revoked_token_gets_401(world):
    client = api(world.group_a_write)
    assert client.get("referrals/").status_code == 200
    api_token_revoke(token=world.group_a_write[0], by=world.dev)
    assert client.get("referrals/").status_code == 401
    assert client.post(f"referrals/{world.referral.pk}/open/").status_code == 401


def test_only_the_owner_revokes(world):
    with pytest.raises(services.NotPermitted):
        api_token_revoke(token=world.priya_write[0], by=world.olu)
    with pytest.raises(services.NotPermitted):
        api_token_revoke(token=world.group_a_write[0], by=world.grace)
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 0


def test_a_groups_token_stops_when_its_creator_leaves_the_group(world):
    client = api(world.group_a_write)
    OrganisationMembership.objects.filter(user=world.dev).delete()
    response = client.get("referrals/")
    assert response.status_code == 401
    assert "left the group" in response.json()["detail"]


def test_a_token_stops_when_its_owner_is_closed_or_no_longer_approved(world):
    world.dev.is_active = False
    world.dev.save()
    assert api(world.group_a_write).get("referrals/").status_code == 401
    world.priya.professional_status = ProfessionalStatus.REJECTED
    world.priya.save()
    client = api(world.priya_write)
    assert client.get("referrals/").status_code == 401
    assert client.post("referrals/", new_referral_body(world.service_a)).status_code == 401


def test_last_used_is_recorded_cheaply(world):
    token, clear_text = world.priya_read
    assert token.last_used_at is None
    Api(clear_text).get("token/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    Api(clear_text).get("token/")
    token.refresh_from_db()
    assert token.last_used_at == first  # within five minutes: no second write


def test_token_endpoint_says_what_the_token_is(world):
    body = api(world.group_a_read).get("token/").json()
    assert body["name"] == "Dashboard" and body["scope"] == "read"
    assert body["organisation"]["name"] == world.group_a.name
    assert body["acts_as"] == "dev"
    body = api(world.priya_write).get("token/").json()
    assert body["organisation"] is None and body["acts_as"] == "priya"


def test_the_api_is_not_sent_to_a_language_address(world):
    """Integrations send whatever Accept-Language their HTTP library sends."""
    client = api(world.group_a_read)
    client.headers["Accept-Language"] = "ur,en;q=0.5"
    assert client.get("referrals/").status_code == 200


# --- Reading -----------------------------------------------------------------------------


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def test_a_groups_token_lists_its_inbox_and_nothing_else(world):
    assert ids(api(world.group_a_read).get("referrals/")) == {world.referral.pk, world.self_made.pk}
    assert ids(api(world.group_b_write).get("referrals/")) == {world.to_b.pk}


def test_a_professionals_token_lists_their_own_referrals(world):
    assert ids(api(world.priya_read).get("referrals/")) == {world.referral.pk, world.to_b.pk}
    assert ids(api(world.olu_write).get("referrals/")) == set()


def test_lists_carry_no_personal_details_and_log_nothing(world):
    body = api(world.group_a_read).get("referrals/").json()
    assert body["count"] == 2 and body["total_pages"] == 1
    assert "Jas" not in json.dumps(body)
    assert "person" not in body["results"][0]
    assert not ReferralAccessLog.objects.exists()


def test_lists_filter_and_page(world):
    client = api(world.group_a_read)
    assert ids(client.get("referrals/", status="submitted")) == {
        world.referral.pk,
        world.self_made.pk,
    }
    assert ids(client.get("referrals/", status="accepted")) == set()
    page = client.get("referrals/", per_page=1, page=2).json()
    assert page["count"] == 2 and page["total_pages"] == 2 and len(page["results"]) == 1
    assert client.get("referrals/", page=9).json()["results"] == []
    assert ids(client.get("referrals/", changed_after="2999-01-01T00:00:00Z")) == set()
    bad = client.get("referrals/", per_page=1000, status="nonsense", changed_after="soon")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"per_page", "status.0", "changed_after"}


def test_a_groups_read_is_logged_with_reason_api(world):
    response = api(world.group_a_read).get(f"referrals/{world.referral.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["person"]["name"] == "Jas" and body["person"]["phone"] == "07700 900123"
    assert body["referrer"]["name"] == "priya"
    assert [e["to_status"] for e in body["events"]] == ["submitted"]
    log = ReferralAccessLog.objects.get()
    assert (log.user, log.role, log.reason) == (world.dev, ActorRole.GROUP, "api")


def test_the_referrers_read_is_not_logged(world):
    response = api(world.priya_read).get(f"referrals/{world.referral.pk}/")
    assert response.status_code == 200
    assert not ReferralAccessLog.objects.exists()


@pytest.mark.parametrize(
    ("token", "referral"),
    [
        ("group_b_write", "referral"),  # another group
        ("group_a_read", "to_b"),  # Dev's group's token, another group's referral
        ("group_a_read", "unconfirmed_peer"),  # the person has not confirmed yet
        ("olu_write", "referral"),  # another professional
        ("priya_read", "self_made"),  # not hers
    ],
)
def test_referrals_a_token_may_not_see_are_404(world, token, referral):
    pk = getattr(world, referral).pk
    response = api(getattr(world, token)).get(f"referrals/{pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not ReferralAccessLog.objects.exists()


def test_a_group_token_does_not_reach_the_creators_other_groups(world):
    """Dev also joins group B: group A's token still sees only group A's referrals."""
    OrganisationMembership.objects.create(organisation=world.group_b, user=world.dev)
    client = api(world.group_a_write)
    assert ids(client.get("referrals/")) == {world.referral.pk, world.self_made.pk}
    assert client.get(f"referrals/{world.to_b.pk}/").status_code == 404
    assert client.post(f"referrals/{world.to_b.pk}/open/").status_code == 404
    assert not ReferralAccessLog.objects.exists()


@pytest.mark.parametrize("pk", ["abc", "0", "-1", "99999999999999999999999", "999999"])
def test_malformed_and_missing_ids_are_json_404s(world, pk):
    response = api(world.group_a_read).get(f"referrals/{pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- Making a referral -------------------------------------------------------------------


def test_priya_makes_a_referral(world):
    response = api(world.priya_write).post("referrals/", new_referral_body(world.service_a))
    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get(pk=body["id"])
    assert referral.referrer == world.priya and referral.status == Status.SUBMITTED
    assert body["status"] == "submitted" and body["person"]["name"] == "Jas"
    assert body["url"].endswith(f"/api/v1/referrals/{referral.pk}/")
    assert referral.consents.get().method == "verbal"
    # The group sees it in its inbox.
    assert referral.pk in ids(api(world.group_a_read).get("referrals/"))


def test_a_read_token_cannot_write(world):
    response = api(world.priya_read).post("referrals/", new_referral_body(world.service_a))
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    response = api(world.group_a_read).post(f"referrals/{world.referral.pk}/open/")
    assert response.status_code == 403
    assert not Referral.objects.filter(status=Status.OPENED).exists()


def test_a_groups_token_cannot_make_referrals(world):
    response = api(world.group_a_write).post("referrals/", new_referral_body(world.service_a))
    assert response.status_code == 403
    assert Referral.objects.count() == 4


def test_an_unapproved_professional_cannot_make_referrals(world):
    """Their token stops working (401); and the service refuses them anyway (403)."""
    world.priya.professional_status = ProfessionalStatus.PENDING_APPROVAL
    world.priya.save()
    response = api(world.priya_write).post("referrals/", new_referral_body(world.service_a))
    assert response.status_code == 401
    assert Referral.objects.count() == 4


def test_bad_json_is_400(world):
    response = api(world.priya_write).post("referrals/", raw="{not json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    response = api(world.priya_write).post("referrals/", raw="[1, 2]")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_field_errors_are_400_by_field(world):
    body = new_referral_body(world.service_a)
    body["person"] = {"contact_methods": ["carrier_pigeon"], "age": 200}
    body["consent"] = {"method": "telepathy"}
    del body["service"]
    response = api(world.priya_write).post("referrals/", body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {
        "service",
        "person.name",
        "person.contact_methods.0",
        "person.age",
        "consent.share_with_group",
        "consent.method",
    } <= set(errors)
    assert Referral.objects.count() == 4


def test_an_unknown_service_is_a_field_error(world):
    body = {**new_referral_body(world.service_a), "service": str(uuid.uuid4())}
    response = api(world.priya_write).post("referrals/", body)
    assert response.status_code == 400
    assert "service" in response.json()["errors"]


def test_incomplete_contact_details_are_400(world):
    body = new_referral_body(world.service_a)
    body["person"]["contact_methods"] = ["email"]
    response = api(world.priya_write).post("referrals/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "incomplete_details"


def test_no_consent_route_or_eligibility_is_422_with_the_reason(world):
    client = api(world.priya_write)
    no_consent = new_referral_body(
        world.service_a, consent={"share_with_group": False, "method": "verbal"}
    )
    self_only = ServiceFactory(organisation=world.group_a, referral_routes=["self"])
    women = new_referral_body(world.service_a)
    women["person"]["gender"] = "women"
    cases = [
        (no_consent, "consent_required", "agrees"),
        (new_referral_body(self_only), "route_not_allowed", "professionals"),
        (women, "not_eligible", "may not be right"),
    ]
    for body, code, words in cases:
        response = client.post("referrals/", body)
        assert response.status_code == 422, response.content
        assert response.json()["code"] == code
        assert words in response.json()["detail"]
    assert Referral.objects.count() == 4
    women["eligibility_reason"] = "Jas is a trans woman and the group welcomes her"
    assert client.post("referrals/", women).status_code == 201


# --- Moving through the lifecycle -------------------------------------------------------


def test_the_group_works_a_referral_to_the_end(world):
    client = api(world.group_a_write)
    pk = world.referral.pk
    steps = [
        ("open", {}, "opened"),
        ("accept", {"note": "Will ring on Tuesday"}, "accepted"),
        ("contacted", {}, "contacted"),
        ("met", {"note": "Came to the Thursday group"}, "met"),
        ("close", {"outcome": "getting_support"}, "closed"),
    ]
    for move, body, status in steps:
        response = client.post(f"referrals/{pk}/{move}/", body)
        assert response.status_code == 200, (move, response.content)
        assert response.json()["status"] == status
    referral = Referral.objects.get(pk=pk)
    assert referral.outcome == "getting_support"
    events = list(referral.events.values_list("to_status", "actor", "actor_role"))
    assert events[1:] == [(s, world.dev.pk, ActorRole.GROUP) for _m, _b, s in steps]
    assert response.json()["events"][2]["note"] == "Will ring on Tuesday"


def test_waitlist_and_decline_with_a_reason(world):
    client = api(world.group_a_write)
    pk = world.referral.pk
    client.post(f"referrals/{pk}/open/")
    assert client.post(f"referrals/{pk}/waitlist/").json()["status"] == "waiting_list"
    response = client.post(f"referrals/{pk}/decline/", {"reason": "other"})
    assert response.status_code == 400
    assert response.json()["code"] == "incomplete_details"
    response = client.post(f"referrals/{pk}/decline/", {"reason": "sometimes"})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = client.post(f"referrals/{pk}/decline/", {"reason": "no_capacity"})
    assert response.status_code == 200
    assert response.json()["decline_reason"] == "no_capacity"


def test_an_invalid_move_is_409(world):
    client = api(world.group_a_write)
    response = client.post(f"referrals/{world.referral.pk}/accept/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert "cannot be marked as accepted" in body["detail"]
    assert Referral.objects.get(pk=world.referral.pk).status == Status.SUBMITTED


def test_closing_as_rerouted_is_not_offered(world):
    client = api(world.group_a_write)
    response = client.post(f"referrals/{world.referral.pk}/close/", {"outcome": "rerouted"})
    assert response.status_code == 400 and "outcome" in response.json()["errors"]


def test_another_groups_token_cannot_move_a_referral(world):
    response = api(world.group_b_write).post(f"referrals/{world.referral.pk}/open/")
    assert response.status_code == 404
    assert Referral.objects.get(pk=world.referral.pk).status == Status.SUBMITTED


def test_a_professionals_token_cannot_make_the_groups_moves(world):
    response = api(world.priya_write).post(f"referrals/{world.referral.pk}/open/")
    assert response.status_code == 403
    assert Referral.objects.get(pk=world.referral.pk).status == Status.SUBMITTED


def test_withdrawing_is_not_the_apis(world):
    response = api(world.priya_write).post(f"referrals/{world.referral.pk}/withdraw/")
    assert response.status_code == 404


# --- Notes -------------------------------------------------------------------------------


def test_the_group_keeps_internal_notes_only_it_sees(world):
    pk = world.referral.pk
    response = api(world.group_a_write).post(f"referrals/{pk}/notes/", {"text": "Prefers Dev"})
    assert response.status_code == 201
    assert ReferralNote.objects.get().text == "Prefers Dev"
    group_view = api(world.group_a_read).get(f"referrals/{pk}/").json()
    assert [n["text"] for n in group_view["notes"]] == ["Prefers Dev"]
    assert api(world.priya_read).get(f"referrals/{pk}/").json()["notes"] == []
    assert api(world.priya_write).post(f"referrals/{pk}/notes/", {"text": "x"}).status_code == 403
    assert api(world.group_b_write).post(f"referrals/{pk}/notes/", {"text": "x"}).status_code == 404
    response = api(world.group_a_write).post(f"referrals/{pk}/notes/", {"text": ""})
    assert response.status_code == 400
    assert ReferralNote.objects.count() == 1


# --- The OpenAPI document ----------------------------------------------------------------


def test_the_schema_describes_v1_with_bearer_tokens(client):
    response = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    document = json.loads(response.content)
    assert "/api/v1/referrals/" in document["paths"]
    assert "/api/v1/referrals/{id}/close/" in document["paths"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert client.get("/api/docs/").status_code == 200


def test_the_schema_generates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


# --- The token pages ---------------------------------------------------------------------


def org_tokens_url(organisation) -> str:
    return reverse("referrals:organisation_api_tokens", args=[organisation.pk])


def signed_in(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def test_a_group_admin_creates_a_token_shown_once(world):
    client = signed_in(world.dev)
    url = org_tokens_url(world.group_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Our CRM", "scope": "write"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get(name="Our CRM")
    clear_text = response.context["created"][1]
    assert clear_text in response.content.decode()
    assert token.organisation == world.group_a and token.created_by == world.dev
    assert token.token_hash == hashlib.sha256(clear_text.encode()).hexdigest()
    # It works, as the group.
    assert ids(Api(clear_text).get("referrals/")) == {world.referral.pk, world.self_made.pk}
    # Never shown again: only its first characters.
    page = client.get(url).content.decode()
    assert clear_text not in page and token.prefix in page


def test_a_token_form_with_errors_says_what_is_wrong(world):
    response = signed_in(world.dev).post(org_tokens_url(world.group_a), {"name": "", "scope": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Say what will use this token." in content
    assert "Choose what the token may do." in content
    assert ApiToken.objects.count() == 6


def test_a_group_admin_revokes_a_token(world):
    token, clear_text = world.group_a_write
    url = reverse("referrals:organisation_api_token_revoke", args=[world.group_a.pk, token.pk])
    response = signed_in(world.dev).post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Api(clear_text).get("referrals/").status_code == 401


def test_only_the_groups_admins_reach_its_token_pages(world):
    member = UserFactory(username="sunil")
    OrganisationMembership.objects.create(organisation=world.group_a, user=member)
    token = world.group_a_write[0]
    revoke = reverse("referrals:organisation_api_token_revoke", args=[world.group_a.pk, token.pk])
    for outsider in (member, world.grace, world.priya, world.ada):
        client = signed_in(outsider)
        assert client.get(org_tokens_url(world.group_a)).status_code == 404
        post = client.post(org_tokens_url(world.group_a), {"name": "x", "scope": "write"})
        assert post.status_code == 404
        assert client.post(revoke).status_code == 404
    assert ApiToken.objects.count() == 6
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_another_groups_token_cannot_be_revoked_through_your_group(world):
    other = world.group_b_write[0]
    url = reverse("referrals:organisation_api_token_revoke", args=[world.group_a.pk, other.pk])
    assert signed_in(world.dev).post(url).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_token_pages_need_a_second_factor(world):
    unverified = Client()
    unverified.force_login(world.dev)
    for url in (org_tokens_url(world.group_a), reverse("referrals:my_api_tokens")):
        response = unverified.get(url)
        assert response.status_code == 302
        assert "/accounts/" in response.headers["Location"]
        response = unverified.post(url, {"name": "x", "scope": "write"})
        assert response.status_code == 302
    anonymous = Client().get(reverse("referrals:my_api_tokens"))
    assert anonymous.status_code == 302 and "sign-in" in anonymous.headers["Location"]
    assert ApiToken.objects.count() == 6


def test_a_professional_creates_and_revokes_their_own_token(world):
    client = signed_in(world.priya)
    url = reverse("referrals:my_api_tokens")
    response = client.post(url, {"name": "Mosaic 2", "scope": "read"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Mosaic 2")
    clear_text = response.context["created"][1]
    assert token.user == world.priya and token.organisation is None
    assert ids(Api(clear_text).get("referrals/")) == {world.referral.pk, world.to_b.pk}
    assert clear_text not in client.get(url).content.decode()
    revoke = reverse("referrals:my_api_token_revoke", args=[token.pk])
    assert client.post(revoke).status_code == 302
    assert Api(clear_text).get("referrals/").status_code == 401


def test_only_approved_professionals_make_their_own_tokens(world):
    url = reverse("referrals:my_api_tokens")
    for somebody in (world.dev, world.cam):
        client = signed_in(somebody)
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "x", "scope": "write"}).status_code == 403
    assert ApiToken.objects.count() == 6


def test_a_professional_cannot_revoke_someone_elses_token(world):
    token = world.priya_write[0]
    revoke = reverse("referrals:my_api_token_revoke", args=[token.pk])
    for somebody in (world.olu, world.dev):
        assert signed_in(somebody).post(revoke).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
