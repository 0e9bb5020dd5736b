"""Signing in with a password and an authenticator app in a real browser, and setting one up."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from accounts.models import ProfessionalStatus
from accounts.testing import login_verified_browser
from tests.browser.support import assert_no_axe_violations
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct horse battery staple"


def _code_for(secret: str) -> str:
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def test_professional_sets_up_mfa_then_signs_in_with_a_code(page, live_server, recording):
    UserFactory(username="priya", professional_status=ProfessionalStatus.APPROVED)

    page.goto(f"{live_server.url}/accounts/sign-up/")
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert_no_axe_violations(page)
    page.get_by_label("Email address or username").fill("priya")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    # An approved professional must set up MFA before anything else.
    page.wait_for_url(re.compile(r"/accounts/mfa/set-up/"))
    assert page.locator("svg.app-qr").is_visible()
    assert_no_axe_violations(page)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(_code_for(secret))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r"/accounts/mfa/recovery-codes/"))
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_axe_violations(page)
    page.get_by_role("link", name="I have saved my codes").click()
    page.wait_for_url(re.compile(r"/accounts/$"))

    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", name="You have signed out").is_visible()

    # Signing in again asks for a code; the TOTP step from set-up was used, so a
    # recovery code stands in (and checks that route).
    page.goto(f"{live_server.url}/accounts/sign-in/?next=/accounts/")
    page.get_by_label("Email address or username").fill("priya")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/accounts/sign-in/code/"))
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/accounts/$"))
    assert page.get_by_role("heading", name="Your account").is_visible()
    assert "9 recovery codes left" in page.content()
    assert recording.foreign_requests() == []
    assert recording.errors == []


def test_login_verified_browser_helper(page, live_server):
    cam = UserFactory(username="cam", is_curator=True)
    login_verified_browser(page, live_server.url, cam, PASSWORD)
    page.goto(f"{live_server.url}/accounts/curate/professionals/")
    assert page.get_by_role("heading", name="Professionals waiting for approval").is_visible()
    assert_no_axe_violations(page)
