"""The public pages in a real browser: accessibility, keyboard use, no JavaScript, quick exit."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings

from directory import models as m
from tests.browser.support import assert_no_axe_violations, save_screenshot
from tests.factories import (
    AddressFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

# live_server runs in another thread, so the data must be committed (transaction=True);
# serialized_rollback puts back the vocabularies that migrations seeded once a test is over.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def service():
    organisation = OrganisationFactory(
        name="Wigan Women's Centre",
        description="A women-only centre in the town.",
        email="hello@example.org",
        website="https://example.org/",
    )
    service = ServiceFactory(
        organisation=organisation,
        name="Tuesday Drop-in",
        description="Come for a cup of tea, advice and company.",
        capacity_status=m.CapacityStatus.WAITING_LIST,
        waiting_list_weeks=3,
        led_by=[m.LedBy.BY_AND_FOR],
        eligible_genders=[m.Gender.WOMEN],
        alert="Closed on bank holidays.",
        terms=["communities:women-only", "service-types:womens-centre"],
    )
    LanguageFactory(service=service, name="English", code="en")
    LanguageFactory(service=service, name="British Sign Language", code="bfi")
    ScheduleFactory(service=service, byday="TU", opens_at=dt.time(10), closes_at=dt.time(14))
    location = LocationFactory(
        organisation=organisation,
        name="Women's Centre",
        transportation="Five minutes from Wigan North Western.",
    )
    AddressFactory(location=location)
    m.Accessibility.objects.create(location=location, description="Hearing loop")
    ServiceAtLocationFactory(service=service, location=location)
    return service


def public_urls(service) -> list[str]:
    return ["/", service.get_absolute_url(), service.organisation.get_absolute_url()]


def test_pages_have_no_axe_violations(page, recording, service):
    for url in public_urls(service):
        page.goto(url)
        assert_no_axe_violations(page)
    assert recording.errors == []


def test_no_request_leaves_the_live_server(page, recording, service):
    for url in public_urls(service):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert recording.requests, "no requests were recorded"
    assert recording.foreign_requests() == []
    assert any(url.endswith("/static/dist/app.css") for url in recording.requests)
    assert any(url.endswith("/static/dist/govuk-frontend.min.js") for url in recording.requests)


def test_javascript_starts_the_components(page, recording, service):
    page.goto(service.get_absolute_url())
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    # Exit this page adds its key-press indicator once started.
    assert page.locator(".govuk-exit-this-page__indicator").count() == 1
    assert recording.errors == []


def test_quick_exit_on_every_page(page, service, live_server):
    for url in [*public_urls(service), "/no-such-page/"]:
        page.goto(url)
        button = page.locator(".govuk-exit-this-page__button")
        assert button.get_attribute("href") == django_settings.QUICK_EXIT_URL, url
        assert button.get_attribute("rel") == "nofollow noreferrer"
        assert button.is_visible()


def test_quick_exit_leaves_no_way_back(page, service, live_server, settings):
    settings.QUICK_EXIT_URL = f"{live_server.url}/left-in-a-hurry/"
    page.goto("/")
    page.goto(service.get_absolute_url())
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(settings.QUICK_EXIT_URL)
    page.go_back()
    # The service page was replaced in history: Back goes to the page before it.
    assert urlsplit(page.url).path == "/"


def test_without_javascript_pages_work_and_search_submits(browser_context_factory, service):
    recording = browser_context_factory(java_script_enabled=False)
    page = recording.new_page()
    for url in public_urls(service)[1:]:
        response = page.goto(url)
        assert response.status == 200
        assert page.locator(".govuk-exit-this-page__button").is_visible()
    page.goto(service.get_absolute_url())
    assert page.get_by_text("Waiting list: about 3 weeks").is_visible()
    page.goto("/")
    page.get_by_label("What are you looking for?").fill("women's group")
    page.get_by_label("Postcode or town").fill("WN1 1AA")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    address = urlsplit(page.url)
    assert address.path == "/search/"
    assert parse_qs(address.query) == {"q": ["women's group"], "postcode": ["WN1 1AA"]}


def test_keyboard_skip_link_then_quick_exit_then_search(page, service):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["govuk-skip-link", "#main-content"]
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == django_settings.QUICK_EXIT_URL

    for _ in range(15):
        if page.evaluate("() => document.activeElement.id") == "q":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the search box was not reached with Tab")
    page.keyboard.type("peer support")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?*")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["peer support"]


def test_skip_link_moves_focus_to_main(page, service):
    page.goto(service.get_absolute_url())
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_home_page_screenshot(page, service):
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto("/")
    path = save_screenshot(page, "home")
    assert path.stat().st_size > 0
    page.goto(service.get_absolute_url())
    save_screenshot(page, "service")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    save_screenshot(page, "home-phone")
