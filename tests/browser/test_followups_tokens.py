"""One-tap follow-up pages and the API token page in a real browser, axe on each page:
the person answers "Have you been in touch?" and the 8-week questions through the links
they were sent (no account); Priya creates an API token, sees it once, and revokes it."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.testing import login_verified_browser
from referrals.models import ApiToken, CheckinAnswer, ExperienceAnswer, WellbeingAnswer
from tests.browser.support import assert_no_axe_violations
from tests.test_followups import accepted, at, link_token, met, run
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    make_referral_personas,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def checked(page) -> None:
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)


def test_the_person_answers_the_check_in_and_the_eight_week_questions(
    browser_context_factory, live_server
):
    p = make_referral_personas()
    page = browser_context_factory().new_page()

    referral = accepted(p, at(1))
    run(at(15))
    page.goto(f"{live_server.url}/f/{link_token(referral, 'checkin')}/not-yet/")
    checked(page)
    assert page.get_by_label("Not yet").is_checked()
    page.get_by_role("button", name="Send answer").click()
    page.wait_for_load_state("load")
    checked(page)
    assert CheckinAnswer.objects.get(referral=referral).answer == "not_yet"

    later = met(p, at(1))
    run(at(1) + dt.timedelta(weeks=8))
    page.goto(f"{live_server.url}/f/{link_token(later, 'experience')}/")
    checked(page)
    page.get_by_role(
        "group", name="Overall, how satisfied are you with your life nowadays?"
    ).get_by_label("7", exact=True).check()
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_load_state("load")
    checked(page)
    assert ExperienceAnswer.objects.filter(referral=later).exists()
    assert WellbeingAnswer.objects.get(referral=later).life_satisfaction == 7


def test_a_professional_creates_a_token_sees_it_once_and_revokes_it(
    browser_context_factory, live_server
):
    p = make_referral_personas()
    page = browser_context_factory().new_page()
    login_verified_browser(page, live_server.url, p.priya, PASSWORD)
    page.goto(f"{live_server.url}/referrals/")
    page.get_by_role("link", name="API tokens for your case-management system").click()
    page.wait_for_url("**/referrals/api-tokens/")
    checked(page)
    page.get_by_label("What will use this token?").fill("Case system")
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state("load")
    checked(page)
    shown = page.get_by_label("Copy the token now").input_value()
    token = ApiToken.objects.get()
    assert shown.startswith(token.prefix) and token.token_hash not in page.content()

    page.goto(f"{live_server.url}/referrals/api-tokens/")
    assert shown not in page.content()
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_load_state("load")
    checked(page)
    token.refresh_from_db()
    assert token.revoked_at is not None
