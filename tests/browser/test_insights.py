"""Insights in a real browser, axe on every page: Cam (curator) opens /insights/, chooses a
quarter, a breakdown and a crossing; then anyone opens the transparency page of a group
that publishes its figures."""

from __future__ import annotations

import re

import pytest

from accounts.testing import login_verified_browser
from insights.forms import quarter_label, quarters
from insights.transparency import transparency_set
from tests.browser.support import assert_no_axe_violations
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    make_referral_personas,
    refer_professionally,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def checked(page) -> None:
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)


def test_curator_filters_and_crosses_the_dashboard(browser_context_factory, live_server):
    p = make_referral_personas()
    for _ in range(3):
        refer_professionally(p)
    page = browser_context_factory().new_page()
    login_verified_browser(page, live_server.url, p.cam, PASSWORD)
    page.get_by_role("link", name="Insights").click()
    page.wait_for_url("**/insights/")
    checked(page)

    this_quarter = str(quarter_label(quarters(p.cam.date_joined.date())[0]))
    page.get_by_label("Period").select_option(label=this_quarter)
    page.get_by_label("Break down by").select_option(label="How they were referred")
    page.get_by_label("Crossed with").select_option(label="Age")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**/insights/?*crossed=age_band*")
    page.get_by_role("table", name=re.compile("Who gets through")).wait_for()
    checked(page)
    assert page.locator("svg[role=img]").count() >= 1


def test_transparency_page_of_a_published_group(browser_context_factory, live_server):
    p = make_referral_personas()
    refer_professionally(p)
    transparency_set(organisation=p.group_a, published=True, by=p.dev)
    page = browser_context_factory().new_page()
    page.goto(f"{live_server.url}/transparency/")
    checked(page)
    page.get_by_role("link", name=p.group_a.name).click()
    page.wait_for_url(f"**/transparency/organisations/{p.group_a.pk}/")
    page.get_by_role("heading", name=p.group_a.name).wait_for()
    checked(page)
