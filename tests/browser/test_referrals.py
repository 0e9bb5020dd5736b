"""Referrals in a real browser, axe on every page visited: (a) Priya refers someone from a
service page, Dev opens and accepts it from his group's inbox, Priya sees "Accepted";
(b) someone refers themselves, follows their private link and withdraws."""

from __future__ import annotations

import re

import pytest

from accounts.testing import login_verified_browser
from referrals.models import Referral, Status
from tests.browser.support import assert_no_axe_violations
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
    """Run axe once the page and its stylesheet have loaded."""
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)


def fill_person(page) -> None:
    page.get_by_label("Text message").check()
    page.get_by_label("Phone number (for calls or texts)").fill("07700 900123")
    page.get_by_label("When is it safe to contact").fill("Weekdays after 6pm")


def test_professional_refers_group_accepts(browser_context_factory, live_server):
    p = make_referral_personas()
    service = p.service_a

    priya = browser_context_factory().new_page()
    login_verified_browser(priya, live_server.url, p.priya, PASSWORD)
    priya.goto(f"{live_server.url}{service.get_absolute_url()}")
    priya.get_by_role("link", name="Ask to join or refer someone").click()
    priya.wait_for_url("**/refer/")
    checked(priya)
    priya.get_by_role("link", name="Make a professional referral").click()
    priya.wait_for_url("**/refer/professional/")
    checked(priya)
    priya.get_by_label("Name, or what they would like to be called").fill("Jas")
    fill_person(priya)
    priya.get_by_label("Given in conversation with the professional").check()
    priya.get_by_label("The person agrees to this").check()
    priya.get_by_role("button", name="Send referral").click()
    priya.wait_for_url(re.compile(r".*/referrals/\d+/$"))
    priya.get_by_text("Referral sent to").wait_for()
    checked(priya)
    referral = Referral.objects.get()

    dev = browser_context_factory().new_page()
    login_verified_browser(dev, live_server.url, p.dev, PASSWORD)
    dev.goto(f"{live_server.url}/manage/organisations/{p.group_a.pk}/")
    dev.get_by_role("link", name="Referrals (1 new)").click()
    dev.wait_for_url("**/referrals/")
    checked(dev)
    dev.get_by_role("link", name=f"Referral {referral.pk}").click()
    dev.wait_for_url(f"**/referrals/{referral.pk}/")
    checked(dev)
    dev.get_by_role("button", name="Accept").click()
    dev.get_by_text("Accepted.").wait_for()
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED

    priya.goto(f"{live_server.url}/referrals/")
    checked(priya)
    row = priya.get_by_role("row").filter(has_text=f"Referral {referral.pk}")
    assert "Accepted" in row.inner_text()


def test_self_referral_status_link_and_withdraw(browser_context_factory, live_server, settings):
    # The form's minimum fill time is for people; a browser script types faster.
    settings.REFERRALS_FORM_MIN_SECONDS = 0
    settings.REFERRALS_LINK_BASE_URL = live_server.url
    p = make_referral_personas()

    page = browser_context_factory().new_page()
    page.goto(f"{live_server.url}{p.service_a.get_absolute_url()}refer/myself/")
    checked(page)
    page.get_by_label("Your name, or what you would like to be called").fill("Jas")
    fill_person(page)
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_url("**/refer/sent/")
    checked(page)
    page.locator("main a.app-break-word[href*='/r/']").click()
    page.wait_for_url("**/r/*/")
    page.get_by_text("Sent to the group").first.wait_for()
    checked(page)
    page.get_by_role("link", name="Withdraw the referral").click()
    page.wait_for_url("**/withdraw/")
    checked(page)
    page.get_by_label("Yes, withdraw this referral").check()
    page.get_by_role("button", name="Withdraw").click()
    page.get_by_text("The group no longer sees the details").wait_for()
    checked(page)
    assert Referral.objects.get().status == Status.WITHDRAWN
