"""The public directory pages, as a member of the public (no account) sees them."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.template import loader
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from directory import models as m
from directory.templatetags import directory_format as fmt
from tests.factories import (
    AddressFactory,
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

QUICK_EXIT = "https://example.org/weather"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.QUICK_EXIT_URL = QUICK_EXIT
    settings.SITE_NAME = "Wigan Connect"


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Wigan Punjabi Men's Circle", email="hello@example.org")


@pytest.fixture
def service(organisation):
    """A listing with everything filled in: waiting list, BSL, a place, a price."""
    service = ServiceFactory(
        organisation=organisation,
        name="Chai and Chat",
        description="A weekly peer group for Punjabi men.",
        capacity_status=m.CapacityStatus.WAITING_LIST,
        waiting_list_weeks=6,
        led_by=[m.LedBy.USER_LED],
        access_modes=[m.AccessMode.IN_PERSON, m.AccessMode.ONLINE],
        referral_routes=[m.ReferralRoute.SELF, m.ReferralRoute.PROFESSIONAL],
        minimum_age=18,
        eligible_genders=[m.Gender.MEN],
        is_free=False,
        terms=["communities:punjabi", "service-types:peer-support"],
        assured_date=timezone.localdate().replace(day=1),
    )
    LanguageFactory(service=service, name="Punjabi", code="pa")
    LanguageFactory(service=service, name="British Sign Language", code="bfi")
    ScheduleFactory(service=service, byday="MO,WE", opens_at=dt.time(10), closes_at=dt.time(12))
    location = LocationFactory(
        organisation=organisation,
        name="Market Street Hall",
        transportation="Bus 610 stops outside.",
    )
    AddressFactory(location=location)
    m.Accessibility.objects.create(location=location, description="Step-free entrance")
    ServiceAtLocationFactory(service=service, location=location)
    m.CostOption.objects.create(service=service, amount=Decimal("2.00"), option="per session")
    return service


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Home -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_has_one_search_form_posting_to_search(client):
    html = get(client, reverse("directory:home"))
    form = re.search(r'<form class="app-search" action="([^"]+)" method="get"', html)
    assert form and form.group(1) == "/search/"
    assert 'name="q"' in html and 'name="postcode"' in html
    assert "What are you looking for?" in html
    assert "Postcode or town" in html


@pytest.mark.django_db
def test_home_links_to_service_types(client):
    html = get(client, reverse("directory:home"))
    assert 'href="/search/?service_type=peer-support"' in html


@pytest.mark.django_db
def test_service_name_comes_from_settings(client):
    html = get(client, reverse("directory:home"))
    assert "Wigan Connect" in html
    assert "Find Your People" not in html
    assert "<title>Wigan Connect</title>" in html


# --- Layout ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_has_the_quick_exit(client, service, organisation):
    for url in (
        reverse("directory:home"),
        service.get_absolute_url(),
        organisation.get_absolute_url(),
        f"/services/{uuid.uuid4()}/",
    ):
        html = client.get(url).content.decode()
        exits = re.findall(r'<a href="([^"]+)"[^>]*rel="nofollow noreferrer"', html)
        assert exits == [QUICK_EXIT, QUICK_EXIT], url  # skip link and button
        assert "govuk-exit-this-page" in html


@pytest.mark.django_db
def test_layout_landmarks_and_language(client):
    html = get(client, reverse("directory:home"))
    assert '<html lang="en" dir="ltr"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert html.index('href="#main-content"') < html.index("<header")
    assert "About this data" in html and "Contains OS data © Crown copyright" in html


@pytest.mark.django_db
def test_right_to_left_language_sets_dir(client, settings):
    settings.LANGUAGES = [("en", "English"), ("ur", "Urdu")]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    # The chosen language has its own addresses (docs/decisions/008-languages.md).
    response = client.get(reverse("directory:home"))
    assert response["Location"] == "/ur/"
    html = get(client, response["Location"])
    assert '<html lang="ur" dir="rtl"' in html


@pytest.mark.django_db
def test_language_switcher_only_when_there_is_a_choice(client, settings):
    settings.LANGUAGES = [("en", "English")]
    assert "app-language-switcher" not in get(client, reverse("directory:home"))
    settings.LANGUAGES = [("en", "English"), ("pa", "Punjabi")]
    html = get(client, reverse("directory:home"))
    # Links, not a POST form: no CSRF token in pages the cache shares.
    link = 'href="/language/pa/?next=%2F" lang="pa" hreflang="pa">Punjabi</a>'
    assert link in html


@pytest.mark.django_db
def test_no_inline_script_or_style_and_strict_csp(client, service):
    response = client.get(service.get_absolute_url())
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html and "<style" not in html
    assert '<script type="module" src="/static/js/app.js"></script>' in html


@pytest.mark.django_db
def test_server_error_page_renders_without_a_request():
    html = loader.get_template("500.html").render()
    assert "Wigan Connect" in html
    assert f'href="{QUICK_EXIT}"' in html


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("pages/accessibility.html", "WCAG"),
        ("pages/privacy.html", "does not use analytics"),
        ("pages/about_data.html", "Contains OS data © Crown copyright and database right"),
    ],
)
def test_information_pages_render(rf, template, text):
    # Rendered directly until config/urls.py routes them (see templates/pages/).
    html = render_to_string(template, request=rf.get("/"))
    assert text in html
    assert "Wigan Connect" in html


# --- Service page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_service_page_shows_what_people_need_to_decide(client, service):
    html = get(client, service.get_absolute_url())
    assert "Chai and Chat" in html
    assert "Waiting list: about 6 weeks" in html
    assert "govuk-tag--yellow" in html
    assert "British Sign Language (BSL)" in html and "Punjabi" in html
    checked = service.assured_date
    assert f"last checked on 1 {checked:%B} {checked:%Y}" in html
    assert "Mondays and Wednesdays, 10am to midday" in html
    assert "Market Street Hall" in html and "WN1 1AA" in html
    assert "Bus 610 stops outside." in html and "Step-free entrance" in html
    assert "£2: per session" in html
    assert "18 and over" in html and "Men" in html
    assert "User-led (run by people with lived experience)" in html
    assert "Online" in html
    assert "You can refer yourself" in html
    assert f'href="{service.organisation.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_service_page_query_count_does_not_grow_with_content(
    client, service, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        client.get(service.get_absolute_url())


@pytest.mark.django_db
def test_peer_referral_only_is_explained(client, organisation):
    service = ServiceFactory(organisation=organisation, referral_routes=[m.ReferralRoute.PEER])
    html = get(client, service.get_absolute_url())
    assert "You cannot ask to join this group yourself." in html


@pytest.mark.django_db
def test_free_service_says_free(client, organisation):
    html = get(client, ServiceFactory(organisation=organisation, is_free=True).get_absolute_url())
    assert '<strong class="govuk-tag govuk-tag--green">Free</strong>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("status", [m.ServiceStatus.INACTIVE, m.ServiceStatus.DEFUNCT])
def test_hidden_service_is_not_found(client, organisation, status):
    service = ServiceFactory(organisation=organisation, status=status)
    response = client.get(service.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_unknown_service_and_organisation_are_not_found(client):
    assert client.get(f"/services/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/organisations/{uuid.uuid4()}/").status_code == 404


# --- Organisation page ------------------------------------------------------------------


@pytest.mark.django_db
def test_organisation_page_lists_active_services_only(client, organisation, service):
    ServiceFactory(
        organisation=organisation, name="Old Lunch Club", status=m.ServiceStatus.INACTIVE
    )
    html = get(client, organisation.get_absolute_url())
    assert "Wigan Punjabi Men&#x27;s Circle" in html
    assert "Chai and Chat" in html
    assert "Old Lunch Club" not in html
    assert 'href="mailto:hello@example.org"' in html


# --- Wording --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.time(10), "10am"),
        (dt.time(17, 30), "5:30pm"),
        (dt.time(12), "midday"),
        (dt.time(0), "midnight"),
        (dt.time(12, 15), "12:15pm"),
        (dt.time(0, 30), "12:30am"),
    ],
)
def test_time_text(value, text):
    assert fmt.time_text(value) == text


def schedule(**kwargs):
    fields = {
        "freq": "WEEKLY",
        "byday": "MO",
        "opens_at": dt.time(10),
        "closes_at": dt.time(12),
    } | kwargs
    return m.Schedule(**fields)


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({}, "Mondays, 10am to midday"),
        ({"byday": "MO,WE,FR"}, "Mondays, Wednesdays and Fridays, 10am to midday"),
        ({"interval": 2}, "Every other Monday, 10am to midday"),
        ({"interval": 3, "closes_at": None}, "Every 3 weeks on Mondays, from 10am"),
        (
            {"freq": "MONTHLY", "byday": "1TU", "opens_at": dt.time(18), "closes_at": dt.time(20)},
            "The first Tuesday of the month, 6pm to 8pm",
        ),
        (
            {"freq": "MONTHLY", "byday": "1TU,3TU,-1FR"},
            "The first and third Tuesday of the month and last Friday of the month, 10am to midday",
        ),
        (
            {"freq": "MONTHLY", "byday": "", "bymonthday": "15"},
            "Day 15 of each month, 10am to midday",
        ),
        (
            {
                "freq": "",
                "byday": "",
                "opens_at": None,
                "closes_at": None,
                "description": "Ring to book",
            },
            "Ring to book",
        ),
    ],
)
def test_schedule_text(fields, text):
    assert fmt.schedule_text(schedule(**fields)) == text


byday_part = st.builds(
    lambda n, d: f"{n}{d}",
    st.sampled_from(["", "1", "2", "3", "4", "5", "-1", "-2", "9", "-9"]),
    st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU", "XX", "mo"]),
)


@given(
    freq=st.sampled_from(["WEEKLY", "MONTHLY", ""]),
    parts=st.lists(byday_part, max_size=5),
    interval=st.one_of(st.none(), st.integers(0, 52)),
    opens=st.one_of(st.none(), st.times()),
    closes=st.one_of(st.none(), st.times()),
    bymonthday=st.text(alphabet="0123456789, x", max_size=8),
)
def test_schedule_text_never_fails(freq, parts, interval, opens, closes, bymonthday):
    text = fmt.schedule_text(
        m.Schedule(
            freq=freq,
            byday=",".join(parts),
            interval=interval,
            opens_at=opens,
            closes_at=closes,
            bymonthday=bymonthday,
            description="",
        )
    )
    assert isinstance(text, str)
    assert "None" not in text


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (None, None, "Any age"),
        (0, None, "Any age"),
        (18, None, "18 and over"),
        (None, 25, "Up to 25 years old"),
        (0, 25, "Up to 25 years old"),
        (11, 25, "11 to 25 years old"),
    ],
)
def test_age_range_text(low, high, text):
    assert fmt.age_range_text(m.Service(minimum_age=low, maximum_age=high)) == text


@pytest.mark.parametrize(
    ("status", "weeks", "text"),
    [
        (m.CapacityStatus.ACCEPTING, None, "Accepting new people"),
        (m.CapacityStatus.WAITING_LIST, 1, "Waiting list: about 1 week"),
        (m.CapacityStatus.WAITING_LIST, None, "Waiting list"),
        (m.CapacityStatus.NOT_ACCEPTING, None, "Not accepting new people"),
    ],
)
def test_capacity_text(status, weeks, text):
    assert fmt.capacity_text(m.Service(capacity_status=status, waiting_list_weeks=weeks)) == text
