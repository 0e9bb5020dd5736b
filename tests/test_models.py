"""Directory models: the database refuses records that would mislead people."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory import models as m
from directory.vocabulary import COMMUNITIES, SERVICE_TYPES
from tests import factories as f

pytestmark = pytest.mark.django_db


def _refused(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ServiceFactory(**kwargs)


def test_age_range_must_be_ordered():
    _refused(minimum_age=30, maximum_age=18)
    assert f.ServiceFactory(minimum_age=11, maximum_age=25).accepts_age(25)


def test_open_ended_age_ranges_are_allowed():
    service = f.ServiceFactory(minimum_age=60, maximum_age=None)
    assert service.accepts_age(90) and not service.accepts_age(59)


def test_waiting_weeks_only_on_a_waiting_list():
    _refused(capacity_status=m.CapacityStatus.ACCEPTING, waiting_list_weeks=4)
    service = f.ServiceFactory(capacity_status=m.CapacityStatus.WAITING_LIST, waiting_list_weeks=4)
    assert service.waiting_list_weeks == 4


def test_unknown_status_is_refused_by_the_database():
    _refused(status="closed-ish")


def test_full_clean_reports_constraint_in_plain_words():
    service = f.ServiceFactory.build(
        organisation=f.OrganisationFactory(), minimum_age=40, maximum_age=20
    )
    with pytest.raises(ValidationError) as info:
        service.full_clean()
    assert "minimum age must not be above the maximum age" in str(info.value)


def test_schedule_needs_an_owner():
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Schedule.objects.create(freq="WEEKLY", byday="MO")


def test_schedule_days_parse_ordinals():
    schedule = f.ScheduleFactory(byday="1TU,-1FR,SA")
    assert schedule.days == ["TU", "FR", "SA"]


def test_schedule_byday_validation():
    schedule = f.ScheduleFactory.build(service=f.ServiceFactory(), byday="Mondays")
    with pytest.raises(ValidationError) as info:
        schedule.full_clean()
    assert "byday" in info.value.message_dict


def test_latitude_and_longitude_come_together():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.LocationFactory(latitude=51.5, longitude=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.LocationFactory(latitude=95.0, longitude=0.0)


def test_language_codes_are_iso_639():
    good = f.LanguageFactory.build(
        service=f.ServiceFactory(), name="British Sign Language", code="bfi"
    )
    good.full_clean()
    bad = f.LanguageFactory.build(service=f.ServiceFactory(), name="Punjabi", code="Punjabi")
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_a_term_is_linked_once_per_service():
    service = f.ServiceFactory(terms=["service-types:peer-support"])
    term = m.TaxonomyTerm.objects.get(code="peer-support")
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Attribute.objects.create(service=service, taxonomy_term=term)


def test_vocabularies_are_seeded_with_stable_ids():
    types = m.TaxonomyTerm.objects.filter(taxonomy__slug="service-types")
    communities = m.TaxonomyTerm.objects.filter(taxonomy__slug="communities")
    assert {t.code for t in types} == {code for code, *_ in SERVICE_TYPES}
    assert {t.code for t in communities} == {code for code, *_ in COMMUNITIES}
    peer = types.get(code="peer-support")
    assert peer.id == m.term_uuid("service-types", "peer-support")
    assert peer.id == uuid.uuid5(
        uuid.UUID("6f0b8a52-2f57-4d0a-9a57-5d7c2f3e9b10"), "service-types:peer-support"
    )


def test_ids_are_uuids():
    service = f.ServiceFactory()
    assert isinstance(service.pk, uuid.UUID)
    assert service.organisation.pk.version == 4


def test_peer_referral_only():
    assert f.ServiceFactory(referral_routes=["peer"]).is_peer_referral_only
    assert f.ServiceFactory(referral_routes=["peer", "professional"]).is_peer_referral_only
    assert not f.ServiceFactory(referral_routes=["self", "peer"]).is_peer_referral_only


def test_terms_through_attributes():
    service = f.ServiceFactory(terms=["service-types:womens-centre", "communities:women-only"])
    assert set(service.terms.values_list("code", flat=True)) == {"womens-centre", "women-only"}


def test_deleting_an_organisation_removes_its_services():
    service = f.ServiceFactory()
    service.organisation.delete()
    assert not m.Service.objects.filter(pk=service.pk).exists()


def test_cost_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        m.CostOption.objects.create(service=f.ServiceFactory(), amount=-1)
