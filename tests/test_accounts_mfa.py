"""Signing in with a second factor, MFA enforcement by role, recovery codes, re-authentication."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import access, services
from accounts.models import ProfessionalStatus, User
from accounts.testing import login_verified, totp_code, totp_device_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def priya():
    return UserFactory(username="priya", professional_status=ProfessionalStatus.APPROVED)


@pytest.fixture
def dev():
    return UserFactory(username="dev")


@pytest.fixture
def grace():
    return UserFactory(username="grace")


@pytest.fixture
def cam():
    return UserFactory(username="cam", is_curator=True)


@pytest.fixture
def ada():
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


def sign_in(client, user, password=PASSWORD, next_url=""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/sign-in/", data)


# --- Roles -----------------------------------------------------------------------------


def test_who_must_use_mfa(priya, dev, cam, ada):
    assert access.user_needs_mfa(priya)
    assert access.user_needs_mfa(cam)
    assert access.user_needs_mfa(ada)
    assert not access.user_needs_mfa(dev)
    pending = UserFactory(professional_status=ProfessionalStatus.PENDING_APPROVAL)
    assert not access.user_needs_mfa(pending)


def test_other_apps_add_mfa_rules_by_setting(settings, dev):
    settings.ACCOUNTS_MFA_REQUIRED_IF = [
        *settings.ACCOUNTS_MFA_REQUIRED_IF,
        "tests.test_accounts_mfa.is_dev",
    ]
    assert access.user_needs_mfa(User.objects.get(pk=dev.pk))


def is_dev(user) -> bool:
    return user.username == "dev"


def test_role_helpers(priya, dev, cam, ada):
    assert [access.user_is_curator(u) for u in (priya, dev, cam, ada)] == [False, False, True, True]
    assert [access.user_is_approved_professional(u) for u in (priya, dev, cam)] == [
        True,
        False,
        False,
    ]
    priya.is_active = False
    assert not access.user_is_approved_professional(priya)


# --- Signing in ------------------------------------------------------------------------


def test_sign_in_without_a_device_for_someone_who_needs_none(client, dev):
    response = sign_in(client, dev)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    assert client.get("/accounts/").status_code == 200


def test_sign_in_by_email_address(client, dev):
    response = client.post(
        "/accounts/sign-in/", {"username": dev.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == dev.pk


def test_wrong_password_is_refused_in_plain_english(client, dev):
    response = sign_in(client, dev, password="wrong password here")
    assert response.status_code == 200
    assert b"Enter a correct email address or username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_unconfirmed_account_cannot_sign_in(client):
    user = UserFactory(is_active=False, professional_status=ProfessionalStatus.PENDING_CONFIRMATION)
    assert sign_in(client, user).status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_in_with_a_device_asks_for_a_code(client, priya):
    device = totp_device_for(priya)
    response = sign_in(client, priya, next_url="/accounts/curate/professionals/")
    assert response["Location"].startswith("/accounts/sign-in/code/?next=")
    # Signed in with a password only: every page but the code page and sign-out waits.
    assert client.get("/accounts/")["Location"].startswith("/accounts/sign-in/code/")
    assert client.get("/")["Location"].startswith("/accounts/sign-in/code/")
    assert client.get("/accounts/sign-out/").status_code == 200
    wrong = client.post("/accounts/sign-in/code/", {"code": "000000"})
    assert b"The code is not right" in wrong.content
    throttled = client.post("/accounts/sign-in/code/", {"code": totp_code_without_reset(device)})
    assert throttled.status_code == 200
    response = client.post(
        "/accounts/sign-in/code/", {"code": totp_code(device), "next": "/accounts/"}
    )
    assert response["Location"] == "/accounts/"
    assert client.get("/accounts/").status_code == 200


def totp_code_without_reset(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_totp_code_cannot_be_replayed(client, priya):
    device = totp_device_for(priya)
    code = totp_code(device)
    sign_in(client, priya)
    assert client.post("/accounts/sign-in/code/", {"code": code})["Location"] == "/accounts/"
    client.post("/accounts/sign-out/")
    sign_in(client, priya)
    again = client.post("/accounts/sign-in/code/", {"code": code})
    assert again.status_code == 200


def test_recovery_codes_work_once(client, priya):
    totp_device_for(priya)
    codes = services.recovery_codes_regenerate(user=priya)
    assert len(codes) == 10 and len(set(codes)) == 10
    sign_in(client, priya)
    response = client.post("/accounts/sign-in/code/", {"code": codes[0].upper()})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=priya).count() == 9
    client.post("/accounts/sign-out/")
    sign_in(client, priya)
    reused = client.post("/accounts/sign-in/code/", {"code": codes[0]})
    assert reused.status_code == 200
    assert b"The code is not right" in reused.content


def test_sign_out_needs_post_and_ends_the_session(client, dev):
    login_verified(client, dev)
    assert client.get("/accounts/sign-out/").status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/accounts/sign-out/")
    assert "_auth_user_id" not in client.session


# --- Enforcement -----------------------------------------------------------------------


def _protected(request):
    return HttpResponse("secret referral data")


@pytest.mark.parametrize(
    ("decorator", "persona", "expected"),
    [
        (access.mfa_required, "priya", 200),
        (access.mfa_required, "dev", 200),
        (access.professional_required, "priya", 200),
        (access.professional_required, "dev", 403),
        (access.professional_required, "cam", 403),
        (access.curator_required, "cam", 200),
        (access.curator_required, "ada", 200),
        (access.curator_required, "priya", 403),
        (access.curator_required, "grace", 403),
    ],
)
def test_decorators_by_persona_when_verified(client, decorator, persona, expected, request):
    user = request.getfixturevalue(persona)
    login_verified(client, user)
    http_request = _request_from(client)
    assert decorator(_protected)(http_request).status_code == expected


def _request_from(client):
    """A request carrying the client's session, through the project's middleware."""
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django_otp.middleware import OTPMiddleware

    request = RequestFactory().get("/referrals/")
    request.COOKIES = {key: morsel.value for key, morsel in client.cookies.items()}
    for middleware in (SessionMiddleware, AuthenticationMiddleware, OTPMiddleware):
        middleware(lambda r: None).process_request(request) if hasattr(
            middleware, "process_request"
        ) else middleware(lambda r: None)(request)
    return request


@pytest.mark.parametrize(
    "decorator", [access.mfa_required, access.professional_required, access.curator_required]
)
def test_decorators_send_the_anonymous_to_sign_in(client, decorator):
    request = _request_from(client)
    response = decorator(_protected)(request)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/referrals/"


def test_a_professional_without_mfa_cannot_reach_protected_views(client, priya):
    client.force_login(priya)
    response = access.professional_required(_protected)(_request_from(client))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/mfa/set-up/?next=/referrals/"
    assert b"secret" not in response.content


def test_a_signed_in_user_with_a_device_but_no_code_is_sent_to_the_code_page(client, priya):
    totp_device_for(priya)
    client.force_login(priya)
    assert not access.request_is_verified(_request_from(client))
    response = access.mfa_required(_protected)(_request_from(client))
    assert response["Location"] == "/accounts/sign-in/code/?next=/referrals/"


@pytest.mark.parametrize("persona", ["priya", "cam", "ada"])
def test_people_who_need_mfa_set_it_up_before_anything_else(client, persona, request):
    user = request.getfixturevalue(persona)
    response = sign_in(client, user)
    assert response["Location"] == "/accounts/"
    for path in ("/accounts/", "/", "/admin/", "/accounts/curate/professionals/"):
        gated = client.get(path)
        assert gated.status_code == 302, path
        assert gated["Location"].startswith("/accounts/mfa/set-up/"), path
    assert client.get("/accounts/sign-out/").status_code == 200
    assert client.get("/healthz").status_code == 200
    # Choosing a language is open too: it only sets a cookie and goes back.
    chosen = client.get("/language/pl/?next=/accounts/mfa/set-up/")
    assert chosen.status_code == 302
    assert not chosen["Location"].startswith("/accounts/mfa/set-up/?")


def test_someone_who_needs_no_mfa_is_not_gated(client, dev):
    sign_in(client, dev)
    assert client.get("/").status_code == 200


def test_setting_up_an_authenticator_app(client, priya):
    sign_in(client, priya)
    page = client.get("/accounts/mfa/set-up/")
    assert page.status_code == 200
    content = page.content.decode()
    # The QR code is inline SVG with presentation attributes only (CSP forbids styles).
    svg = re.search(r"<svg[^>]*>.*?</svg>", content, re.S)[0]
    assert 'role="img"' in svg and "<title>" in svg and "style" not in svg
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', content)[1].replace(" ", "")
    device = TOTPDevice.objects.get(user=priya, confirmed=False)
    from base64 import b32decode

    key = b32decode(secret + "=" * (-len(secret) % 8))
    assert key == device.bin_key
    wrong = client.post("/accounts/mfa/set-up/", {"code": "123456"})
    assert wrong.status_code == 200 and b"The code is not right" in wrong.content
    # A wrong code throttles the device for a moment (django-otp), so clear that.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    code = f"{TOTP(key).token():06d}"
    response = client.post("/accounts/mfa/set-up/", {"code": code})
    assert response["Location"].startswith("/accounts/mfa/recovery-codes/")
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page)
    assert len(codes) == 10
    # Shown once.
    assert client.get("/accounts/mfa/recovery-codes/")["Location"] == "/accounts/"
    assert TOTPDevice.objects.get(user=priya).confirmed
    assert access.request_is_verified(_request_from(client))
    assert client.get("/accounts/").status_code == 200


def test_the_setup_page_needs_a_recent_password(client, priya, settings):
    sign_in(client, priya)
    settings.ACCOUNTS_REAUTH_MAX_AGE = -1
    response = client.get("/accounts/mfa/set-up/")
    assert response["Location"].startswith("/accounts/confirm-it-is-you/")
    # The re-authentication page stays open to someone the gate sends to set up.
    assert client.get(response["Location"]).status_code == 200


# --- Re-authentication -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/accounts/password/", {}),
        ("get", "/accounts/email/", {}),
        ("post", "/accounts/mfa/remove/", {}),
        ("post", "/accounts/mfa/recovery-codes/new/", {}),
    ],
)
def test_changes_to_sign_in_details_need_re_authentication(client, priya, method, path, data):
    device = login_verified(client, priya)
    response = getattr(client, method)(path, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-it-is-you/?next=")
    page = client.get(response["Location"])
    assert b"Code" in page.content
    wrong = client.post(
        response["Location"], {"password": "not it at all", "code": totp_code(device)}
    )
    assert b"The password is not right" in wrong.content
    no_code = client.post(response["Location"], {"password": PASSWORD, "code": "000000"})
    assert b"The code is not right" in no_code.content
    ok = client.post(response["Location"], {"password": PASSWORD, "code": totp_code(device)})
    assert ok["Location"] == path
    assert getattr(client, method)(path, data).status_code in (200, 302)
    assert TOTPDevice.objects.filter(user=priya).exists() == (path != "/accounts/mfa/remove/")


def test_re_authentication_expires(client, priya, settings):
    device = login_verified(client, priya)
    client.post("/accounts/confirm-it-is-you/", {"password": PASSWORD, "code": totp_code(device)})
    assert client.get("/accounts/password/").status_code == 200
    settings.ACCOUNTS_REAUTH_MAX_AGE = -1
    assert client.get("/accounts/password/").status_code == 302


def test_changing_the_password_keeps_this_session_and_ends_others(client, priya):
    from django.test import Client

    other = Client()
    login_verified(other, priya)
    device = login_verified(client, priya)
    client.post("/accounts/confirm-it-is-you/", {"password": PASSWORD, "code": totp_code(device)})
    new = "a brand new long passphrase"
    response = client.post("/accounts/password/", {"new_password1": new, "new_password2": new})
    assert response.status_code == 200
    priya.refresh_from_db()
    assert priya.check_password(new)
    assert client.get("/accounts/").status_code == 200
    assert other.get("/accounts/").status_code == 302


def test_changing_email_needs_the_link_sent_to_the_new_address(client, priya, dev):
    from django.core import mail

    device = login_verified(client, priya)
    client.post("/accounts/confirm-it-is-you/", {"password": PASSWORD, "code": totp_code(device)})
    client.post("/accounts/email/", {"email": "priya@new.example"})
    assert mail.outbox[-1].to == ["priya@new.example"]
    link = re.search(r"http://testserver(/accounts/email/confirm/\S+)", mail.outbox[-1].body)[1]
    priya.refresh_from_db()
    assert priya.email == "priya@example.org"
    client.post(link)
    priya.refresh_from_db()
    assert priya.email == "priya@new.example"
    assert mail.outbox[-1].to == ["priya@example.org"]
    # The link only works once, and only for the account it was sent for.
    assert client.post(link).status_code == 400
    login_verified(client, dev)
    assert client.post(link).status_code == 400


def test_changing_to_an_address_in_use_changes_nothing(client, priya, dev):
    from django.core import mail

    device = login_verified(client, priya)
    client.post("/accounts/confirm-it-is-you/", {"password": PASSWORD, "code": totp_code(device)})
    response = client.post("/accounts/email/", {"email": dev.email})
    assert response.status_code == 200
    assert "/accounts/email/confirm/" not in mail.outbox[-1].body


# --- Admin -----------------------------------------------------------------------------


def test_admin_needs_a_second_factor(client, ada):
    login = client.get("/admin/")
    assert login["Location"].startswith("/admin/login/")
    assert client.get(login["Location"])["Location"].startswith("/accounts/sign-in/?next=/admin/")
    client.force_login(ada)
    assert client.get("/admin/").status_code == 302
    login_verified(client, ada)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_verified_non_staff_get_a_refusal_not_a_loop(client, cam):
    login_verified(client, cam)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403


def test_demo_mfa_prints_a_working_key_only_for_demos(settings, priya):
    from base64 import b32decode
    from io import StringIO

    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("demo_mfa", "priya")
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_mfa", "priya", stdout=out)
    secret = re.search(r"Key for priya: ([A-Z2-7]+)", out.getvalue())[1]
    device = TOTPDevice.objects.get(user=priya, confirmed=True)
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
