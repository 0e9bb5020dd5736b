"""Public "Send me these details": a service's details by text message or email to oneself,
no account, through the outbox; the public forms' spam checks and hourly limit."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from directory import models as m
from directory.forms_public import uk_mobile_normalise
from directory.views_send import service_details_context
from notifications.models import Channel, OutboxMessage
from notifications.rendering import message_render
from tests.factories import (
    AddressFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

BASE = "https://findyourpeople.example"
NUMBER = "07700 900982"


@pytest.fixture(autouse=True)
def _send_settings(settings):
    settings.LISTINGS_PUBLIC_FORM_LIMIT_PER_HOUR = 3
    settings.LISTINGS_PUBLIC_FORM_MIN_SECONDS = 3
    settings.REFERRALS_LINK_BASE_URL = BASE
    # A private cache, so counts never leak between tests (or other test runs).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "send-details-tests",
        }
    }
    cache.clear()


@pytest.fixture
def service():
    organisation = OrganisationFactory(name="Wigan Women's Centre")
    service = ServiceFactory(
        organisation=organisation, name="Tuesday Drop-in", email="dropin@example.org"
    )
    m.Phone.objects.create(service=service, number="01942 496 000")
    location = LocationFactory(organisation=organisation)
    AddressFactory(location=location, address_1="1 Market Street", postal_code="WN1 1AA")
    ServiceAtLocationFactory(service=service, location=location)
    return service


def url(service, language: str = "en") -> str:
    with translation.override(language):
        return reverse("directory:send_details", args=[service.pk])


def started(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="directory.public-form-started")


def by_sms(number: str = NUMBER, **overrides) -> dict:
    return {
        "channel": "sms",
        "phone": number,
        "email": "",
        "website_url": "",
        "started": started(),
        **overrides,
    }


def by_email(address: str = "jas.singh@example.com", **overrides) -> dict:
    return {**by_sms(phone=""), "channel": "email", "email": address, **overrides}


# The link on the service page


def test_the_service_page_links_to_the_form(client, service):
    page = client.get(service.get_absolute_url()).content.decode()
    assert f'href="/services/{service.pk}/send/"' in page
    assert "Send me these details by text message or email" in page


def test_the_link_keeps_the_page_language(client, service):
    with translation.override("pa"):
        service_page = service.get_absolute_url()
    page = client.get(service_page).content.decode()
    assert f'href="/pa/services/{service.pk}/send/"' in page
    assert client.get(url(service, "pa")).status_code == 200


# The form


def test_the_form_shows_both_ways_and_is_never_cached(client, service):
    response = client.get(url(service))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="channel"' in page and 'value="sms"' in page and 'value="email"' in page
    # Both boxes are in the page: without JavaScript they both show.
    assert 'name="phone"' in page and 'name="email"' in page
    assert 'name="website_url"' in page and 'name="started"' in page
    assert "Tuesday Drop-in" in page
    assert "no-store" in response["Cache-Control"]


# Sending


def test_a_text_message_is_queued_once_with_the_service_and_its_link(client, service):
    response = client.post(url(service), by_sms())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Details sent" in page and "ending 982" in page
    assert "900982" not in page and "07700" not in page
    assert f'href="{service.get_absolute_url()}"' in page

    message = OutboxMessage.objects.get()
    assert message.channel == Channel.SMS
    assert message.template == "service_details"
    assert message.language == "en"
    assert message.phone_number == "07700900982"
    assert (message.email, message.recipient_name, message.postcode) == ("", "", "")
    assert message.address_lines == []
    assert "07700900982" not in message.key and str(service.pk) in message.key

    sms = message_render(
        template=message.template,
        channel=message.channel,
        language=message.language,
        context=message.context,
    ).body
    assert "Tuesday Drop-in" in sms and "Wigan Women's Centre" in sms
    assert "01942 496 000" in sms and "dropin@example.org" in sms and "WN1 1AA" in sms
    assert f"{BASE}/services/{service.pk}/" in sms
    assert len(sms) <= 459


def test_an_email_is_queued_in_the_language_of_the_page(client, service):
    response = client.post(url(service, "pa"), by_email())
    page = response.content.decode()
    assert response.status_code == 200
    assert "j…@example.com" in page and "jas.singh" not in page

    message = OutboxMessage.objects.get()
    assert message.channel == Channel.EMAIL
    assert message.template == "service_details"
    assert message.language == "pa"
    assert message.email == "jas.singh@example.com" and message.phone_number == ""

    email = message_render(
        template=message.template,
        channel=message.channel,
        language=message.language,
        context=message.context,
    )
    assert "Tuesday Drop-in" in email.subject
    assert "Tuesday Drop-in" in email.body
    assert f"{BASE}/pa/services/{service.pk}/" in email.body


def test_a_double_submit_sends_once(client, service):
    first = client.post(url(service), by_sms())
    second = client.post(url(service), by_sms("+44 7700 900 982"))
    assert first.status_code == second.status_code == 200
    assert OutboxMessage.objects.count() == 1


def test_another_service_or_another_number_is_another_message(client, service):
    other = ServiceFactory()
    client.post(url(service), by_sms())
    client.post(url(other), by_sms())
    client.post(url(service), by_sms("07700 900983"))
    assert OutboxMessage.objects.count() == 3


def test_the_same_request_on_another_day_is_sent_again(client, service, monkeypatch):
    client.post(url(service), by_sms())
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr("directory.views_send.timezone.localdate", lambda: tomorrow)
    client.post(url(service), by_sms())
    assert OutboxMessage.objects.count() == 2


def test_long_listing_fields_are_cut_to_keep_the_text_message_short(service):
    service.name = "A very long service name " * 10
    service.email = "a-very-long-address-for-the-group@" + "example." * 10 + "org"
    service.organisation.name = "An organisation with a name that goes on and on " * 5
    service.save()
    service.organisation.save()
    m.Address.objects.update(address_1="Flat 1, " * 30)
    m.Phone.objects.update(number="01942 496 000", extension="12345")
    service = m.Service.objects.get(pk=service.pk)
    context = service_details_context(service=service, language="en")
    sms = message_render(template="service_details", channel="sms", language="en", context=context)
    assert len(sms.body) <= 459
    assert "A very long service name" in sms.body and "..." in sms.body
    assert f"{BASE}/services/{service.pk}/" in sms.body


# Mistakes keep what was typed


@pytest.mark.parametrize(
    ("data", "message", "typed"),
    [
        (by_sms("01942 496 000"), "Enter a UK mobile number, like 07700 900 982", "01942 496 000"),
        (by_sms("0770090098"), "Enter a UK mobile number, like 07700 900 982", "0770090098"),
        (by_sms(""), "Enter a UK mobile number", ""),
        (by_email("jas.singh@"), "Enter an email address in the right format", "jas.singh@"),
        (by_email(""), "Enter your email address", ""),
        (by_sms(channel=""), "Select text message or email", NUMBER),
    ],
)
def test_a_mistake_is_explained_and_keeps_the_input(client, service, data, message, typed):
    response = client.post(url(service), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert page.count(message) == 2  # in the summary and beside the field
    assert f'value="{typed}"' in page
    assert not OutboxMessage.objects.exists()


def test_an_error_links_to_the_field_and_the_choice_stays_selected(client, service):
    page = client.post(url(service), by_sms("12345")).content.decode()
    assert 'href="#id_phone"' in page
    assert 'value="sms" checked' in page
    # Both boxes always show, each under its choice.
    assert "govuk-radios__conditional--hidden" not in page
    assert "aria-expanded" not in page and "data-aria-controls" not in page


def test_a_number_typed_in_the_email_way_is_ignored(client, service):
    response = client.post(url(service), by_email(phone="not a number"))
    assert response.status_code == 200
    assert OutboxMessage.objects.get().phone_number == ""


@pytest.mark.parametrize("stamp", [lambda: started(0.5), lambda: "forged", lambda: ""])
def test_too_fast_or_forged_start_is_refused_keeping_the_input(client, service, stamp):
    response = client.post(url(service), by_sms(started=stamp()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please check your answers and send the form again." in page
    assert f'value="{NUMBER}"' in page
    assert not OutboxMessage.objects.exists()


# Spam


def test_the_honeypot_looks_sent_but_queues_nothing(client, service):
    response = client.post(url(service), by_sms(website_url="http://spam.example"))
    assert response.status_code == 200
    assert "Details sent" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_too_many_requests_from_one_address_are_refused_keeping_the_input(client, service):
    for last_digit in "123":
        assert client.post(url(service), by_sms(f"07700 900 98{last_digit}")).status_code == 200
    response = client.post(url(service), by_sms("07700 900 984"))
    page = response.content.decode()
    assert response.status_code == 429
    assert "You have asked for a lot of messages" in page
    assert 'value="07700 900 984"' in page
    assert OutboxMessage.objects.count() == 3


def test_the_limit_is_counted_per_client_address(client, service):
    for last_digit in "123":
        client.post(url(service), by_sms(f"07700 900 98{last_digit}"))
    elsewhere = client.post(url(service), by_sms("07700 900 984"), REMOTE_ADDR="192.0.2.7")
    assert elsewhere.status_code == 200
    assert OutboxMessage.objects.count() == 4


# Services the public cannot see


def test_an_unknown_service_is_not_found(client):
    missing = "7f1c7a2e-0000-4000-8000-000000000000"
    assert client.get(f"/services/{missing}/send/").status_code == 404
    assert client.post(f"/services/{missing}/send/", by_sms()).status_code == 404
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"status": m.ServiceStatus.INACTIVE},
        {"status": m.ServiceStatus.DEFUNCT},
        # Not confirmed for more than LISTINGS_HIDE_AFTER_DAYS: hidden from the public.
        {"assured_date": dt.date(2000, 1, 1)},
    ],
)
def test_a_hidden_service_is_not_found(client, service, change):
    m.Service.objects.filter(pk=service.pk).update(**change)
    assert client.get(url(service)).status_code == 404
    assert client.post(url(service), by_sms()).status_code == 404
    assert not OutboxMessage.objects.exists()


# UK mobile numbers


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("07700 900982", "07700900982"),
        ("07700-900-982", "07700900982"),
        ("+44 7700 900982", "07700900982"),
        ("+44 (0)7700 900982", "07700900982"),
        ("0044 7700 900982", "07700900982"),
        ("01942 496000", None),
        ("0770090098", None),
        ("077009009821", None),
        ("+1 202 555 0100", None),
        ("seven", None),
    ],
)
def test_uk_mobile_numbers(typed, number):
    assert uk_mobile_normalise(typed) == number
