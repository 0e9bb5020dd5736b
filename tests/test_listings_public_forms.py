"""Public "Suggest a group" and "Report something wrong": no account, honeypot, minimum
fill time, rate limit per address (never stored), nothing lost on a bad submit."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from directory import models as m
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    settings.LISTINGS_PUBLIC_FORM_LIMIT_PER_HOUR = 2
    settings.LISTINGS_PUBLIC_FORM_MIN_SECONDS = 3
    # A private cache, so counts never leak between tests (or other test runs).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "listings-public-forms",
        }
    }
    cache.clear()


def started(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="directory.public-form-started")


def suggestion(**overrides) -> dict:
    return {
        "name": "Wigan Sewing Circle",
        "description": "A friendly sewing group.",
        "area": "Wigan",
        "website": "",
        "contact_email": "",
        "website_url": "",
        "started": started(),
        **overrides,
    }


def test_anyone_can_suggest_a_group(client):
    page = client.get(reverse("directory:suggest_group"))
    assert page.status_code == 200 and 'name="started"' in page.content.decode()
    response = client.post(reverse("directory:suggest_group"), suggestion())
    assert response.status_code == 302
    assert m.Suggestion.objects.get().name == "Wigan Sewing Circle"
    assert not any("127.0.0.1" in str(v) for v in m.Suggestion.objects.values_list())


def test_honeypot_looks_accepted_but_stores_nothing(client):
    response = client.post(
        reverse("directory:suggest_group"), suggestion(website_url="http://spam.example")
    )
    assert response.status_code == 302
    assert not m.Suggestion.objects.exists()


@pytest.mark.parametrize("stamp", [lambda: started(0.5), lambda: "forged", lambda: ""])
def test_too_fast_or_forged_start_is_refused_keeping_the_text(client, stamp):
    response = client.post(reverse("directory:suggest_group"), suggestion(started=stamp()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please check your answers and send the form again." in page
    assert "Wigan Sewing Circle" in page and "A friendly sewing group." in page
    assert not m.Suggestion.objects.exists()


def test_missing_fields_are_explained(client):
    response = client.post(reverse("directory:suggest_group"), suggestion(name=""))
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_name"' in page
    assert "A friendly sewing group." in page


def test_rate_limited_per_address_with_text_kept(client):
    url = reverse("directory:suggest_group")
    for _ in range(2):
        assert client.post(url, suggestion()).status_code == 302
    response = client.post(url, suggestion(name="Third group"))
    assert response.status_code == 429
    assert "Third group" in response.content.decode()
    assert m.Suggestion.objects.count() == 2
    other = client.post(url, suggestion(name="From elsewhere"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_report_something_wrong(client):
    service = ServiceFactory(name="Lantern drop-in")
    detail = client.get(service.get_absolute_url()).content.decode()
    url = reverse("directory:report_listing", args=[service.pk])
    assert url in detail
    response = client.post(
        url, {"message": "It moved to Tuesdays.", "website_url": "", "started": started()}
    )
    assert response.status_code == 302
    report = m.ListingReport.objects.get()
    assert report.service == service and report.message == "It moved to Tuesdays."


def test_reports_have_their_own_limit(client):
    service = ServiceFactory()
    url = reverse("directory:report_listing", args=[service.pk])
    for _ in range(2):
        client.post(url, {"message": "Wrong", "started": started()})
    assert client.post(url, {"message": "Wrong", "started": started()}).status_code == 429
    assert client.post(reverse("directory:suggest_group"), suggestion()).status_code == 302


def test_curator_closes_queue_items(client):
    from accounts.testing import login_verified
    from tests.factories import UserFactory

    client.post(reverse("directory:suggest_group"), suggestion())
    item = m.Suggestion.objects.get()
    cam = UserFactory(username="cam", is_curator=True)
    login_verified(client, cam)
    assert "Wigan Sewing Circle" in client.get(reverse("directory:curate_home")).content.decode()
    client.post(
        reverse("directory:curate_suggestion", args=[item.pk]),
        {"decision": "done", "note": "Added"},
    )
    item.refresh_from_db()
    assert item.status == m.QueueStatus.DONE and item.handled_by == cam
