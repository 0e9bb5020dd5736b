"""Urdu and Arabic in a real browser: axe finds nothing, and the layout is mirrored.

Mirroring is checked on element positions (bounding boxes), not pixels: in a right-to-left
page the service name starts at the right, the main column is on the right with the
filters to its left, "Previous" sits to the right of "Next", and the quick exit button is
on the left. Screenshots are saved under var/test/screenshots for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from directory import models as m
from tests.browser.support import assert_no_axe_violations
from tests.factories import LanguageFactory, OrganisationFactory, ServiceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var/test/screenshots"
RTL = ["ur", "ar"]


@pytest.fixture
def services():
    organisation = OrganisationFactory(name="Sahara Circle", description="Peer circles.")
    made = [
        ServiceFactory(
            organisation=organisation,
            name=f"Circle {n:02d}",
            description="A peer circle for men.",
            capacity_status=m.CapacityStatus.ACCEPTING,
            referral_routes=[m.ReferralRoute.SELF],
            terms=["service-types:peer-support"],
        )
        for n in range(45)
    ]
    LanguageFactory(service=made[0], name="Urdu", code="ur")
    m.ServiceTranslation.objects.create(
        service=made[0], language="ar", name="حلقة الأقران", description="حلقة دعم للرجال."
    )
    return made


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def centre_x(found: dict) -> float:
    return found["x"] + found["width"] / 2


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def open_page(page, url: str) -> float:
    page.goto(url)
    page.wait_for_load_state("load")
    return page.viewport_size["width"] / 2


@pytest.mark.parametrize("code", RTL)
def test_home_is_mirrored_and_accessible(page, recording, services, code):
    middle = open_page(page, f"/{code}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_axe_violations(page)
    shot(page, f"i18n-{code}-home")
    name = box(page, ".app-header__service-name")
    assert centre_x(name) > middle, "the service name starts at the right"
    assert centre_x(box(page, ".govuk-exit-this-page__button")) < middle
    heading = box(page, "h1")
    assert heading["x"] + heading["width"] > middle * 1.5, "the heading runs from the right"
    assert recording.errors == []


def test_english_home_is_not_mirrored(page, services):
    middle = open_page(page, "/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert centre_x(box(page, ".app-header__service-name")) < middle
    assert centre_x(box(page, ".govuk-exit-this-page__button")) > middle


@pytest.mark.parametrize("code", RTL)
def test_search_results_are_mirrored_and_accessible(page, services, code):
    middle = open_page(page, f"/{code}/search/?q=circle&page=2")
    assert_no_axe_violations(page)
    shot(page, f"i18n-{code}-search")
    main, filters = box(page, ".app-search-main"), box(page, ".app-filters")
    assert main["x"] > filters["x"], "results on the right, filters on the left"
    assert centre_x(main) > middle
    previous, following = box(page, ".govuk-pagination__prev"), box(page, ".govuk-pagination__next")
    assert previous["x"] > following["x"], "Previous on the right, Next on the left"
    checkbox = box(page, ".govuk-checkboxes__item .govuk-checkboxes__input")
    label = box(page, ".govuk-checkboxes__item .govuk-checkboxes__label")
    assert checkbox["x"] > label["x"], "checkboxes sit to the right of their labels"


@pytest.mark.parametrize("code", RTL)
def test_service_page_is_mirrored_and_accessible(page, services, code):
    path = services[0].get_absolute_url()
    middle = open_page(page, f"/{code}{path}")
    assert_no_axe_violations(page)
    shot(page, f"i18n-{code}-service")
    column = box(page, "main .govuk-grid-column-two-thirds")
    assert centre_x(column) > middle, "the content column is on the right"
    key, value = box(page, ".govuk-summary-list__key"), box(page, ".govuk-summary-list__value")
    assert key["x"] > value["x"], "summary list keys on the right"
    heading = page.locator("h1")
    if code == "ar":  # the group gave its name in Arabic
        assert heading.inner_text() == "حلقة الأقران"
        assert heading.get_attribute("lang") is None
    else:  # English on an Urdu page, marked as such
        assert heading.get_attribute("lang") == "en"
        assert heading.get_attribute("dir") == "ltr"


def test_switcher_changes_language_without_javascript(browser_context_factory, services):
    recording = browser_context_factory(java_script_enabled=False)
    page = recording.new_page()
    page.goto("/search/?q=circle")
    page.locator('.app-language-switcher a[lang="ur"]').click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/ur/search/?q=circle")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The choice is remembered: a bare address now opens in Urdu.
    page.goto("/")
    assert page.url.endswith("/ur/")
