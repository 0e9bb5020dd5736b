"""Dev edits his group's listing, Cam approves it, the public page shows it; axe finds no
violations on the edit form, workspace, queue, diff page and the public forms."""

from __future__ import annotations

import pytest

from accounts.testing import login_verified_browser
from directory import models as m
from directory import services
from tests.browser.support import assert_no_axe_violations
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def loaded_and_accessible(page) -> None:
    """Run axe once the page and its stylesheet have loaded (sizes depend on the CSS)."""
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)


@pytest.fixture
def listing():
    group_a = OrganisationFactory(name="Sahara Punjabi Men's Circle")
    service = ServiceFactory(
        organisation=group_a,
        name="Punjabi men's group",
        description="Weekly peer support.",
        assured_date=None,
    )
    dev = UserFactory(username="dev", email="dev@example.org")
    services.membership_add(organisation=group_a, user=dev, role=m.MembershipRole.ADMIN)
    cam = UserFactory(username="cam", email="cam@example.org", is_curator=True)
    return service, dev, cam


def test_member_edit_curator_approves_public_sees_it(browser_context_factory, live_server, listing):
    service, dev, cam = listing

    dev_page = browser_context_factory().new_page()
    login_verified_browser(dev_page, live_server.url, dev, PASSWORD)
    dev_page.goto(f"{live_server.url}/manage/")
    dev_page.get_by_role("link", name="Sahara Punjabi Men's Circle").click()
    dev_page.wait_for_url("**/manage/organisations/*/")
    loaded_and_accessible(dev_page)
    dev_page.get_by_role("link", name="Edit Punjabi men's group").click()
    dev_page.wait_for_url("**/edit/")
    loaded_and_accessible(dev_page)
    dev_page.locator("#id_description").fill("Weekly peer support in Punjabi and English.")
    dev_page.get_by_role("button", name="Send for review").click()
    dev_page.get_by_text("A curator will review your changes").wait_for()

    cam_page = browser_context_factory().new_page()
    login_verified_browser(cam_page, live_server.url, cam, PASSWORD)
    cam_page.goto(f"{live_server.url}/curate/")
    loaded_and_accessible(cam_page)
    cam_page.get_by_role("link", name="Punjabi men's group").first.click()
    cam_page.wait_for_url("**/curate/changes/*/")
    cam_page.get_by_text("Weekly peer support in Punjabi and English.").wait_for()
    loaded_and_accessible(cam_page)
    cam_page.get_by_role("button", name="Approve").click()
    cam_page.get_by_text("the listing now shows the change").wait_for()

    public = browser_context_factory().new_page()
    public.goto(f"{live_server.url}{service.get_absolute_url()}")
    public.get_by_text("Weekly peer support in Punjabi and English.").wait_for()


def test_public_forms_have_no_axe_violations(page, live_server, listing):
    service, _dev, _cam = listing
    page.goto(f"{live_server.url}/suggest-a-group/")
    loaded_and_accessible(page)
    page.get_by_role("button", name="Send suggestion").click()
    page.get_by_text("There is a problem").wait_for()
    loaded_and_accessible(page)
    page.goto(f"{live_server.url}{service.get_absolute_url()}")
    page.get_by_role("link", name="Report something wrong with this page").click()
    page.wait_for_url("**/report/")
    loaded_and_accessible(page)
