"""The public search: what a member of the public finds when they type words, a postcode
and filters. Runs on real PostgreSQL (full text, pg_trgm, earthdistance, triggers)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory import models as m
from directory import postcodes
from directory.search import services_search
from directory.search.query import candidate_phrases, expand, parse, plain_text
from tests.factories import (
    LanguageFactory,
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
WIGAN = (53.5450, -2.6325)
MILE_IN_LATITUDE = 1 / 69.05  # degrees of latitude in one mile


def names(params, **kwargs) -> list[str]:
    result = services_search(params=params, **kwargs)
    assert result.is_valid, result.errors
    return [s.name for s in result.queryset]


def term(ref: str) -> m.TaxonomyTerm:
    slug, code = ref.split(":")
    return m.TaxonomyTerm.objects.get(taxonomy__slug=slug, code=code)


def vector(service: m.Service) -> str:
    return m.Service.objects.values_list("search_vector", flat=True).get(pk=service.pk)


def place(**overrides) -> postcodes.Place:
    fields = {
        "query": "WN1 1AA",
        "postcode": "WN1 1AA",
        "outward_code": "WN1",
        "latitude": WIGAN[0],
        "longitude": WIGAN[1],
        "local_authority_code": "E08000010",
        "local_authority_name": "Wigan",
        "lsoa11": "E01006372",
        "imd_decile": 2,
        "precision": "postcode",
    }
    return postcodes.Place(**(fields | overrides))


@pytest.fixture
def wigan_postcode(monkeypatch):
    """Lookups answer from a fixed table, whatever postcode data is loaded."""
    known = {
        "WN1 1AA": place(),
        "SW9 8AB": place(
            query="SW9 8AB",
            postcode="SW9 8AB",
            outward_code="SW9",
            latitude=51.4700,
            longitude=-0.1130,
            local_authority_code="E09000022",
            local_authority_name="Lambeth",
        ),
    }

    def fake_lookup(text: str) -> postcodes.Place:
        key = " ".join(text.upper().split())
        if key in known:
            return known[key]
        if not any(c.isdigit() for c in key):
            raise postcodes.UnknownPostcode("We could not find that place.", query=text)
        raise postcodes.InvalidPostcode("Enter a UK postcode, like SW9 8AB.", query=text)

    monkeypatch.setattr(postcodes, "place_lookup", fake_lookup)


def located_service(name: str, miles_north: float, **kwargs) -> m.Service:
    service = ServiceFactory(name=name, **kwargs)
    location = LocationFactory(
        latitude=WIGAN[0] + miles_north * MILE_IN_LATITUDE, longitude=WIGAN[1]
    )
    ServiceAtLocationFactory(service=service, location=location)
    return service


# --- ranking and the stored vector ------------------------------------------------------


def test_a_name_match_ranks_above_a_description_match():
    ServiceFactory(name="Knitting circle", description="Long chat. " * 50 + "Punjabi food.")
    ServiceFactory(name="Punjabi men's group", description="We meet weekly.")
    ServiceFactory(name="Allotment club", description="Punjabi and English spoken.")
    found = names({"q": "punjabi"})
    assert found[0] == "Punjabi men's group"
    assert set(found) == {"Punjabi men's group", "Knitting circle", "Allotment club"}


def test_results_carry_rank_and_no_distance_without_a_place():
    ServiceFactory(name="Punjabi men's group")
    result = services_search(params={"q": "punjabi"})
    (service,) = result.queryset
    assert service.rank > 0
    assert service.distance_m is None
    assert result.place is None


def test_vector_follows_a_renamed_service():
    service = ServiceFactory(name="Knitting circle")
    service.name = "Crochet circle"
    service.save()
    assert names({"q": "crochet"}) == ["Crochet circle"]
    assert names({"q": "knitting"}) == []


def test_vector_follows_queryset_update():
    service = ServiceFactory(name="Knitting circle")
    m.Service.objects.filter(pk=service.pk).update(description="Bring your own yarn.")
    assert names({"q": "yarn"}) == ["Knitting circle"]


def test_vector_follows_adding_and_removing_an_attribute():
    service = ServiceFactory(name="Tuesday club")
    attribute = m.Attribute.objects.create(
        service=service, taxonomy_term=term("communities:somali")
    )
    assert names({"q": "somali"}) == ["Tuesday club"]
    attribute.delete()
    assert names({"q": "somali"}) == []


def test_vector_follows_an_organisation_rename():
    organisation = OrganisationFactory(name="Northside Association")
    ServiceFactory(name="Tuesday club", organisation=organisation)
    organisation.name = "Gurdwara Sahib Wigan"
    organisation.save()
    assert "gurdwara" in vector(m.Service.objects.get())
    assert names({"q": "gurdwara"}) == ["Tuesday club"]
    assert names({"q": "northside"}) == []


def test_vector_follows_a_taxonomy_term_rename():
    ServiceFactory(name="Tuesday club", terms=["communities:somali"])
    m.TaxonomyTerm.objects.filter(code="somali").update(name="Somali and Somaliland")
    assert "somaliland" in vector(m.Service.objects.get())


def test_vector_follows_languages():
    service = ServiceFactory(name="Tuesday club")
    LanguageFactory(service=service, name="Punjabi", code="pa")
    assert names({"q": "punjabi"}) == ["Tuesday club"]


def test_vector_is_built_for_bulk_created_services_and_attributes():
    organisation = OrganisationFactory(name="Bulk Org")
    services = m.Service.objects.bulk_create(
        [m.Service(organisation=organisation, name=f"Imported peer group {i}") for i in range(3)]
    )
    m.Attribute.objects.bulk_create(
        [
            m.Attribute(service=s, taxonomy_term=term("communities:refugees-asylum"))
            for s in services
        ]
    )
    assert len(names({"q": "imported"})) == 3
    assert len(names({"q": "asylum"})) == 3


def test_vector_is_built_for_rows_copied_in_by_raw_sql():
    organisation = OrganisationFactory(name="Copy Org")
    now = dt.datetime(2026, 3, 2, tzinfo=UTC)
    row = {
        "id": uuid.uuid4(),
        "organisation_id": organisation.pk,
        "name": "Copied choir",
        "status": "active",
        "is_free": True,
        "capacity_status": "accepting",
        "eligible_genders": [],
        "led_by": [],
        "access_modes": [],
        "referral_routes": [],
        "created_at": now,
        "last_modified": now,
    }
    blank = [
        "alternate_name",
        "description",
        "url",
        "email",
        "interpretation_services",
        "application_process",
        "eligibility_description",
        "fees",
        "accreditations",
        "assurer_email",
        "alert",
    ]
    row |= dict.fromkeys(blank, "")
    with connection.cursor() as cursor:
        columns = ", ".join(row)
        with cursor.copy(f"COPY directory_service ({columns}) FROM STDIN") as copy:
            copy.write_row(list(row.values()))
    assert names({"q": "choir"}) == ["Copied choir"]


def test_saving_a_stale_instance_keeps_the_vector_current():
    service = ServiceFactory(name="Tuesday club")
    stale = m.Service.objects.get(pk=service.pk)
    m.Attribute.objects.create(service=service, taxonomy_term=term("communities:somali"))
    stale.capacity_status = m.CapacityStatus.NOT_ACCEPTING
    stale.save()
    assert names({"q": "somali"}) == ["Tuesday club"]


def test_accents_are_ignored():
    ServiceFactory(name="Café for carers")
    assert names({"q": "cafe"}) == ["Café for carers"]


# --- synonyms and typos -----------------------------------------------------------------


def test_job_finds_ips_employment_support():
    ServiceFactory(name="Work well", terms=["service-types:ips-employment"])
    ServiceFactory(name="Knitting circle")
    assert names({"q": "job"}) == ["Work well"]
    assert names({"q": "jobs"}) == ["Work well"]


def test_gay_finds_lgbtq_groups():
    ServiceFactory(name="Rainbow social", terms=["communities:lgbtq"])
    assert names({"q": "gay"}) == ["Rainbow social"]
    assert names({"q": "queer social"}) == ["Rainbow social"]


def test_sikh_finds_punjabi_groups():
    ServiceFactory(name="Punjabi men's group")
    result = services_search(params={"q": "Sikh"})
    assert [s.name for s in result.queryset] == ["Punjabi men's group"]
    assert result.text_search.synonyms == {"sikh": ["Punjabi", "gurdwara"]}


def test_deaf_finds_bsl_services():
    ServiceFactory(name="BSL coffee morning")
    assert names({"q": "deaf"}) == ["BSL coffee morning"]


def test_a_synonym_phrase_is_matched_as_a_whole():
    ServiceFactory(name="Bump and baby", terms=["service-types:perinatal-support"])
    assert names({"q": "new mum support"}) == ["Bump and baby"]


def test_curators_synonyms_apply_at_once():
    ServiceFactory(name="Men's shed")
    assert names({"q": "woodwork"}) == []
    m.Synonym.objects.create(phrase="woodwork", alternatives="shed, carpentry")
    assert names({"q": "woodwork"}) == ["Men's shed"]


def test_a_typo_still_finds_the_group():
    ServiceFactory(name="Punjabi men's group")
    ServiceFactory(name="Women's centre")
    result = services_search(params={"q": "punjabi mens grop"})
    assert [s.name for s in result.queryset] == ["Punjabi men's group"]
    assert result.fuzzy


def test_a_typo_in_an_organisation_name_finds_its_services():
    organisation = OrganisationFactory(name="Wigan Somali Community Association")
    ServiceFactory(name="Homework club", organisation=organisation)
    assert names({"q": "wigan somaly community"}) == ["Homework club"]


def test_plenty_of_exact_matches_are_not_mixed_with_lookalikes():
    for i in range(3):
        ServiceFactory(name=f"Peer group {i}")
    ServiceFactory(name="Pier group", description="On the seafront.")
    assert "Pier group" not in names({"q": "peer group"})


# --- websearch syntax -------------------------------------------------------------------


def test_minus_excludes_a_word():
    ServiceFactory(name="Peer support online", access_modes=["online"])
    ServiceFactory(name="Peer support in person", access_modes=["in_person"])
    assert names({"q": "peer -online"}) == ["Peer support in person"]


def test_quoted_phrase_matches_words_in_order():
    ServiceFactory(name="Men's group for carers")
    ServiceFactory(name="Group for men who care")
    assert names({"q": '"men\'s group"'}) == ["Men's group for carers"]


def test_or_offers_a_choice():
    ServiceFactory(name="Allotment club")
    ServiceFactory(name="Chess club")
    ServiceFactory(name="Book club")
    assert set(names({"q": "allotment or chess"})) == {"Allotment club", "Chess club"}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_any_search_text_is_answered_without_error(text):
    result = services_search(params={"q": text})
    list(result.queryset[:5])


@given(
    text=st.text(max_size=300),
    synonyms=st.dictionaries(
        st.text(max_size=20), st.lists(st.text(max_size=20), max_size=3), max_size=5
    ),
)
def test_parsing_and_expanding_never_fail(text, synonyms):
    query = parse(text)
    candidate_phrases(query)
    expanded = expand(query, synonyms)
    plain_text(expanded)
    for clause in expanded:
        assert clause
        for term_ in clause:
            assert term_.text and '"' not in term_.text


def test_parse_follows_websearch_syntax():
    query = parse('peer -online "men\'s group" or  café')
    assert [[(t.text, t.quoted, t.negated) for t in c] for c in query] == [
        [("peer", False, False), ("online", False, True), ("men's group", True, False)],
        [("café", False, False)],
    ]


# --- filters ----------------------------------------------------------------------------


def test_service_type_and_community_filters_take_several_codes():
    ServiceFactory(
        name="Advocacy for refugees",
        terms=["service-types:advocacy", "communities:refugees-asylum"],
    )
    ServiceFactory(name="Peer group", terms=["service-types:peer-support"])
    ServiceFactory(name="Therapy", terms=["service-types:talking-therapy"])
    assert names({"service_type": ["advocacy", "peer-support"]}) == [
        "Advocacy for refugees",
        "Peer group",
    ]
    assert names({"community": ["refugees-asylum"]}) == ["Advocacy for refugees"]


def test_led_by_access_mode_and_referral_route():
    ServiceFactory(name="A", led_by=["user_led"], access_modes=["online"], referral_routes=["peer"])
    ServiceFactory(
        name="B", led_by=["by_and_for"], access_modes=["in_person"], referral_routes=["self"]
    )
    assert names({"led_by": "user_led"}) == ["A"]
    assert names({"access_mode": ["in_person", "phone"]}) == ["B"]
    assert names({"referral_route": "peer"}) == ["A"]


def test_language_filter_understands_bsl_and_regional_codes():
    bsl = ServiceFactory(name="Deaf club")
    LanguageFactory(service=bsl, name="British Sign Language", code="bfi")
    punjabi = ServiceFactory(name="Punjabi group")
    LanguageFactory(service=punjabi, name="Punjabi", code="pa-IN")
    ServiceFactory(name="English only")
    assert names({"language": "bfi"}) == ["Deaf club"]
    assert names({"language": "BSL"}) == ["Deaf club"]
    assert names({"language": "pa"}) == ["Punjabi group"]


def test_free_and_accepting():
    ServiceFactory(name="Free and open")
    ServiceFactory(name="Paid", is_free=False)
    ServiceFactory(name="Full", capacity_status=m.CapacityStatus.NOT_ACCEPTING)
    assert names({"free": "1"}) == ["Free and open", "Full"]
    assert names({"accepting": "true"}) == ["Free and open", "Paid"]
    assert len(names({"free": "0"})) == 3


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (10, ["Everyone"]),
        (11, ["Everyone", "Young people"]),
        (25, ["Everyone", "Young people"]),
        (26, ["Everyone"]),
        (65, ["Everyone", "Over 65s"]),
        (0, ["Everyone"]),
    ],
)
def test_age_must_fall_inside_the_range_and_missing_limits_mean_none(age, expected):
    ServiceFactory(name="Young people", minimum_age=11, maximum_age=25)
    ServiceFactory(name="Over 65s", minimum_age=65)
    ServiceFactory(name="Everyone")
    assert names({"age": age}) == expected


def test_gender_keeps_services_open_to_everyone():
    ServiceFactory(name="Everyone")
    ServiceFactory(name="Women only", eligible_genders=["women"])
    ServiceFactory(name="Women and non-binary", eligible_genders=["women", "non_binary"])
    assert names({"gender": "men"}) == ["Everyone"]
    assert names({"gender": "non_binary"}) == ["Everyone", "Women and non-binary"]
    assert names({"gender": "women"}) == ["Everyone", "Women and non-binary", "Women only"]


# --- opening times ----------------------------------------------------------------------


def monday_at(hour: int, minute: int = 0) -> dt.datetime:
    """Monday 2 March 2026 (GMT, so UK time equals UTC)."""
    return dt.datetime(2026, 3, 2, hour, minute, tzinfo=UTC)


def test_open_now_uses_schedule_days_and_times():
    ScheduleFactory(
        service=ServiceFactory(name="Monday morning"),
        byday="MO",
        opens_at=dt.time(10),
        closes_at=dt.time(12),
    )
    ScheduleFactory(
        service=ServiceFactory(name="Tuesday"),
        byday="TU,TH",
        opens_at=dt.time(10),
        closes_at=dt.time(12),
    )
    ScheduleFactory(
        service=ServiceFactory(name="First Monday"),
        byday="1MO",
        freq="MONTHLY",
        opens_at=dt.time(9),
        closes_at=dt.time(17),
    )
    ServiceFactory(name="No schedule")
    assert names({"open_now": "1"}, now=monday_at(10, 30)) == ["First Monday", "Monday morning"]
    assert names({"open_now": "1"}, now=monday_at(12)) == ["First Monday"]
    next_monday = monday_at(10, 30) + dt.timedelta(days=7)
    assert names({"open_now": "1"}, now=next_monday) == ["Monday morning"]


def test_open_now_reads_uk_local_time_in_summer():
    ScheduleFactory(
        service=ServiceFactory(name="Monday morning"),
        byday="MO",
        opens_at=dt.time(10),
        closes_at=dt.time(12),
    )
    # 09:30 UTC on 6 July 2026 is 10:30 BST.
    assert names({"open_now": "on"}, now=dt.datetime(2026, 7, 6, 9, 30, tzinfo=UTC)) == [
        "Monday morning"
    ]
    assert names({"open_now": "on"}, now=dt.datetime(2026, 7, 6, 11, 30, tzinfo=UTC)) == []


def test_open_now_covers_overnight_and_location_schedules():
    ScheduleFactory(
        service=ServiceFactory(name="Night cafe"),
        byday="SU",
        opens_at=dt.time(22),
        closes_at=dt.time(2),
    )
    at_location = ServiceAtLocationFactory(service=ServiceFactory(name="Drop-in"))
    ScheduleFactory(
        service=None,
        service_at_location=at_location,
        byday="MO",
        opens_at=dt.time(0, 30),
        closes_at=dt.time(3),
    )
    assert names({"open_now": "1"}, now=monday_at(1)) == ["Drop-in", "Night cafe"]


def test_open_now_ignores_schedules_that_ended():
    ScheduleFactory(
        service=ServiceFactory(name="Old"),
        byday="MO",
        opens_at=dt.time(10),
        closes_at=dt.time(12),
        valid_to=dt.date(2026, 1, 1),
    )
    assert names({"open_now": "1"}, now=monday_at(11)) == []


def test_open_on_a_weekday():
    ScheduleFactory(service=ServiceFactory(name="Tuesdays"), byday="TU,TH")
    ScheduleFactory(service=ServiceFactory(name="Last Friday"), byday="-1FR", freq="MONTHLY")
    assert names({"open_on": "TH"}, now=monday_at(9)) == ["Tuesdays"]
    assert names({"open_on": "FR"}, now=monday_at(9)) == ["Last Friday"]
    assert names({"open_on": "MO"}, now=monday_at(9)) == []


# --- near a postcode --------------------------------------------------------------------


def test_nearest_first_within_the_radius(wigan_postcode):
    located_service("Four miles", 4)
    located_service("Half a mile", 0.5)
    located_service("Twenty miles", 20)
    far_and_near = located_service("Also near", 30)
    ServiceAtLocationFactory(
        service=far_and_near,
        location=LocationFactory(latitude=WIGAN[0] + 2 * MILE_IN_LATITUDE, longitude=WIGAN[1]),
    )
    result = services_search(params={"postcode": "wn1 1aa", "radius": "5"})
    assert [s.name for s in result.queryset] == ["Half a mile", "Also near", "Four miles"]
    distances = [s.distance_m for s in result.queryset]
    assert distances[0] == pytest.approx(0.5 * 1609.344, rel=0.02)
    assert distances[1] == pytest.approx(2 * 1609.344, rel=0.02)
    assert result.place.local_authority_name == "Wigan"
    assert "Twenty miles" in names({"postcode": "WN1 1AA", "radius": "25"})


def test_online_services_covering_the_area_appear_after_located_ones(wigan_postcode):
    located_service("Nearby group", 1, access_modes=["in_person"])
    online = ServiceFactory(name="Online for Wigan", access_modes=["online"])
    ServiceAreaFactory(service=online, name="wigan")
    national = ServiceFactory(name="National helpline", access_modes=["phone"])
    ServiceAreaFactory(service=national, name="England")
    elsewhere = ServiceFactory(name="Online for Lambeth", access_modes=["online"])
    ServiceAreaFactory(service=elsewhere, name="Lambeth")
    in_person_only = ServiceFactory(name="Unlocated", access_modes=["in_person"])
    ServiceAreaFactory(service=in_person_only, name="Wigan")
    result = services_search(params={"postcode": "WN1 1AA", "sort": "distance"})
    assert [(s.name, s.distance_m is None) for s in result.queryset] == [
        ("Nearby group", False),
        ("National helpline", True),
        ("Online for Wigan", True),
    ]


def test_relevance_sort_with_a_place(wigan_postcode):
    located_service("Peer support", 4)
    located_service("Knitting", 0.5, description="Some peer chat.")
    assert names({"q": "peer", "postcode": "WN1 1AA"}) == ["Peer support", "Knitting"]
    assert names({"q": "peer", "postcode": "WN1 1AA", "sort": "distance"}) == [
        "Knitting",
        "Peer support",
    ]


def test_an_unknown_postcode_is_a_form_error_not_an_empty_page(wigan_postcode):
    ServiceFactory(name="Anything")
    result = services_search(params={"postcode": "ZZ9 9ZZ"})
    assert not result.is_valid
    assert result.errors["postcode"] == ["Enter a UK postcode, like SW9 8AB."]
    assert list(result.queryset) == []
    result = services_search(params={"postcode": "Atlantis"})
    assert result.errors["postcode"] == ["We could not find that place."]


def test_distance_sort_without_a_place_falls_back_to_relevance():
    ServiceFactory(name="Peer support")
    assert names({"q": "peer", "sort": "distance"}) == ["Peer support"]


# --- validation and visibility ----------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("radius", "7"),
        ("radius", "lots"),
        ("free", "banana"),
        ("age", "-1"),
        ("age", "121"),
        ("age", "ten"),
        ("service_type", "no-such-type"),
        ("community", "nobody"),
        ("sort", "random"),
        ("gender", "other"),
        ("open_on", "XX"),
        ("led_by", "staff"),
        ("access_mode", "telepathy"),
        ("language", "Punjabi!"),
        ("q", "x" * 201),
        ("q", "peer\x00"),
        ("open_now", "maybe"),
    ],
)
def test_bad_values_are_form_errors(param, value):
    result = services_search(params={param: value})
    assert not result.is_valid
    assert param in result.errors
    assert list(result.queryset) == []


def test_only_active_services_are_ever_found(wigan_postcode):
    for status in m.ServiceStatus.values:
        located_service(f"Peer group {status}", 1, status=status)
    assert names({"q": "peer"}) == ["Peer group active"]
    assert names({}) == ["Peer group active"]
    assert names({"postcode": "WN1 1AA", "q": "grop"}) == ["Peer group active"]


def test_an_empty_search_is_not_bound_and_lists_everything_by_name():
    ServiceFactory(name="B")
    ServiceFactory(name="A")
    result = services_search(params={})
    assert not result.is_bound
    assert [s.name for s in result.queryset] == ["A", "B"]


def test_results_page_needs_a_fixed_number_of_queries(django_assert_max_num_queries):
    for i in range(5):
        service = located_service(f"Peer group {i}", 1, terms=["communities:punjabi"])
        LanguageFactory(service=service)
    result = services_search(params={"q": "peer"})
    with django_assert_max_num_queries(4):
        for service in result.queryset[:20]:
            [t.name for t in service.terms.all()]
            [lang.code for lang in service.languages.all()]
            [sal.location.name for sal in service.service_at_locations.all()]
            service.organisation.name  # noqa: B018
