"""A whole self-referral in Urdu (right to left) and in Polish, axe on every page: the
service page, the route choice, the form, the confirmation, the private status page and
withdrawing. Fields are found by name, not by their (translated) labels; every page must be
in the chosen language, with the right text direction and no English left in its headings."""

from __future__ import annotations

import re

import pytest

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

ENGLISH_HEADINGS = {
    "Ask to join, or refer someone",
    "For myself",
    "Refer yourself",
    "About you",
    "Consent",
    "Referral sent",
    "Your private link",
    "There is a problem",
}


def in_language(page, code: str, direction: str) -> None:
    page.wait_for_load_state("load")
    html = page.locator("html")
    assert html.get_attribute("lang") == code
    assert html.get_attribute("dir") == direction
    headings = page.locator("main h1, main h2").all_inner_texts()
    assert not ENGLISH_HEADINGS & {h.strip() for h in headings}, headings
    assert_no_axe_violations(page)


@pytest.mark.parametrize(("code", "direction"), [("ur", "rtl"), ("pl", "ltr")])
def test_a_self_referral_in_another_language(
    browser_context_factory, live_server, settings, code, direction
):
    settings.REFERRALS_FORM_MIN_SECONDS = 0
    settings.REFERRALS_LINK_BASE_URL = live_server.url
    p = make_referral_personas()
    service_path = p.service_a.get_absolute_url()

    page = browser_context_factory().new_page()
    page.goto(f"{live_server.url}/{code}{service_path}")
    in_language(page, code, direction)
    page.locator(f"main a[href='/{code}{service_path}refer/']").click()
    page.wait_for_url(f"**/{code}{service_path}refer/")
    in_language(page, code, direction)
    page.locator(f"main a[href='/{code}{service_path}refer/myself/']").click()
    page.wait_for_url("**/refer/myself/")
    in_language(page, code, direction)

    form = page.locator("main form")
    form.locator("[name=name]").fill("Jas")
    form.locator("[name=contact_methods][value=sms]").check()
    form.locator("[name=phone]").fill("07700 900123")
    form.locator("[name=safe_times]").fill("18:00–20:00")
    assert form.locator("[name=message_language]").input_value() == code
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/{code}{service_path}refer/sent/")
    in_language(page, code, direction)

    referral = Referral.objects.get()
    assert referral.message_language == code
    page.locator("main a.app-break-word[href*='/r/']").click()
    page.wait_for_url(re.compile(r".*/r/[^/]+/$"))
    in_language(page, code, direction)
    page.locator("main a[href$='/withdraw/']").click()
    page.wait_for_url("**/withdraw/")
    in_language(page, code, direction)
    form = page.locator("main form")
    form.locator("input[type=checkbox]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    in_language(page, code, direction)
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN
