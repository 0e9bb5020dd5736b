"""Professional sign-up, email confirmation, approval by curators and the domain allow-list."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import selectors, services
from accounts.models import AllowedEmailDomain, ProfessionalStatus, User
from accounts.testing import login_verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 2026"
SITE = "http://testserver/"


@pytest.fixture
def cam():
    return UserFactory(username="cam", is_curator=True)


@pytest.fixture
def ada():
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def dev():
    return UserFactory(username="dev")


@pytest.fixture
def priya():
    return UserFactory(username="priya", professional_status=ProfessionalStatus.APPROVED)


def sign_up(email: str = "sam@social.wigan.gov.uk") -> User | None:
    return services.professional_sign_up(
        email=email,
        password=PASSWORD,
        display_name="Sam Social",
        job_title="Social worker",
        employer="Wigan Council",
        site_url=SITE,
    )


def link_token() -> str:
    return re.search(r"/accounts/confirm/([^/\s]+)/", mail.outbox[-1].body).group(1)


def test_sign_up_creates_an_inactive_account_and_emails_a_link():
    user = sign_up()
    assert user.is_active is False
    assert user.professional_status == ProfessionalStatus.PENDING_CONFIRMATION
    assert user.work_email == "sam@social.wigan.gov.uk"
    assert user.check_password(PASSWORD)
    assert mail.outbox[0].to == ["sam@social.wigan.gov.uk"]
    assert "http://testserver/accounts/confirm/" in mail.outbox[0].body


def test_confirming_with_an_allowed_domain_approves_at_once(cam):
    services.allowed_domain_add(domain="wigan.gov.uk", by=cam)
    sign_up()
    user = services.professional_confirm_email(token=link_token())
    assert user.is_active
    assert user.professional_status == ProfessionalStatus.APPROVED
    assert user.email_confirmed_at is not None


def test_confirming_with_another_domain_waits_for_a_curator():
    sign_up("sam@example.org")
    user = services.professional_confirm_email(token=link_token())
    assert user.is_active
    assert user.professional_status == ProfessionalStatus.PENDING_APPROVAL
    assert list(selectors.professionals_pending_approval()) == [user]


def test_a_confirmation_link_works_once():
    sign_up("sam@example.org")
    token = link_token()
    services.professional_confirm_email(token=token)
    with pytest.raises(services.InvalidToken):
        services.professional_confirm_email(token=token)


def test_an_expired_or_altered_link_is_refused(settings):
    sign_up("sam@example.org")
    token = link_token()
    with pytest.raises(services.InvalidToken):
        services.professional_confirm_email(token=token[:-2] + "xx")
    settings.ACCOUNTS_CONFIRM_MAX_AGE = -1
    with pytest.raises(services.InvalidToken):
        services.professional_confirm_email(token=token)


def test_a_link_signed_for_something_else_is_refused():
    user = sign_up("sam@example.org")
    token = signing.dumps({"u": user.pk, "e": user.email}, salt="something.else")
    with pytest.raises(services.InvalidToken):
        services.professional_confirm_email(token=token)


def test_signing_up_again_does_not_reveal_or_duplicate_accounts(priya):
    assert sign_up(priya.email) is None
    assert User.objects.filter(email__iexact=priya.email).count() == 1
    assert "already have" in mail.outbox[-1].body


def test_signing_up_again_before_confirming_resends_the_link():
    sign_up("sam@example.org")
    assert sign_up("SAM@example.org") is None
    assert len(mail.outbox) == 2
    assert "/accounts/confirm/" in mail.outbox[1].body


def test_weak_passwords_are_refused():
    with pytest.raises(ValidationError):
        services.professional_sign_up(
            email="sam@example.org",
            password="password123",
            display_name="Sam",
            job_title="GP",
            employer="A practice",
            site_url=SITE,
        )


@pytest.mark.parametrize(
    ("domain", "allowed"),
    [
        ("wigan.gov.uk", True),
        ("social.wigan.gov.uk", True),
        ("WIGAN.GOV.UK", True),
        ("notwigan.gov.uk", False),
        ("wigan.gov.uk.evil.example", False),
        ("gov.uk", False),
    ],
)
def test_allow_list_matches_the_domain_and_its_subdomains(domain, allowed):
    AllowedEmailDomain.objects.create(domain="wigan.gov.uk")
    assert selectors.email_domain_is_allowed(domain=domain) is allowed


def test_curator_approves_and_rejects(cam):
    waiting = [sign_up(f"p{n}@example.org") for n in range(2)]
    for user in waiting:
        services.professional_confirm_email(token=signing_token_for(user))
    approved = services.professional_approve(user=waiting[0], by=cam)
    assert approved.professional_status == ProfessionalStatus.APPROVED
    assert approved.professional_decided_by == cam
    rejected = services.professional_reject(user=waiting[1], by=cam, reason="Not a work address")
    assert rejected.professional_status == ProfessionalStatus.REJECTED
    assert "Not a work address" in mail.outbox[-1].body
    assert not selectors.professionals_pending_approval().exists()


def signing_token_for(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=services.CONFIRM_SALT)


@pytest.mark.parametrize("persona", ["dev", "priya"])
def test_non_curators_cannot_decide(persona, request):
    actor = request.getfixturevalue(persona)
    user = sign_up("sam@example.org")
    services.professional_confirm_email(token=signing_token_for(user))
    with pytest.raises(PermissionDenied):
        services.professional_approve(user=user, by=actor)
    with pytest.raises(PermissionDenied):
        services.professional_reject(user=user, by=actor, reason="no")
    with pytest.raises(PermissionDenied):
        services.allowed_domain_add(domain="example.org", by=actor)


def test_admin_may_decide(ada):
    user = sign_up("sam@example.org")
    services.professional_confirm_email(token=signing_token_for(user))
    assert services.professional_approve(user=user, by=ada).professional_status == "approved"


def test_rejecting_needs_a_reason_and_a_decision_is_made_once(cam):
    user = sign_up("sam@example.org")
    services.professional_confirm_email(token=signing_token_for(user))
    with pytest.raises(ValidationError):
        services.professional_reject(user=user, by=cam, reason="  ")
    services.professional_approve(user=user, by=cam)
    with pytest.raises(ValidationError):
        services.professional_reject(user=user, by=cam, reason="changed my mind")


# --- Pages -----------------------------------------------------------------------------


def test_sign_up_pages_end_to_end(client, cam):
    AllowedEmailDomain.objects.create(domain="wigan.gov.uk")
    response = client.post(
        "/accounts/sign-up/",
        {
            "display_name": "Sam Social",
            "email": "sam@wigan.gov.uk",
            "job_title": "Social worker",
            "employer": "Wigan Council",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-up/check-your-email/"
    confirm_url = re.search(r"http://testserver(/accounts/confirm/\S+)", mail.outbox[0].body)[1]
    page = client.get(confirm_url)
    assert page.status_code == 200
    # Following the link is not enough (mail scanners follow links): the button confirms.
    assert User.objects.get(email="sam@wigan.gov.uk").is_active is False
    response = client.post(confirm_url)
    assert b"your professional account is ready" in response.content
    assert User.objects.get(email="sam@wigan.gov.uk").professional_status == "approved"
    assert client.post(confirm_url).status_code == 400


def test_sign_up_page_shows_errors_for_weak_or_mismatched_passwords(client):
    response = client.post(
        "/accounts/sign-up/",
        {
            "display_name": "Sam",
            "email": "sam@example.org",
            "job_title": "GP",
            "employer": "Practice",
            "new_password1": "12345678901234",
            "new_password2": "12345678901234",
        },
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"entirely numeric" in response.content
    assert not User.objects.filter(email="sam@example.org").exists()


def test_curator_page_approves_rejects_and_manages_domains(client, cam):
    login_verified(client, cam)
    waiting = [sign_up(f"p{n}@example.org") for n in range(2)]
    for user in waiting:
        services.professional_confirm_email(token=signing_token_for(user))
    page = client.get("/accounts/curate/professionals/")
    assert page.status_code == 200
    assert b"p0@example.org" in page.content
    assert (
        client.post(f"/accounts/curate/professionals/{waiting[0].pk}/approve/").status_code == 302
    )
    missing_reason = client.post(f"/accounts/curate/professionals/{waiting[1].pk}/reject/")
    assert missing_reason.status_code == 400
    assert b"Enter a reason" in missing_reason.content
    client.post(
        f"/accounts/curate/professionals/{waiting[1].pk}/reject/",
        {f"p{waiting[1].pk}-reason": "Please use your work address"},
    )
    statuses = dict(
        User.objects.filter(pk__in=[u.pk for u in waiting]).values_list("pk", "professional_status")
    )
    assert statuses == {waiting[0].pk: "approved", waiting[1].pk: "rejected"}
    # Decided people are no longer found: a second decision is a 404.
    assert (
        client.post(f"/accounts/curate/professionals/{waiting[0].pk}/approve/").status_code == 404
    )

    client.post(
        "/accounts/curate/professionals/domains/", {"domain": "@Wigan.gov.uk", "note": "council"}
    )
    domain = AllowedEmailDomain.objects.get()
    assert domain.domain == "wigan.gov.uk" and domain.added_by == cam
    assert (
        client.post("/accounts/curate/professionals/domains/", {"domain": "nodot"}).status_code
        == 400
    )
    client.post(f"/accounts/curate/professionals/domains/{domain.pk}/remove/")
    assert not AllowedEmailDomain.objects.exists()


@pytest.mark.parametrize("persona", ["dev", "priya"])
def test_non_curators_are_refused_the_curator_pages_even_by_url(client, persona, request):
    actor = request.getfixturevalue(persona)
    login_verified(client, actor)
    user = sign_up("sam@example.org")
    services.professional_confirm_email(token=signing_token_for(user))
    domain = AllowedEmailDomain.objects.create(domain="example.org")
    assert client.get("/accounts/curate/professionals/").status_code == 403
    assert client.post(f"/accounts/curate/professionals/{user.pk}/approve/").status_code == 403
    assert (
        client.post(
            f"/accounts/curate/professionals/{user.pk}/reject/", {f"p{user.pk}-reason": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post("/accounts/curate/professionals/domains/", {"domain": "x.org"}).status_code
        == 403
    )
    assert (
        client.post(f"/accounts/curate/professionals/domains/{domain.pk}/remove/").status_code
        == 403
    )
    user.refresh_from_db()
    assert user.professional_status == ProfessionalStatus.PENDING_APPROVAL
    assert AllowedEmailDomain.objects.count() == 1


def test_anonymous_is_sent_to_sign_in_from_curator_pages(client):
    response = client.get("/accounts/curate/professionals/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=")
    assert client.post("/accounts/curate/professionals/1/approve/").status_code == 302


def test_curator_without_a_verified_session_is_sent_to_verify(client, cam):
    client.force_login(cam)
    response = client.get("/accounts/curate/professionals/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/mfa/set-up/")
