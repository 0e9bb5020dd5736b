"""The ORUK 3.0 read API, as an anonymous member of the public and an ORUK validator see it."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from directory import models as m
from directory import postcodes
from directory.oruk import schemas
from tests.factories import (
    AddressFactory,
    LanguageFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _listings_never_stale(settings):
    # Factory services carry a fixed assured_date; keep them public whatever today is.
    settings.LISTINGS_FLAG_AFTER_DAYS = 100_000
    settings.LISTINGS_HIDE_AFTER_DAYS = 100_000


WIGAN_PLACE = postcodes.Place(
    query="WN1 1AA",
    postcode="WN1 1AA",
    outward_code="WN1",
    latitude=53.5450,
    longitude=-2.6325,
    local_authority_code="E08000010",
    local_authority_name="Wigan",
    lsoa11="E01006372",
    imd_decile=2,
    precision="postcode",
)


@pytest.fixture(autouse=True)
def postcode_data(monkeypatch):
    """Postcode lookups answer from a fixed table, whatever postcode data is loaded."""

    def fake_lookup(text: str) -> postcodes.Place:
        if " ".join(text.upper().split()) == "WN1 1AA":
            return WIGAN_PLACE
        raise postcodes.UnknownPostcode("We could not find that place.", query=text)

    monkeypatch.setattr(postcodes, "place_lookup", fake_lookup)


def full_service(name: str = "Chai and chat", **kwargs) -> m.Service:
    """A public service with every object ORUK nests in a service filled in."""
    service = ServiceFactory(
        name=name,
        alternate_name="Sangat",
        url="https://group.example/",
        email="hello@group.example",
        fees="Free",
        minimum_age=18,
        maximum_age=99,
        assurer_email="cam@example.org",
        alert="Closed on bank holidays",
        led_by=["user_led"],
        eligible_genders=["men"],
        capacity_updated_at=timezone.now(),
        terms=["service-types:peer-support", "communities:punjabi"],
        **kwargs,
    )
    organisation = service.organisation
    organisation.website = "https://group.example/"
    organisation.save()
    m.OrganisationIdentifier.objects.create(
        organisation=organisation, identifier_type="Registered charity number", identifier="123"
    )
    ScheduleFactory(service=service, byday="TU", opens_at=dt.time(18, 30), closes_at=dt.time(20))
    ServiceAreaFactory(service=service)
    LanguageFactory(service=service, name="Punjabi", code="pa")
    m.Funding.objects.create(service=service, source="Lottery")
    m.CostOption.objects.create(service=service, option="Trip", amount=Decimal("12.50"))
    contact = m.Contact.objects.create(service=service, name="Harjit", title="Organiser")
    m.Phone.objects.create(contact=contact, number="01632 960100")
    phone = m.Phone.objects.create(service=service, number="01632 960101", type="text")
    m.Language.objects.create(phone=phone, name="Punjabi", code="pa")
    location = LocationFactory(organisation=organisation)
    AddressFactory(location=location)
    m.Accessibility.objects.create(location=location, description="Step-free")
    m.Phone.objects.create(location=location, number="01632 960102")
    m.Language.objects.create(location=location, name="English", code="en")
    sal = ServiceAtLocationFactory(service=service, location=location)
    ScheduleFactory(service=None, service_at_location=sal, freq="MONTHLY", byday="1SA")
    return service


def _get(client, url, **params):
    response = client.get(url, params)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    return response


# --- conformance ------------------------------------------------------------------------


def test_root_names_the_version_profile_and_openapi(client):
    body = _get(client, "/oruk/").json()
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"].endswith("openapi.json")


def test_services_page_and_detail_conform_to_the_schemas(client):
    service = full_service()
    page = _get(client, "/oruk/services").json()
    assert schemas.page_errors("compiled/service_list.json", page) == []
    assert schemas.page_errors("compiled/service.json", page) == []
    detail = _get(client, f"/oruk/services/{service.pk}").json()
    assert schemas.errors("compiled/service.json", detail) == []
    for key in ("schedules", "service_areas", "languages", "funding", "cost_options"):
        assert len(detail[key]) == 1, key
    assert detail["contacts"][0]["phones"][0]["number"] == "01632 960100"
    assert detail["phones"][0]["languages"][0]["code"] == "pa"
    location = detail["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "WN1 1AA"
    assert location["accessibility"][0]["description"] == "Step-free"
    assert detail["service_at_locations"][0]["schedules"][0]["byday"] == "1SA"
    assert detail["organization"]["organization_identifiers"][0]["identifier"] == "123"
    assert detail["cost_options"][0]["amount"] == 12.5
    terms = {a["taxonomy_term"]["code"] for a in detail["attributes"]}
    assert terms == {"peer-support", "punjabi"}
    assert detail["x_fyp"]["led_by"] == ["user_led"]


def test_optional_fields_are_left_out_not_null(client):
    service = ServiceFactory(description="")
    detail = _get(client, f"/oruk/services/{service.pk}").json()
    assert "description" not in detail
    assert "minimum_age" not in detail
    assert None not in detail.values()
    assert schemas.errors("compiled/service.json", detail) == []


def test_service_at_locations_conform_to_the_schemas(client):
    service = full_service()
    sal = service.service_at_locations.get()
    page = _get(client, "/oruk/service_at_locations").json()
    assert page["total_items"] == 1
    assert schemas.page_errors("compiled/service_at_location_list.json", page) == []
    detail = _get(client, f"/oruk/service_at_locations/{sal.pk}").json()
    assert schemas.errors("compiled/service_at_location.json", detail) == []
    assert detail["service"]["id"] == str(service.pk)


def test_taxonomies_and_terms_conform_to_the_schemas(client):
    page = _get(client, "/oruk/taxonomies").json()
    assert page["total_items"] == m.Taxonomy.objects.count() >= 2
    assert schemas.page_errors("taxonomy.json", page) == []
    taxonomy = page["contents"][0]
    assert (
        schemas.errors("taxonomy.json", _get(client, f"/oruk/taxonomies/{taxonomy['id']}").json())
        == []
    )
    terms = _get(client, "/oruk/taxonomy_terms", per_page=100).json()
    assert terms["total_items"] == m.TaxonomyTerm.objects.count()
    assert schemas.page_errors("taxonomy_term.json", terms) == []
    term_id = terms["contents"][0]["id"]
    body = _get(client, f"/oruk/taxonomy_terms/{term_id}").json()
    assert schemas.errors("taxonomy_term.json", body) == []


# --- pagination -------------------------------------------------------------------------


def test_pages_are_consistent_first_middle_last_and_beyond(client):
    for index in range(5):
        ServiceFactory(name=f"Group {index}")
    pages = [_get(client, "/oruk/services", page=n, per_page=2).json() for n in (1, 2, 3, 4)]
    first, middle, last, beyond = pages
    for page in pages:
        assert page["total_items"] == 5
        assert page["total_pages"] == 3
        assert schemas.page_errors("compiled/service_list.json", page) == []
    assert (first["first_page"], first["last_page"], first["size"]) == (True, False, 2)
    assert (middle["first_page"], middle["last_page"], middle["page_number"]) == (False, False, 2)
    assert (last["last_page"], last["size"], last["empty"]) == (True, 1, False)
    assert (beyond["empty"], beyond["size"], beyond["contents"]) == (True, 0, [])
    names = [s["name"] for page in pages for s in page["contents"]]
    assert names == sorted(names) and len(set(names)) == 5


def test_an_empty_directory_is_one_empty_first_page(client):
    page = _get(client, "/oruk/services").json()
    assert page == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_a_page_of_fifty_nested_services_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    for index in range(50):
        full_service(name=f"Group {index:02}")
    with django_assert_max_num_queries(25):
        page = _get(client, "/oruk/services", per_page=50).json()
    assert page["size"] == 50
    with django_assert_max_num_queries(25):
        _get(client, "/oruk/service_at_locations", per_page=50)


# --- bad parameters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"page": "x"},
        {"page": "0"},
        {"per_page": "1000"},
        {"per_page": "-1"},
        {"taxonomy_term_id": "not-a-uuid"},
        {"minimum_age": "old"},
        {"day": "funday"},
        {"start_time": "25:00"},
        {"modified_after": "yesterday"},
        {"postcode": "ZZ99 9ZZ"},
        {"proximity": "100"},
        {"postcode": "WN1 1AA", "proximity": "nan"},
    ],
)
def test_bad_parameters_are_a_400_with_a_json_error(client, params):
    for url in ("/oruk/services", "/oruk/service_at_locations"):
        response = _get(client, url, **params)
        assert response.status_code == 400, (url, params, response.content)
        body = response.json()
        assert body["detail"] and set(body["errors"]) <= set(params)


@pytest.mark.parametrize(
    "path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
def test_unknown_or_malformed_ids_are_a_404_with_a_json_error(client, path):
    for pk in (uuid.uuid4(), "not-a-uuid"):
        response = _get(client, f"/oruk/{path}/{pk}")
        assert response.status_code == 404
        assert response.json()["detail"]


# --- only public data, searched like the web pages ------------------------------------------


def test_the_public_sees_only_public_services(client):
    public = ServiceFactory(name="Open group")
    hidden = ServiceFactory(name="Closed group", status=m.ServiceStatus.INACTIVE)
    ServiceAtLocationFactory(service=hidden)
    ids = [s["id"] for s in _get(client, "/oruk/services").json()["contents"]]
    assert ids == [str(public.pk)]
    assert _get(client, f"/oruk/services/{hidden.pk}").status_code == 404
    sal = hidden.service_at_locations.get()
    assert _get(client, f"/oruk/service_at_locations/{sal.pk}").status_code == 404
    assert _get(client, "/oruk/service_at_locations").json()["total_items"] == 0


def test_search_uses_the_web_search(client):
    ServiceFactory(name="Punjabi men's group", description="Chai and conversation")
    ServiceFactory(name="Knitting circle", description="Bring wool")
    names = [s["name"] for s in _get(client, "/oruk/services", search="chai").json()["contents"]]
    assert names == ["Punjabi men's group"]


def test_filters_by_taxonomy_term_and_taxonomy(client):
    peer = ServiceFactory(name="Peer", terms=["service-types:peer-support"])
    ServiceFactory(name="Other", terms=["communities:somali"])
    term = m.TaxonomyTerm.objects.get(code="peer-support")
    by_term = _get(client, "/oruk/services", taxonomy_term_id=term.pk).json()["contents"]
    assert [s["id"] for s in by_term] == [str(peer.pk)]
    by_taxonomy = _get(client, "/oruk/services", taxonomy_id=term.taxonomy_id).json()["contents"]
    assert [s["id"] for s in by_taxonomy] == [str(peer.pk)]


def test_filters_by_age_day_times_and_modified_after(client):
    young = ServiceFactory(name="Young", minimum_age=11, maximum_age=25)
    ServiceFactory(name="Adults", minimum_age=18)
    ScheduleFactory(service=young, byday="WE", opens_at=dt.time(16), closes_at=dt.time(18))

    def names(**params):
        return [s["name"] for s in _get(client, "/oruk/services", **params).json()["contents"]]

    assert names(maximum_age=25) == ["Young"]
    assert names(minimum_age=18) == ["Adults"]
    assert names(day="WE") == ["Young"]
    assert names(day="wednesday", start_time="15:00", end_time="18:00") == ["Young"]
    assert names(start_time="17:00") == []
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert names(modified_after=future) == []
    assert len(names(modified_after="2000-01-01T00:00:00Z")) == 2


def test_service_at_locations_near_a_postcode_within_proximity(client, postcode_data):
    near = ServiceAtLocationFactory(location__latitude=53.5450, location__longitude=-2.6325)
    ServiceAtLocationFactory(location__latitude=53.4808, location__longitude=-2.2426)
    page = _get(client, "/oruk/service_at_locations", postcode="WN1 1AA", proximity="2000").json()
    assert [s["id"] for s in page["contents"]] == [str(near.pk)]
    assert page["contents"][0]["x_fyp"]["distance_m"] < 2000


def test_other_methods_are_refused(client):
    assert client.post("/oruk/services").status_code == 405
