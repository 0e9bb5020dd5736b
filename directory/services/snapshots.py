"""Listing snapshots: the editable content of an organisation or a service as plain JSON.

A proposed edit is stored as a snapshot (``PendingChange.proposed``) beside the snapshot of
the record when the edit began (``PendingChange.base``). Comparing the two gives the
field-by-field diff a curator reviews; comparing ``base`` with a fresh snapshot tells
whether the record changed in the meantime. Capacity and the "last checked" date are left
out on purpose: members change those directly, and doing so must not invalidate an edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organisation,
    OrganisationIdentifier,
    OrganisationTranslation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTranslation,
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
    "logo",
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
SCHEDULE_KEYS = (
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "opens_at",
    "closes_at",
    "dtstart",
    "valid_from",
    "valid_to",
    "attending_type",
    "schedule_link",
    "description",
    "notes",
)
_SCHEDULE_DATES = ("dtstart", "valid_from", "valid_to")
LANGUAGE_KEYS = ("name", "code", "note")
LOCATION_KEYS = ("name", "alternate_name", "location_type", "url", "description", "transportation")
ADDRESS_KEYS = (
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
)


# --- Simple child rows ----------------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    """Child rows edited as a whole list (phones, contacts, costs…): a snapshot holds their
    fields, never their ids, so a proposal cannot point at another group's rows; applying
    replaces the rows of the one record being edited. ``children`` pairs a nested spec with
    the foreign key that links it to this row."""

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    label: Callable[[], str]
    children: tuple[tuple[RowSpec, str], ...] = field(default=())


PHONES = RowSpec(
    "phones", Phone, ("number", "extension", "type", "description"), lambda: _("Phone numbers")
)
CONTACTS = RowSpec(
    "contacts",
    Contact,
    ("name", "title", "department", "email"),
    lambda: _("Contacts"),
    children=((PHONES, "contact"),),
)
COST_OPTIONS = RowSpec(
    "cost_options",
    CostOption,
    ("option", "amount", "amount_description", "valid_from", "valid_to"),
    lambda: _("Costs"),
)
SERVICE_AREAS = RowSpec(
    "service_areas", ServiceArea, ("name", "description", "uri"), lambda: _("Areas served")
)
FUNDING = RowSpec("funding", Funding, ("source",), lambda: _("Funding"))
IDENTIFIERS = RowSpec(
    "identifiers",
    OrganisationIdentifier,
    ("identifier_type", "identifier_scheme", "identifier"),
    lambda: _("Registered numbers"),
)
ACCESSIBILITY = RowSpec(
    "accessibility",
    Accessibility,
    ("description", "details", "url"),
    lambda: _("Accessibility"),
)
# A listing's own words in other languages (docs/decisions/008-languages.md): one row a
# language, edited and moderated like the other rows.
SERVICE_TRANSLATIONS = RowSpec(
    "translations",
    ServiceTranslation,
    ("language", "name", "description", "application_process"),
    lambda: _("In other languages"),
)
ORGANISATION_TRANSLATIONS = RowSpec(
    "organisation_translations",
    OrganisationTranslation,
    ("language", "name", "description"),
    lambda: _("In other languages"),
)
SERVICE_ROWS = (PHONES, CONTACTS, COST_OPTIONS, SERVICE_AREAS, FUNDING, SERVICE_TRANSLATIONS)
ORGANISATION_ROWS = (IDENTIFIERS, CONTACTS, ORGANISATION_TRANSLATIONS)
LOCATION_ROWS = (ACCESSIBILITY, PHONES)
ROW_SPECS = {spec.key: spec for spec in (*SERVICE_ROWS, *ORGANISATION_ROWS, *LOCATION_ROWS)}


def _service_row_owner(spec: RowSpec, service: Service) -> dict:
    """Which rows of ``spec`` belong to the service itself (not its contacts or places)."""
    if spec is PHONES:
        return {"service": service, "contact": None, "location": None}
    return {"service": service}


def _organisation_row_owner(spec: RowSpec, organisation: Organisation) -> dict:
    if spec is CONTACTS:
        return {"organisation": organisation, "service": None}
    return {"organisation": organisation}


def rows_read(spec: RowSpec, owner: dict) -> list[dict]:
    rows = []
    for record in spec.model.objects.filter(**owner).order_by("pk"):
        row = {name: json_value(getattr(record, name)) for name in spec.fields}
        for child, link in spec.children:
            row[child.key] = rows_read(child, {link: record})
        rows.append(row)
    return sorted(rows, key=row_key)


def rows_write(spec: RowSpec, owner: dict, rows: list[dict]) -> None:
    """Replace the owner's rows with ``rows``. Call inside a transaction."""
    spec.model.objects.filter(**owner).delete()
    for row in rows:
        record = spec.model(
            **owner,
            **{name: _model_value(spec.model, name, row.get(name)) for name in spec.fields},
        )
        record.full_clean(validate_unique=False)
        record.save()
        for child, link in spec.children:
            if child.key in row:
                rows_write(child, {link: record}, row[child.key])


def json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _model_value(model: type[models.Model], name: str, value: Any) -> Any:
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.DateField):
        return dt.date.fromisoformat(value) if value else None
    if isinstance(model_field, models.DecimalField):
        return Decimal(value) if value not in (None, "") else None
    if value is None and not model_field.null:
        return ""
    return value


def _time_text(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def organisation_snapshot(organisation: Organisation) -> Snapshot:
    snapshot: Snapshot = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    for spec in ORGANISATION_ROWS:
        snapshot[spec.key] = rows_read(spec, _organisation_row_owner(spec, organisation))
    return snapshot


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
    for spec in SERVICE_ROWS:
        snapshot[spec.key] = rows_read(spec, _service_row_owner(spec, service))
    return snapshot


def new_service_snapshot() -> Snapshot:
    """The snapshot of a service not yet created: what a new listing's form starts from."""
    snapshot: Snapshot = {
        name: _plain(Service._meta.get_field(name).get_default()) for name in SERVICE_FIELDS
    }
    for key in (*TERM_KEYS, "schedules", "languages", "locations"):
        snapshot[key] = []
    for spec in SERVICE_ROWS:
        snapshot[spec.key] = []
    return snapshot


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


def row_key(row: dict) -> str:
    return repr(sorted(row.items()))


def _schedule_row(schedule: Schedule) -> dict:
    row = {key: json_value(getattr(schedule, key)) for key in SCHEDULE_KEYS}
    row["opens_at"] = _time_text(schedule.opens_at)
    row["closes_at"] = _time_text(schedule.closes_at)
    return row


def _location_row(location: Location) -> dict:
    address = location.addresses.order_by("id").first()
    row = {"id": str(location.pk)}
    row.update({k: getattr(location, k) for k in LOCATION_KEYS})
    row.update({k: getattr(address, k) if address else "" for k in ADDRESS_KEYS})
    for spec in LOCATION_ROWS:
        row[spec.key] = rows_read(spec, {"location": location})
    return row


# --- Diffs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    old: list[str]
    new: list[str]


def snapshot_diff(*, model: type[models.Model], base: Snapshot, proposed: Snapshot):
    """The changed fields, in form order, each with human labels and human-readable values.

    A key the proposal does not hold is left out (a proposal made before a field became
    editable says nothing about it), and so is one whose text did not change.
    """
    changes = []
    for key, new_value in proposed.items():
        old_value = base.get(key)
        if old_value == new_value:
            continue
        old, new = _display(model, key, old_value), _display(model, key, new_value)
        if old == new:
            continue
        changes.append(FieldChange(key=key, label=_label(model, key), old=old, new=new))
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
    if key in ROW_SPECS:
        return ROW_SPECS[key].label()
    return capfirst(str(model._meta.get_field(key).verbose_name))


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
    if key in ROW_SPECS:
        return [row_text(ROW_SPECS[key], row) for row in value or []]
    field = model._meta.get_field(key)
    choices = dict(getattr(field, "base_field", field).flatchoices)
    if isinstance(value, list):
        return [str(choices.get(v, v)) for v in value]
    if isinstance(value, bool):
        return [_("Yes") if value else _("No")]
    if value in (None, ""):
        return []
    return [str(choices.get(value, value))]


# Plain names for the row fields whose model names are terse or missing.
_ROW_FIELD_LABELS = {
    "title": lambda: _("Role"),
    "type": lambda: _("Type of line"),
    "valid_from": lambda: _("From"),
    "valid_to": lambda: _("Until"),
    "uri": lambda: _("Link"),
    "identifier_scheme": lambda: _("Register"),
    "identifier_type": lambda: _("Kind of number"),
    "details": lambda: _("Details"),
}


def _row_field_label(spec: RowSpec, name: str) -> str:
    if name in _ROW_FIELD_LABELS:
        return _ROW_FIELD_LABELS[name]()
    return capfirst(str(spec.model._meta.get_field(name).verbose_name))


def _value_text(model: type[models.Model], name: str, value: Any) -> str:
    if isinstance(model._meta.get_field(name), models.DateField):
        return _date_text(value)
    return str(value)


def _date_text(value: str | None) -> str:
    return date_format(dt.date.fromisoformat(value), "j F Y") if value else ""


def row_text(spec: RowSpec, row: dict) -> str:
    """One line naming every filled-in field of a row, nested rows included."""
    parts = [
        f"{_row_field_label(spec, name)}: {_value_text(spec.model, name, row[name])}"
        for name in spec.fields
        if row.get(name)
    ]
    for child, _link in spec.children:
        if row.get(child.key):
            texts = " / ".join(row_text(child, r) for r in row[child.key])
            parts.append(f"{child.label()}: [{texts}]")
    return "; ".join(parts) or _("(nothing filled in)")


def _schedule_text(row: dict) -> str:
    from directory.templatetags.directory_format import schedule_text

    schedule = _schedule_from_row(None, row, clean=False)
    text = schedule_text(schedule) or _("(no times given)")
    extras = [
        (_("Days of the month"), row.get("bymonthday")),
        (_("First date"), _date_text(row.get("dtstart"))),
        (_("From"), _date_text(row.get("valid_from"))),
        (_("Until"), _date_text(row.get("valid_to"))),
        (_("How to attend"), row.get("attending_type")),
        (_("Timetable"), row.get("schedule_link")),
        (_("Notes"), row.get("notes")),
    ]
    details = "; ".join(f"{label}: {value}" for label, value in extras if value)
    return f"{text} – {details}" if details else text


def _language_text(row: dict) -> str:
    text = f"{row.get('name')} ({row.get('code')})"
    return f"{text} – {row['note']}" if row.get("note") else text


def _location_text(row: dict) -> str:
    parts = [
        row.get(k)
        for k in ("name", "alternate_name", "attention", "address_1", "address_2", "city")
    ]
    parts += [row.get(k) for k in ("region", "state_province", "postal_code", "url")]
    text = ", ".join(p for p in parts if p)
    if row.get("location_type") and row["location_type"] != "physical":
        text += (
            " ("
            + str(
                dict(Location._meta.get_field("location_type").flatchoices).get(
                    row["location_type"], row["location_type"]
                )
            )
            + ")"
        )
    for label, value in (
        (_("How to find it"), row.get("description")),
        (_("Public transport"), row.get("transportation")),
    ):
        if value:
            text += f"; {label}: {value}"
    for spec in LOCATION_ROWS:
        if row.get(spec.key):
            texts = " / ".join(row_text(spec, r) for r in row[spec.key])
            text += f"; {spec.label()}: [{texts}]"
    return text


def _parse_time(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def _parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# --- Applying -------------------------------------------------------------------------


def _changed(base: Snapshot, proposed: Snapshot) -> set[str]:
    return {key for key, value in proposed.items() if value != base.get(key)}


def organisation_apply(*, organisation: Organisation, base: Snapshot, proposed: Snapshot) -> None:
    """Write the fields and rows that differ from ``base``. Call inside a transaction with
    the organisation row locked."""
    changed = _changed(base, proposed)
    for key in ORGANISATION_FIELDS:
        if key in changed:
            setattr(organisation, key, proposed[key])
    organisation.full_clean()
    organisation.save()
    for spec in ORGANISATION_ROWS:
        if spec.key in changed:
            rows_write(spec, _organisation_row_owner(spec, organisation), proposed[spec.key])


def service_apply(*, service: Service, base: Snapshot, proposed: Snapshot) -> None:
    """Write what differs from ``base`` to the service and its rows. Call inside a
    transaction with the service row locked (or, for a new service, not yet saved)."""
    changed = _changed(base, proposed)
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
    for spec in SERVICE_ROWS:
        if spec.key in changed:
            rows_write(spec, _service_row_owner(spec, service), proposed[spec.key])


def _replace_terms(service: Service, slug: str, codes: list[str]) -> None:
    Attribute.objects.filter(service=service, taxonomy_term__taxonomy__slug=slug).exclude(
        taxonomy_term__code__in=codes
    ).delete()
    for term in TaxonomyTerm.objects.filter(taxonomy__slug=slug, code__in=codes):
        Attribute.objects.get_or_create(service=service, taxonomy_term=term)


def _schedule_from_row(service: Service | None, row: dict, *, clean: bool = True) -> Schedule:
    schedule = Schedule(
        service=service,
        freq=row.get("freq") or "",
        interval=row.get("interval"),
        byday=row.get("byday") or "",
        bymonthday=row.get("bymonthday") or "",
        opens_at=_parse_time(row.get("opens_at")),
        closes_at=_parse_time(row.get("closes_at")),
        description=row.get("description") or "",
        notes=row.get("notes") or "",
        attending_type=row.get("attending_type") or "",
        schedule_link=row.get("schedule_link") or "",
        **{key: _parse_date(row.get(key)) for key in _SCHEDULE_DATES},
    )
    if clean:
        schedule.full_clean()
    return schedule


def _replace_locations(service: Service, rows: list[dict]) -> None:
    """Update kept locations in place, add new ones to the organisation, and unlink removed
    ones (a location no service uses any more is deleted). A kept location's fields that a
    row does not hold (proposed before they were editable) are left as they are."""
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
            if key in row:
                setattr(location, key, row[key] or Location._meta.get_field(key).get_default())
        _locate(location, row.get("postal_code") or "")
        location.save()
        _save_address(location, row)
        for spec in LOCATION_ROWS:
            if spec.key in row:
                rows_write(spec, {"location": location}, row[spec.key])
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
        if key in row:
            setattr(address, key, row[key] or "")
    if address.address_1 or address.postal_code:
        address.full_clean()
        address.save()
