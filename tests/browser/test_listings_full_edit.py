"""Dev adds a phone number, a contact with a phone and an accessibility note through the
no-JavaScript formsets; Cam sees them in the diff and approves. axe finds no violations on
the full edit form (also with errors), the new-listing form, the diff and the accounts page."""

from __future__ import annotations

import pytest

from accounts.testing import login_verified_browser
from directory import models as m
from tests.browser.support import assert_no_axe_violations
from tests.browser.test_listings import PASSWORD, listing  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def accessible(page) -> None:
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)


def test_member_adds_rows_curator_approves(browser_context_factory, live_server, listing):  # noqa: F811
    service, dev, cam = listing
    dev_page = browser_context_factory().new_page()
    login_verified_browser(dev_page, live_server.url, dev, PASSWORD)
    dev_page.goto(f"{live_server.url}/manage/services/{service.pk}/edit/")
    accessible(dev_page)

    dev_page.locator("#id_phones-0-number").fill("call us")
    dev_page.get_by_role("button", name="Send for review").click()
    dev_page.get_by_text("There is a problem").wait_for()
    accessible(dev_page)

    dev_page.locator("#id_phones-0-number").fill("01942 123456")
    dev_page.locator("#id_contacts-0-name").fill("Asha Patel")
    dev_page.locator("#id_contacts-0-phones-0-number").fill("07700 900123")
    dev_page.locator("#id_locations-0-name").fill("Gurdwara hall")
    dev_page.locator("#id_locations-0-address_1").fill("1 Library Street")
    dev_page.locator("#id_locations-0-city").fill("Wigan")
    dev_page.locator("#id_locations-0-state_province").fill("Greater Manchester")
    dev_page.locator("#id_locations-0-postal_code").fill("WN1 1AB")
    dev_page.locator("#id_locations-0-accessibility-0-description").fill("Step-free entrance")
    dev_page.get_by_role("button", name="Send for review").click()
    dev_page.get_by_text("A curator will review your changes").wait_for()

    dev_page.get_by_role("link", name="Propose a new listing").click()
    dev_page.wait_for_url("**/services/new/")
    accessible(dev_page)

    cam_page = browser_context_factory().new_page()
    login_verified_browser(cam_page, live_server.url, cam, PASSWORD)
    cam_page.goto(f"{live_server.url}/curate/")
    cam_page.get_by_role("link", name="Punjabi men's group").first.click()
    cam_page.wait_for_url("**/curate/changes/*/")
    cam_page.get_by_text("Step-free entrance").first.wait_for()
    accessible(cam_page)
    cam_page.get_by_role("button", name="Approve").click()
    cam_page.get_by_text("the listing now shows the change").wait_for()
    assert m.Phone.objects.filter(service=service, number="01942 123456").exists()
    assert m.Accessibility.objects.filter(description="Step-free entrance").exists()

    cam_page.get_by_role("link", name="Disable or re-enable an account").click()
    cam_page.get_by_label("Email address, username or name").fill("dev@")
    cam_page.get_by_role("button", name="Search").click()
    cam_page.get_by_role("link", name="dev").click()
    accessible(cam_page)
    cam_page.get_by_role("button", name="Disable this account").click()
    cam_page.get_by_text("account is disabled").wait_for()
    dev_page.goto(f"{live_server.url}/manage/")
    dev_page.wait_for_url("**/accounts/sign-in/**")
