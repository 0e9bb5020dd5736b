"""generate_directory: exact, repeatable synthetic directories that clear cleanly."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory import models as m
from directory.demo.synthetic import SYNTHETIC_LEGAL_STATUS
from tests.factories import AddressFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SYNTHETIC = {"organisation__legal_status": SYNTHETIC_LEGAL_STATUS}


def _generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_directory", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, list]:
    return {
        "services": list(
            m.Service.objects.filter(**SYNTHETIC)
            .order_by("id")
            .values_list("id", "name", "organisation_id", "capacity_status")
        ),
        "locations": list(
            m.Location.objects.filter(**SYNTHETIC)
            .order_by("id")
            .values_list("id", "latitude", "longitude", "local_authority")
        ),
        "attributes": list(
            m.Attribute.objects.filter(service__organisation__legal_status=(SYNTHETIC_LEGAL_STATUS))
            .order_by("id")
            .values_list("id", "taxonomy_term_id")
        ),
    }


def test_creates_exactly_the_services_asked_for():
    output = _generate("--services", "500", "--seed", "1")

    services = m.Service.objects.filter(**SYNTHETIC)
    assert services.count() == 500
    assert "rows/s" in output
    assert m.Organisation.objects.filter(legal_status=SYNTHETIC_LEGAL_STATUS).count() == 166
    assert m.Organisation.objects.filter(name__startswith="Synthetic group").count() == 166


def test_each_service_is_complete():
    _generate("--services", "200", "--seed", "3", "--organisations", "20")

    assert m.Organisation.objects.filter(legal_status=SYNTHETIC_LEGAL_STATUS).count() == 20
    for service in m.Service.objects.filter(**SYNTHETIC).prefetch_related(
        "attributes",
        "languages",
        "schedules",
        "service_at_locations__location",
        "service_areas",
    ):
        assert 1 <= len(service.attributes.all()) <= 3
        assert 1 <= len(service.languages.all()) <= 2
        assert len(service.schedules.all()) == 1
        assert len(service.service_areas.all()) == 1
        (at_location,) = service.service_at_locations.all()
        location = at_location.location
        assert 49.8 < location.latitude < 55.9 and -6.5 < location.longitude < 1.9
        assert service.access_modes and service.referral_routes
    statuses = set(m.Service.objects.filter(**SYNTHETIC).values_list("status", flat=True))
    assert "active" in statuses


def test_same_seed_gives_the_same_directory():
    _generate("--services", "500", "--seed", "1")
    first = _snapshot()
    _generate("--clear", "--services", "500", "--seed", "1")
    assert _snapshot() == first
    _generate("--clear", "--services", "500", "--seed", "2")
    assert _snapshot()["services"] != first["services"]


def test_generated_services_are_searchable():
    if not any(f.name == "search_vector" for f in m.Service._meta.get_fields()):
        pytest.skip("no search vector in this schema")
    _generate("--services", "50", "--seed", "5")
    # Languages reach the vector only through the language rows, which go in first.
    for service in m.Service.objects.filter(**SYNTHETIC):
        assert "'english'" in service.search_vector


def test_clear_removes_only_synthetic_records():
    real = ServiceFactory(terms=["service-types:peer-support"])
    place = LocationFactory(organisation=real.organisation)
    AddressFactory(location=place)
    m.ServiceAtLocation.objects.create(service=real, location=place)
    _generate("--services", "300", "--seed", "4")

    output = _generate("--clear")

    assert "Removed 300" in output
    assert list(m.Service.objects.all()) == [real]
    assert list(m.Organisation.objects.all()) == [real.organisation]
    assert list(m.Location.objects.all()) == [place]
    assert m.Attribute.objects.get().service == real
    assert m.Address.objects.count() == 1
    for model in (m.Language, m.Schedule, m.ServiceArea):
        assert not model.objects.exists()


def test_asks_for_something_to_do():
    with pytest.raises(CommandError):
        call_command("generate_directory")
