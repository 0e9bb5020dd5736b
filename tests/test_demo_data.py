"""The demo directory: big and varied enough to show every feature, and safe to reload."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from directory import models as m
from directory.demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    GROUP_A,
    GROUP_A_PEER_ONLY_SERVICE,
    GROUP_A_SERVICE,
    GROUP_B,
    GROUP_B_SERVICE,
)
from directory.demo.areas import EXACT_POSTCODES
from directory.demo.services import demo_load
from directory.vocabulary import COMMUNITIES, SERVICE_TYPES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> dict[str, int]:
    return demo_load()


def _all_counts() -> dict[str, int]:
    models = [*apps.get_app_config("directory").get_models(), get_user_model()]
    return {model._meta.label: model._default_manager.count() for model in models}


def _values(field: str) -> set[str]:
    """Every value used in an array field across demo services."""
    return {v for values in m.Service.objects.values_list(field, flat=True) for v in values}


def test_command_prints_counts():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "service: " in out.getvalue()
    assert m.Service.objects.count() >= 120


def test_directory_is_big_and_spread_over_england(demo):
    assert m.Organisation.objects.count() >= 80
    assert m.Service.objects.count() >= 120
    assert demo["service"] == m.Service.objects.count()
    areas = set(m.Location.objects.values_list("local_authority", flat=True))
    assert {
        "Wigan",
        "Camden",
        "Westminster",
        "Lambeth",
        "Manchester",
        "Birmingham",
        "Leeds",
        "Bradford",
    } <= areas
    assert m.ServiceArea.objects.filter(name="England").exists()


def test_every_term_of_both_vocabularies_is_used(demo):
    used = set(
        m.Attribute.objects.values_list("taxonomy_term__taxonomy__slug", "taxonomy_term__code")
    )
    expected = {("service-types", code) for code, _, _ in SERVICE_TYPES}
    expected |= {("communities", code) for code, _, _ in COMMUNITIES}
    assert expected - used == set()


def test_every_choice_value_is_used(demo):
    assert _values("led_by") == set(m.LedBy.values)
    assert _values("access_modes") == set(m.AccessMode.values)
    assert _values("referral_routes") == set(m.ReferralRoute.values)
    assert _values("eligible_genders") == set(m.Gender.values)
    capacities = set(m.Service.objects.values_list("capacity_status", flat=True))
    assert capacities == set(m.CapacityStatus.values)
    statuses = set(m.Service.objects.values_list("status", flat=True))
    assert statuses == set(m.ServiceStatus.values)


def test_some_services_take_referrals_only_from_peers(demo):
    routes = [sorted(r) for r in m.Service.objects.values_list("referral_routes", flat=True)]
    assert ["peer"] in routes
    assert ["peer", "professional"] in routes
    assert m.Service.objects.get(pk=GROUP_A_PEER_ONLY_SERVICE).is_peer_referral_only


def test_waiting_lists_ages_and_women_only_services(demo):
    waiting = m.Service.objects.filter(capacity_status=m.CapacityStatus.WAITING_LIST)
    assert waiting.exists()
    assert not waiting.filter(waiting_list_weeks__isnull=True).exists()
    assert m.Service.objects.filter(minimum_age=11, maximum_age=25).exists()
    assert m.Service.objects.filter(minimum_age=60, maximum_age__isnull=True).exists()
    women_only = m.Service.objects.filter(attributes__taxonomy_term__code="women-only")
    assert women_only.exists()
    assert all("women" in s.eligible_genders for s in women_only)


def test_schedules_languages_costs_and_contacts(demo):
    assert m.Schedule.objects.filter(
        freq="WEEKLY", byday__contains="TH", opens_at__isnull=False, closes_at__isnull=False
    ).exists()
    assert m.Schedule.objects.filter(freq="MONTHLY", byday="1TU").exists()
    codes = set(m.Language.objects.values_list("code", flat=True))
    assert {"en", "pa", "ur", "bn", "so", "pl", "ar", "cy", "bfi"} <= codes
    assert m.Service.objects.filter(is_free=False, cost_options__isnull=False).exists()
    assert m.Service.objects.filter(is_free=True).count() > m.Service.objects.count() * 0.8
    assert m.Phone.objects.count() >= m.Service.objects.count()
    assert m.Contact.objects.count() >= m.Service.objects.count()
    assert m.Accessibility.objects.exists()
    assert m.OrganisationIdentifier.objects.filter(identifier_scheme="GB-CHC").count() >= 40


def test_check_dates_spread_over_fourteen_months(demo):
    today = timezone.localdate()
    dates = list(m.Service.objects.values_list("assured_date", flat=True))
    assert all(today - dt.timedelta(days=430) <= d <= today for d in dates)
    stale = [d for d in dates if d < today - dt.timedelta(days=365)]
    assert 0 < len(stale) < len(dates) / 3


def test_full_postcodes_in_wigan_camden_and_westminster_are_real(demo):
    addresses = m.Address.objects.filter(
        location__local_authority__in=["Wigan", "Camden", "Westminster"],
        location__location_type=m.LocationType.PHYSICAL,
    )
    assert addresses.count() >= 20
    for address in addresses:
        assert address.postal_code in EXACT_POSTCODES
        lat, lng = EXACT_POSTCODES[address.postal_code]
        assert (address.location.latitude, address.location.longitude) == (lat, lng)


def test_group_a_is_a_punjabi_mens_peer_group(demo):
    group = m.Organisation.objects.get(pk=GROUP_A)
    service = group.services.get(pk=GROUP_A_SERVICE)
    assert "Punjabi men's group" in f"{service.name} {service.description}"
    codes = set(service.attributes.values_list("taxonomy_term__code", flat=True))
    assert {"peer-support", "punjabi"} <= codes
    assert service.eligible_genders == ["men"]


def test_group_b_is_a_womens_centre(demo):
    group = m.Organisation.objects.get(pk=GROUP_B)
    service = group.services.get(pk=GROUP_B_SERVICE)
    codes = set(service.attributes.values_list("taxonomy_term__code", flat=True))
    assert {"womens-centre", "women-only"} <= codes


def test_personas_exist_with_their_powers(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) >= {"priya", "dev", "grace", "cam", "ada"}
    assert {u.username for u in DEMO_USERS} == {"priya", "dev", "grace", "cam", "ada"}
    assert users["cam"].is_staff and not users["cam"].is_superuser
    assert users["ada"].is_superuser
    assert not users["priya"].is_staff and not users["dev"].is_staff
    assert users["grace"].display_name
    assert users["dev"].check_password(DEMO_PASSWORD)
    assert len(DEMO_PASSWORD) >= 12


def test_inactive_services_are_marked(demo):
    assert m.Service.objects.exclude(status=m.ServiceStatus.ACTIVE).count() >= 3


def test_reloading_changes_nothing(demo):
    before = _all_counts()
    out = StringIO()
    demo_load(stdout=out)
    assert _all_counts() == before
    assert "0 rows created, 0 updated, 0 deleted" in out.getvalue()


def test_reloading_restores_edited_and_removes_extra_rows(demo):
    service = m.Service.objects.get(pk=GROUP_B_SERVICE)
    service.name = "Renamed"
    service.save()
    m.Schedule.objects.create(service=service, freq="WEEKLY", byday="SU")
    m.Language.objects.filter(service=service).delete()
    before_edit = _all_counts()

    demo_load()

    service.refresh_from_db()
    assert service.name == "Women's drop-in at the Lantern"
    assert not service.schedules.filter(byday="SU").exists()
    assert service.languages.exists()
    assert _all_counts()["directory.Schedule"] == before_edit["directory.Schedule"] - 1


def test_reloading_keeps_a_changed_password(demo):
    user = get_user_model().objects.get(username="priya")
    user.set_password("a different password")
    user.save()
    demo_load()
    user.refresh_from_db()
    assert user.check_password("a different password")
