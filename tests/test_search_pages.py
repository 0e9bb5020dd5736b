"""The results page: filters in the URL, clear errors, a helpful empty page, no 500s."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from directory import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def postcodes():
    call_command("load_postcodes", verbosity=0)


@pytest.fixture
def wigan_group():
    service = f.ServiceFactory(
        name="Punjabi men's group",
        description="Chai, chat and peer support for Punjabi men.",
        terms=["service-types:peer-support", "communities:punjabi"],
        access_modes=["in_person"],
    )
    location = f.LocationFactory(
        organisation=service.organisation, latitude=53.5450, longitude=-2.6325
    )
    f.ServiceAtLocationFactory(service=service, location=location)
    return service


def test_empty_form_shows_no_results_yet(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "page_obj" not in response.context
    assert b"Find a group or service" in response.content


def test_words_find_a_service(client, wigan_group):
    response = client.get("/search/", {"q": "punjabi"})
    assert list(response.context["page_obj"]) == [wigan_group]
    assert b"1 group or service found" in response.content
    assert wigan_group.get_absolute_url().encode() in response.content


def test_typo_finds_it_and_says_so(client, wigan_group):
    response = client.get("/search/", {"q": "punjabi mens grop"})
    assert wigan_group in list(response.context["page_obj"])
    assert "in case of a spelling mistake" in response.content.decode()


def test_distance_is_shown_near_a_postcode(client, postcodes, wigan_group):
    response = client.get("/search/", {"postcode": "WN1 1AA", "radius": "5"})
    assert list(response.context["page_obj"]) == [wigan_group]
    assert "miles away" in response.content.decode() or "mile away" in response.content.decode()


def test_unknown_postcode_is_a_clear_error_not_an_empty_page(client, postcodes):
    response = client.get("/search/", {"q": "peer", "postcode": "AA9 9AA"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "govuk-error-message" in html
    assert "page_obj" not in response.context
    assert response.context["form"]["q"].value() == "peer", "what was typed is kept"


@pytest.mark.parametrize(
    "params",
    [
        {"radius": "7"},
        {"age": "old"},
        {"free": "banana"},
        {"service_type": "not-a-type"},
        {"open_on": "XX"},
        {"language": "Punjabi!"},
        {"sort": "random"},
    ],
)
def test_bad_parameters_are_form_errors(client, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_bad_page_number_shows_first_page(client, wigan_group):
    response = client.get("/search/", {"q": "punjabi", "page": "abc"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_empty_results_suggest_wider_searches(client, postcodes, wigan_group):
    online = f.ServiceFactory(
        name="Online men's circle", description="Video peer support.", access_modes=["online"]
    )
    f.ServiceAreaFactory(service=online, name="England")
    response = client.get(
        "/search/", {"q": "peer", "postcode": "WN1 1AA", "radius": "1", "community": "somali"}
    )
    html = response.content.decode()
    assert response.context["page_obj"].paginator.count == 0
    assert "No groups matched your search" in html
    assert "radius=3" in html, "offers the next radius up"
    assert "remove the filters" in html
    assert "search everywhere" in html
    assert online in response.context["online_alternatives"]
    assert wigan_group in response.context["nearby_alternatives"]


def test_inactive_services_never_appear(client, wigan_group):
    wigan_group.status = m.ServiceStatus.DEFUNCT
    wigan_group.save()
    response = client.get("/search/", {"q": "punjabi"})
    assert response.context["page_obj"].paginator.count == 0


def test_filter_state_is_kept_in_the_page(client, wigan_group):
    response = client.get("/search/", {"q": "punjabi", "community": "punjabi", "accepting": "1"})
    html = response.content.decode()
    assert 'value="punjabi" checked' in html
    assert 'name="accepting" type="checkbox" value="1" checked' in html


def test_pagination_keeps_the_query(client):
    organisation = f.OrganisationFactory()
    for n in range(25):
        f.ServiceFactory(organisation=organisation, name=f"Peer circle {n}")
    response = client.get("/search/", {"q": "peer", "accepting": "1"})
    html = response.content.decode()
    assert response.context["page_obj"].paginator.num_pages == 2
    assert "?q=peer&amp;accepting=1&amp;page=2" in html


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "q",
                "postcode",
                "radius",
                "age",
                "free",
                "service_type",
                "language",
                "open_on",
                "sort",
                "page",
                "gender",
            ]
        ),
        st.text(max_size=30),
        max_size=5,
    )
)
def test_no_input_causes_a_server_error(params):
    assert Client().get("/search/", params).status_code == 200


def test_broad_searches_count_up_to_a_cap(client, settings):
    settings.SEARCH_RESULTS_COUNT_CAP = 5
    organisation = f.OrganisationFactory()
    for n in range(8):
        f.ServiceFactory(organisation=organisation, name=f"Peer circle {n}")
    response = client.get("/search/", {"q": "peer"})
    paginator = response.context["page_obj"].paginator
    assert paginator.is_capped
    assert paginator.num_pages == 1
    assert "More than 5 groups and services found" in response.content.decode()
    assert client.get("/search/", {"q": "peer", "page": "2"}).context["page_obj"].number == 1
