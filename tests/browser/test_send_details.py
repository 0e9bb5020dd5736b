"""Send me these details in a real browser: from the service page to the confirmation, with
axe on every page; the form works the same without JavaScript."""

from __future__ import annotations

import pytest

from directory import models as m
from notifications.models import Channel, OutboxMessage
from tests.browser.support import assert_no_axe_violations
from tests.factories import OrganisationFactory, ServiceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _send_settings(settings, live_server):
    # A person types slower than Playwright; the limit counts in a private cache so runs
    # never share it.
    settings.LISTINGS_PUBLIC_FORM_MIN_SECONDS = 0
    settings.REFERRALS_LINK_BASE_URL = live_server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "send-details-browser",
        }
    }


@pytest.fixture
def service():
    organisation = OrganisationFactory(name="Wigan Women's Centre")
    service = ServiceFactory(
        organisation=organisation, name="Tuesday Drop-in", email="dropin@example.org"
    )
    m.Phone.objects.create(service=service, number="01942 496 000")
    return service


def loaded_and_accessible(page) -> None:
    """Run axe once the page and its stylesheet have loaded (sizes depend on the CSS)."""
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)


def test_send_the_details_by_text_message(page, recording, service):
    page.goto(service.get_absolute_url())
    page.get_by_role("link", name="Send me these details by text message or email").click()
    page.wait_for_url("**/send/")
    loaded_and_accessible(page)
    phone = page.get_by_label("UK mobile number")
    page.get_by_label("Text message").check()

    phone.fill("07700 90")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("There is a problem").wait_for()
    loaded_and_accessible(page)
    assert phone.input_value() == "07700 90"

    phone.fill("07700 900 982")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Details sent").wait_for()
    loaded_and_accessible(page)
    assert "ending 982" in page.content() and "900 982" not in page.content()
    page.get_by_role("link", name="Back to the listing").click()
    page.wait_for_url(f"**{service.get_absolute_url()}")

    message = OutboxMessage.objects.get()
    assert (message.channel, message.template) == (Channel.SMS, "service_details")
    assert message.phone_number == "07700900982"
    assert recording.errors == []
    assert recording.foreign_requests() == []


def test_without_javascript_both_boxes_show_and_email_works(browser_context_factory, service):
    recording = browser_context_factory(java_script_enabled=False)
    page = recording.new_page()
    page.goto(f"{service.get_absolute_url()}send/")
    assert page.get_by_label("UK mobile number").is_visible()
    assert page.get_by_label("Email address").is_visible()
    # No axe here: it runs as a script in the page, which this context does not allow.
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill("jas.singh@example.com")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Details sent").wait_for()
    assert "j…@example.com" in page.content()
    assert OutboxMessage.objects.get().email == "jas.singh@example.com"
