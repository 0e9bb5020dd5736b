"""Listing snapshots: the editable content of an organisation or a service as plain JSON.

A proposed edit is stored as a snapshot (``PendingChange.proposed``) beside the snapshot of
the record when the edit began (``PendingChange.base``). Comparing the two gives the
field-by-field diff a curator reviews; comparing ``base`` with a fresh snapshot tells
whether the record changed in the meantime. Capacity and the "last checked" date are left
out on purpose: members change those directly, and doing so must not invalidate an edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from directory.models import (
    Address,
    Attribute,
    Language,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

Snapshot = dict[str, Any]

ORGANISATION_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "legal_status",
    "year_incorporated",
)
SERVICE_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "alert",
    "led_by",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "eligible_genders",
    "access_modes",
    "referral_routes",
    "application_process",
    "interpretation_services",
    "is_free",
    "fees",
    "accreditations",
)
TERM_KEYS = {"service_types": Taxonomy.SERVICE_TYPES, "communities": Taxonomy.COMMUNITIES}
SCHEDULE_KEYS = ("freq", "interval", "byday", "opens_at", "closes_at", "description", "notes")
LANGUAGE_KEYS = ("name", "code", "note")
LOCATION_KEYS = ("name", "description", "transportation")
ADDRESS_KEYS = ("address_1", "address_2", "city", "state_province", "postal_code")


def _time_text(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def organisation_snapshot(organisation: Organisation) -> Snapshot:
    return {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}


def service_snapshot(service: Service) -> Snapshot:
    snapshot: Snapshot = {name: _plain(getattr(service, name)) for name in SERVICE_FIELDS}
    attributes = Attribute.objects.filter(service=service).select_related("taxonomy_term__taxonomy")
    for key, slug in TERM_KEYS.items():
        snapshot[key] = sorted(
            a.taxonomy_term.code for a in attributes if a.taxonomy_term.taxonomy.slug == slug
        )
    snapshot["schedules"] = sorted(
        (_schedule_row(s) for s in Schedule.objects.filter(service=service)), key=row_key
    )
    snapshot["languages"] = sorted(
        ({k: getattr(lang, k) for k in LANGUAGE_KEYS} for lang in service.languages.all()),
        key=row_key,
    )
    snapshot["locations"] = [
        _location_row(sal.location)
        for sal in ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .order_by("location__name", "location_id")
    ]
    return snapshot


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


def row_key(row: dict) -> str:
    return repr(sorted(row.items()))


def _schedule_row(schedule: Schedule) -> dict:
    return {
        "freq": schedule.freq,
        "interval": schedule.interval,
        "byday": schedule.byday,
        "opens_at": _time_text(schedule.opens_at),
        "closes_at": _time_text(schedule.closes_at),
        "description": schedule.description,
        "notes": schedule.notes,
    }


def _location_row(location: Location) -> dict:
    address = location.addresses.order_by("id").first()
    row = {"id": str(location.pk)}
    row.update({k: getattr(location, k) for k in LOCATION_KEYS})
    row.update({k: getattr(address, k) if address else "" for k in ADDRESS_KEYS})
    return row


# --- Diffs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    old: list[str]
    new: list[str]


def snapshot_diff(*, model: type[models.Model], base: Snapshot, proposed: Snapshot):
    """The changed fields, in form order, each with human labels and human-readable values."""
    changes = []
    for key, new_value in proposed.items():
        old_value = base.get(key)
        if old_value == new_value:
            continue
        changes.append(
            FieldChange(
                key=key,
                label=_label(model, key),
                old=_display(model, key, old_value),
                new=_display(model, key, new_value),
            )
        )
    return changes


_LIST_LABELS = {
    "service_types": lambda: _("Type of support"),
    "communities": lambda: _("Communities"),
    "schedules": lambda: _("When it is on"),
    "languages": lambda: _("Languages"),
    "locations": lambda: _("Where it is"),
}


def _label(model: type[models.Model], key: str) -> str:
    if key in _LIST_LABELS:
        return _LIST_LABELS[key]()
    return str(model._meta.get_field(key).verbose_name).capitalize()


def _display(model: type[models.Model], key: str, value: Any) -> list[str]:
    """Lines of text describing ``value``; an empty list means "nothing given"."""
    if key in TERM_KEYS:
        names = dict(
            TaxonomyTerm.objects.filter(
                taxonomy__slug=TERM_KEYS[key], code__in=value or []
            ).values_list("code", "name")
        )
        return [names.get(code, code) for code in value or []]
    if key == "schedules":
        return [_schedule_text(row) for row in value or []]
    if key == "languages":
        return [_language_text(row) for row in value or []]
    if key == "locations":
        return [_location_text(row) for row in value or []]
    field = model._meta.get_field(key)
    choices = dict(getattr(field, "base_field", field).flatchoices)
    if isinstance(value, list):
        return [str(choices.get(v, v)) for v in value]
    if isinstance(value, bool):
        return [_("Yes") if value else _("No")]
    if value in (None, ""):
        return []
    return [str(choices.get(value, value))]


def _schedule_text(row: dict) -> str:
    from directory.templatetags.directory_format import schedule_text

    schedule = Schedule(
        freq=row.get("freq") or "",
        interval=row.get("interval"),
        byday=row.get("byday") or "",
        opens_at=_parse_time(row.get("opens_at")),
        closes_at=_parse_time(row.get("closes_at")),
        description=row.get("description") or "",
    )
    text = schedule_text(schedule) or _("(no times given)")
    return f"{text} – {row['notes']}" if row.get("notes") else text


def _language_text(row: dict) -> str:
    text = f"{row.get('name')} ({row.get('code')})"
    return f"{text} – {row['note']}" if row.get("note") else text


def _location_text(row: dict) -> str:
    parts = [row.get(k) for k in ("name", "address_1", "address_2", "city", "postal_code")]
    return ", ".join(p for p in parts if p)


def _parse_time(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


# --- Applying -------------------------------------------------------------------------


def organisation_apply(*, organisation: Organisation, base: Snapshot, proposed: Snapshot) -> None:
    """Write the fields that differ from ``base``. Call inside a transaction, row locked."""
    for key in ORGANISATION_FIELDS:
        if key in proposed and proposed[key] != base.get(key):
            setattr(organisation, key, proposed[key])
    organisation.full_clean()
    organisation.save()


def service_apply(*, service: Service, base: Snapshot, proposed: Snapshot) -> None:
    """Write what differs from ``base`` to the service and its rows. Call inside a
    transaction with the service row locked."""
    changed = {k for k, v in proposed.items() if v != base.get(k)}
    for key in SERVICE_FIELDS:
        if key in changed:
            setattr(service, key, proposed[key])
    service.full_clean()
    service.save()
    for key, slug in TERM_KEYS.items():
        if key in changed:
            _replace_terms(service, slug, proposed[key])
    if "schedules" in changed:
        Schedule.objects.filter(service=service).delete()
        for row in proposed["schedules"]:
            _schedule_from_row(service, row).save()
    if "languages" in changed:
        service.languages.all().delete()
        for row in proposed["languages"]:
            Language.objects.create(service=service, **{k: row[k] for k in LANGUAGE_KEYS})
    if "locations" in changed:
        _replace_locations(service, proposed["locations"])


def _replace_terms(service: Service, slug: str, codes: list[str]) -> None:
    Attribute.objects.filter(service=service, taxonomy_term__taxonomy__slug=slug).exclude(
        taxonomy_term__code__in=codes
    ).delete()
    for term in TaxonomyTerm.objects.filter(taxonomy__slug=slug, code__in=codes):
        Attribute.objects.get_or_create(service=service, taxonomy_term=term)


def _schedule_from_row(service: Service, row: dict) -> Schedule:
    schedule = Schedule(
        service=service,
        freq=row.get("freq") or "",
        interval=row.get("interval"),
        byday=row.get("byday") or "",
        opens_at=_parse_time(row.get("opens_at")),
        closes_at=_parse_time(row.get("closes_at")),
        description=row.get("description") or "",
        notes=row.get("notes") or "",
    )
    schedule.full_clean()
    return schedule


def _replace_locations(service: Service, rows: list[dict]) -> None:
    """Update kept locations in place, add new ones to the organisation, and unlink removed
    ones (a location no service uses any more is deleted)."""
    kept: set[str] = set()
    for row in rows:
        location = None
        if row.get("id"):
            location = Location.objects.filter(
                pk=row["id"], organisation=service.organisation
            ).first()
        if location is None:
            location = Location(organisation=service.organisation)
        for key in LOCATION_KEYS:
            setattr(location, key, row.get(key) or "")
        _locate(location, row.get("postal_code") or "")
        location.save()
        _save_address(location, row)
        ServiceAtLocation.objects.get_or_create(service=service, location=location)
        kept.add(str(location.pk))
    removed = ServiceAtLocation.objects.filter(service=service).exclude(location_id__in=kept)
    orphans = [sal.location_id for sal in removed]
    removed.delete()
    Location.objects.filter(pk__in=orphans, service_at_locations__isnull=True).delete()


def _locate(location: Location, postcode: str) -> None:
    """Place the location at its postcode, so distance searches find it."""
    from directory.postcodes import PostcodeError, postcode_lookup

    if not postcode:
        return
    try:
        place = postcode_lookup(postcode)
    except PostcodeError:
        return
    location.latitude, location.longitude = place.latitude, place.longitude
    location.local_authority = place.local_authority_name or location.local_authority


def _save_address(location: Location, row: dict) -> None:
    address = location.addresses.order_by("id").first() or Address(location=location)
    for key in ADDRESS_KEYS:
        setattr(address, key, row.get(key) or "")
    if address.address_1 or address.postal_code:
        address.full_clean()
        address.save()
