"""Search results in a real browser: axe on results, filtered results and the empty page,
a keyboard-only journey, and filters that work with JavaScript turned off."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from tests.browser.support import assert_no_axe_violations, save_screenshot
from tests.factories import (
    LanguageFactory,
    LocationFactory,
    ServiceAreaFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def directory():
    call_command("load_postcodes", verbosity=0)
    group = ServiceFactory(
        name="Punjabi men's group",
        description="Chai, chat and peer support for Punjabi men in Wigan.",
        terms=["service-types:peer-support", "communities:punjabi"],
    )
    LanguageFactory(service=group, name="Punjabi", code="pa")
    location = LocationFactory(organisation=group.organisation)
    ServiceAtLocationFactory(service=group, location=location)
    online = ServiceFactory(
        name="Online peer chat",
        description="Peer support by video, evenings.",
        access_modes=["online"],
        terms=["service-types:peer-support"],
    )
    ServiceAreaFactory(service=online, name="England")
    return group


@pytest.mark.parametrize(
    "query",
    [
        "/search/?q=peer+support",
        "/search/?q=peer&postcode=WN1+1AA&radius=5&community=punjabi&accepting=1&language=pa",
        "/search/?q=zzzqqq&postcode=WN1+1AA&radius=1",
        "/search/?postcode=AA9+9AA",
    ],
    ids=["results", "filtered", "empty", "error"],
)
def test_no_axe_violations(page, directory, query):
    page.goto(query)
    assert_no_axe_violations(page)


def test_empty_page_offers_ways_forward(page, directory):
    page.goto("/search/?q=zzzqqq&postcode=WN1+1AA&radius=1")
    assert page.get_by_role("heading", name="No groups matched your search").is_visible()
    page.get_by_role("link", name="search within 3 miles").click()
    assert parse_qs(urlsplit(page.url).query)["radius"] == ["3"]
    save_screenshot(page, "search-empty")


def test_keyboard_only_search_and_filter(page, directory):
    page.goto("/")
    for _ in range(20):
        if page.evaluate("() => document.activeElement.id") == "q":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the search box was not reached with Tab")
    page.keyboard.type("peer")
    page.keyboard.press("Tab")
    page.keyboard.type("WN1 1AA")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?*")
    assert page.get_by_role("link", name="Punjabi men's group").is_visible()

    # Tick "Punjabi" under Community with the keyboard and apply the filters.
    for _ in range(80):
        if page.evaluate("() => document.activeElement.id") == "community-3":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the Punjabi community filter was not reached with Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url("**community=punjabi**")
    results = page.locator(".app-result")
    assert results.count() == 1
    assert "Punjabi men's group" in results.first.inner_text()
    save_screenshot(page, "search-results")


def test_filters_work_without_javascript(browser_context_factory, directory):
    recording = browser_context_factory(java_script_enabled=False)
    page = recording.new_page()
    page.goto("/search/?q=peer")
    assert page.locator(".app-result").count() == 2
    page.get_by_label("Punjabi", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**community=punjabi**")
    assert page.locator(".app-result").count() == 1
    assert recording.foreign_requests() == []
