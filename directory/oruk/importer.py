"""Import an ORUK 3.0 feed: a JSON array of fully nested services, or another ORUK API's
``/services`` pages.

Each record is validated against the ORUK service schema, then written in its own
savepoint, so one bad record is reported and the rest still import. Records are upserted
by their ORUK ids (which they keep), and a record whose data would not change anything is
rolled back and counted unchanged, so a second import of the same feed writes nothing.
Attributes whose taxonomy term this directory does not have go to a review queue
(``UnknownTaxonomyTerm``) instead of being dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction

from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    ImportedService,
    Language,
    Location,
    Organisation,
    OrganisationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
    UnknownTaxonomyTerm,
)
from directory.oruk import mapping, schemas
from directory.oruk.selectors import with_nested

logger = logging.getLogger(__name__)

SERVICE_SCHEMA = "compiled/service.json"
# Keys of a fully nested service: a /services page item with none of them is a summary,
# and the importer fetches /services/{id} for the full record.
NESTED_KEYS = ("service_at_locations", "schedules", "languages", "contacts", "attributes")
MAX_PAGES = 10_000


class FeedError(Exception):
    """The feed as a whole cannot be read (not JSON, not a list, unreachable)."""


class RecordRejected(Exception):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class _Unchanged(Exception):
    """Raised inside a record's savepoint to roll back writes that changed nothing."""


@dataclass
class Rejection:
    index: int
    id: str | None
    reasons: list[str]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    terms_queued: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


# --- reading feeds ------------------------------------------------------------------------


def feed_read(location: str) -> Iterator[dict]:
    """Records from a URL (an ORUK API's base or its /services) or a local file."""
    if location.startswith(("http://", "https://")):
        return _api_records(location)
    return iter(_file_records(Path(location)))


def _file_records(path: Path) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FeedError(f"{path}: {error}") from error
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, dict):
        return [data]
    if not isinstance(data, list):
        raise FeedError(f"{path}: expected a JSON array of services")
    return data


def _get_json(url: str) -> Any:
    if not url.startswith(("http://", "https://")):
        raise FeedError(f"{url}: only http and https URLs can be read")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.ORUK_IMPORT_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        raise FeedError(f"{url}: {error}") from error


def _services_url(base: str) -> str:
    parts = urllib.parse.urlsplit(base)
    path = parts.path.rstrip("/")
    if not path.endswith("/services"):
        path += "/services"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _with_query(url: str, **params) -> str:
    return f"{url}?{urllib.parse.urlencode(params)}"


def _api_records(base: str) -> Iterator[dict]:
    """Walk ``/services?page=N`` until the last page, fetching full records for summaries."""
    services_url = _services_url(base)
    for page in range(1, MAX_PAGES + 1):
        data = _get_json(_with_query(services_url, page=page, per_page=50))
        contents = data.get("contents") if isinstance(data, dict) else None
        if not isinstance(contents, list):
            raise FeedError(f"{services_url}: page {page} is not an ORUK page")
        for item in contents:
            yield _full_record(services_url, item)
        if data.get("last_page", True) or not contents:
            return


def _full_record(services_url: str, item: Any) -> Any:
    if not isinstance(item, dict) or any(key in item for key in NESTED_KEYS) or "id" not in item:
        return item
    return _get_json(f"{services_url}/{urllib.parse.quote(str(item['id']))}")


# --- importing ----------------------------------------------------------------------------


def oruk_import(*, records: Iterable[Any], source: str) -> ImportReport:
    """Import every record, each in its own savepoint; never stops at a bad record."""
    report = ImportReport()
    for index, record in enumerate(records):
        record_id = str(record.get("id")) if isinstance(record, dict) else None
        problems = schemas.errors(SERVICE_SCHEMA, record)
        if problems:
            report.rejected.append(Rejection(index, record_id, problems))
            continue
        try:
            with transaction.atomic():
                outcome = _ServiceImport(record, source=source, report=report).run()
                if outcome == "unchanged":
                    raise _Unchanged
        except _Unchanged:
            report.unchanged += 1
            continue
        except RecordRejected as error:
            report.rejected.append(Rejection(index, record_id, error.reasons))
            continue
        except DatabaseError as error:
            report.rejected.append(Rejection(index, record_id, [f"$: {error}".strip()]))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _snapshot(service_id: str) -> dict | None:
    service = with_nested(Service.objects.all()).filter(pk=service_id).first()
    if service is None:
        return None
    data = mapping.service_to_oruk(service)
    data.pop("last_modified", None)
    return data


def _text(data: dict, key: str, default: str = "") -> str:
    value = data.get(key)
    return default if value is None else str(value)


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise ValueError(f"not a date: {value!r}") from error


def _time(value) -> dt.time | None:
    if not value:
        return None
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError as error:
        raise ValueError(f"not a time: {value!r}") from error


def _datetime(value) -> dt.datetime | None:
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError(f"no time zone: {value!r}")
    return parsed


def _int(value) -> int | None:
    if value is None or value == "":
        return None
    number = float(value)
    if number != int(number):
        raise ValueError(f"not a whole number: {value!r}")
    return int(number)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f"not a number: {value!r}") from error


class _ServiceImport:
    """Writes one validated ORUK service and everything nested in it."""

    def __init__(self, record: dict, *, source: str, report: ImportReport) -> None:
        self.record = record
        self.source = source
        self.report = report
        self.terms_queued = 0

    def run(self) -> str:
        service_id = str(self.record["id"])
        before = _snapshot(service_id)
        try:
            service = self._service()
        except ValueError as error:
            raise RecordRejected([f"$: {error}"]) from error
        ImportedService.objects.update_or_create(service=service, defaults={"source": self.source})
        if before is None:
            self.report.terms_queued += self.terms_queued
            return "created"
        if _snapshot(service_id) == before and not self.terms_queued:
            return "unchanged"
        self.report.terms_queued += self.terms_queued
        return "updated"

    # One record ------------------------------------------------------------------------

    def _save(self, model: type[models.Model], pk, path: str, **fields) -> models.Model:
        """Create or update the record with ORUK id ``pk``; model validation errors reject
        the whole service with the JSON path of the object at fault."""
        instance = model.objects.filter(pk=pk).first() or model(pk=pk)
        for name, value in fields.items():
            setattr(instance, name, value)
        try:
            instance.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise RecordRejected(
                [
                    f"{path}.{name}: {' '.join(messages)}"
                    for name, messages in error.message_dict.items()
                ]
            ) from error
        instance.save()
        return instance

    def _replace(
        self,
        model: type[models.Model],
        parent: dict[str, Any],
        items: list[dict],
        path: str,
        fields: Callable[[dict], dict[str, Any]],
    ) -> list[models.Model]:
        """Make ``parent``'s children of ``model`` exactly ``items`` (upserted by id)."""
        ids = [str(item["id"]) for item in items]
        model.objects.filter(**parent).exclude(pk__in=ids).delete()
        return [
            self._save(model, item["id"], f"{path}[{index}]", **parent, **fields(item))
            for index, item in enumerate(items)
        ]

    def _existing(self, model: type[models.Model], pk) -> Any:
        """``pk`` when such a record exists here, else None (links to records outside the
        feed are kept only when they resolve)."""
        return pk if pk and model.objects.filter(pk=pk).exists() else None

    # Organisation ------------------------------------------------------------------------

    def _organisation(self) -> Organisation:
        data = self.record.get("organization")
        if not data:
            organisation_id = self._existing(Organisation, self.record.get("organization_id"))
            if organisation_id is None:
                raise RecordRejected(["$.organization: the service has no known organization"])
            return Organisation.objects.get(pk=organisation_id)
        organisation = self._save(
            Organisation,
            data["id"],
            "$.organization",
            name=_text(data, "name"),
            alternate_name=_text(data, "alternate_name"),
            description=_text(data, "description"),
            email=_text(data, "email"),
            website=_text(data, "website"),
            logo=_text(data, "logo"),
            uri=_text(data, "uri"),
            legal_status=_text(data, "legal_status"),
            year_incorporated=_int(data.get("year_incorporated")),
            parent_organisation_id=self._existing(Organisation, data.get("parent_organization_id")),
        )
        self._replace(
            OrganisationIdentifier,
            {"organisation": organisation},
            data.get("organization_identifiers") or [],
            "$.organization.organization_identifiers",
            lambda item: {
                "identifier_scheme": _text(item, "identifier_scheme"),
                "identifier_type": _text(item, "identifier_type"),
                "identifier": _text(item, "identifier"),
            },
        )
        return organisation

    # Service -----------------------------------------------------------------------------

    def _service(self) -> Service:
        record = self.record
        organisation = self._organisation()
        existing = Service.objects.filter(pk=record["id"]).first()
        fields: dict[str, Any] = {
            "organisation": organisation,
            "name": _text(record, "name"),
            "alternate_name": _text(record, "alternate_name"),
            "description": _text(record, "description"),
            "url": _text(record, "url"),
            "email": _text(record, "email"),
            "status": _text(record, "status"),
            "interpretation_services": _text(record, "interpretation_services"),
            "application_process": _text(record, "application_process"),
            "fees": _text(record, "fees") or _text(record, "fees_description"),
            "eligibility_description": _text(record, "eligibility_description"),
            "accreditations": _text(record, "accreditations"),
            "minimum_age": _int(record.get("minimum_age")),
            "maximum_age": _int(record.get("maximum_age")),
            "assured_date": _date(record.get("assured_date")),
            "assurer_email": _text(record, "assurer_email"),
            "alert": _text(record, "alert"),
        }
        fields |= self._extension(record.get(mapping.EXTENSION), existing=existing)
        service = self._save(Service, record["id"], "$", **fields)
        self._children(service)
        return service

    def _extension(self, data: Any, *, existing: Service | None) -> dict[str, Any]:
        """This project's own fields when the feed carries them (``x_fyp``); a feed from
        elsewhere leaves them as they are (or infers ``is_free`` for a new service)."""
        if not isinstance(data, dict):
            if existing is not None:
                return {}
            costs = [_decimal(c.get("amount")) for c in self.record.get("cost_options") or []]
            return {"is_free": not any(amount and amount > 0 for amount in costs)}
        fields: dict[str, Any] = {}
        for key in ("led_by", "access_modes", "referral_routes", "eligible_genders"):
            if isinstance(data.get(key), list):
                fields[key] = [str(value) for value in data[key]]
        if isinstance(data.get("is_free"), bool):
            fields["is_free"] = data["is_free"]
        if data.get("capacity_status"):
            fields["capacity_status"] = str(data["capacity_status"])
            fields["waiting_list_weeks"] = _int(data.get("waiting_list_weeks"))
            fields["capacity_updated_at"] = _datetime(data.get("capacity_updated_at"))
        return fields

    def _children(self, service: Service) -> None:
        record = self.record
        parent = {"service": service}
        self._replace(Schedule, parent, record.get("schedules") or [], "$.schedules", _schedule)
        self._replace(
            ServiceArea,
            parent,
            record.get("service_areas") or [],
            "$.service_areas",
            lambda item: {
                "name": _text(item, "name") or _text(item, "service_area"),
                "description": _text(item, "description"),
                "extent": _text(item, "extent"),
                "extent_type": _text(item, "extent_type"),
                "uri": _text(item, "uri"),
            },
        )
        self._languages(parent, record.get("languages") or [], "$.languages")
        self._replace(
            Funding,
            parent,
            record.get("funding") or [],
            "$.funding",
            lambda item: {"source": _text(item, "source")},
        )
        self._replace(
            CostOption,
            parent,
            record.get("cost_options") or [],
            "$.cost_options",
            lambda item: {
                "valid_from": _date(item.get("valid_from")),
                "valid_to": _date(item.get("valid_to")),
                "option": _text(item, "option"),
                "amount": _decimal(item.get("amount")),
                "currency": _text(item, "currency", "GBP"),
                "amount_description": _text(item, "amount_description"),
            },
        )
        contacts = record.get("contacts") or []
        saved = self._replace(Contact, parent, contacts, "$.contacts", self._contact_fields)
        for index, (contact, item) in enumerate(zip(saved, contacts, strict=True)):
            self._phones(
                {"contact": contact}, item.get("phones") or [], f"$.contacts[{index}].phones"
            )
        self._phones(parent, record.get("phones") or [], "$.phones")
        self._attributes(service)
        self._service_at_locations(service)

    def _contact_fields(self, item: dict) -> dict[str, Any]:
        return {
            "organisation_id": self._existing(Organisation, item.get("organization_id")),
            "name": _text(item, "name"),
            "title": _text(item, "title"),
            "department": _text(item, "department"),
            "email": _text(item, "email"),
        }

    def _phones(self, parent: dict[str, Any], items: list[dict], path: str) -> None:
        saved = self._replace(
            Phone,
            parent,
            items,
            path,
            lambda item: {
                "number": _text(item, "number"),
                "extension": _text(item, "extension"),
                "type": _text(item, "type"),
                "description": _text(item, "description"),
            },
        )
        for index, (phone, item) in enumerate(zip(saved, items, strict=True)):
            self._languages(
                {"phone": phone}, item.get("languages") or [], f"{path}[{index}].languages"
            )

    def _languages(self, parent: dict[str, Any], items: list[dict], path: str) -> None:
        """Languages with an ISO 639 code (HSDS 3.0); the UK profile's bare ``{id}``
        languages say nothing this directory can show, so they are skipped with a warning."""
        usable = []
        for index, item in enumerate(items):
            if item.get("code"):
                usable.append(item)
            else:
                self.report.warnings.append(
                    f"{self.record['id']} {path}[{index}]: language without a code skipped"
                )
        self._replace(
            Language,
            parent,
            usable,
            path,
            lambda item: {
                "code": _text(item, "code").lower(),
                "name": _text(item, "name") or _text(item, "code"),
                "note": _text(item, "note"),
            },
        )

    def _attributes(self, service: Service) -> None:
        known, unknown = [], []
        for item in self.record.get("attributes") or []:
            term_id = item.get("taxonomy_term_id") or (item.get("taxonomy_term") or {}).get("id")
            if term_id and TaxonomyTerm.objects.filter(pk=term_id).exists():
                known.append(item | {"taxonomy_term_id": term_id})
            elif term_id:
                unknown.append(item | {"taxonomy_term_id": term_id})
        self._replace(
            Attribute,
            {"service": service},
            known,
            "$.attributes",
            lambda item: {
                "taxonomy_term_id": item["taxonomy_term_id"],
                "value": _text(item, "value"),
            },
        )
        for item in unknown:
            _, created = UnknownTaxonomyTerm.objects.get_or_create(
                service=service,
                taxonomy_term_id=item["taxonomy_term_id"],
                defaults={
                    "source": self.source,
                    "attribute_id": item["id"],
                    "term": item.get("taxonomy_term") or {},
                    "value": _text(item, "value"),
                },
            )
            self.terms_queued += int(created)

    # Locations ---------------------------------------------------------------------------

    def _service_at_locations(self, service: Service) -> None:
        items = self.record.get("service_at_locations") or []
        ids = [str(item["id"]) for item in items]
        ServiceAtLocation.objects.filter(service=service).exclude(pk__in=ids).delete()
        for index, item in enumerate(items):
            path = f"$.service_at_locations[{index}]"
            location = self._location(item, path)
            sal = self._save(
                ServiceAtLocation,
                item["id"],
                path,
                service=service,
                location=location,
                description=_text(item, "description"),
            )
            self._replace(
                Schedule,
                {"service_at_location": sal},
                item.get("schedules") or [],
                f"{path}.schedules",
                _schedule,
            )

    def _location(self, item: dict, path: str) -> Location:
        data = item.get("location")
        if not data:
            location = Location.objects.filter(pk=item.get("location_id")).first()
            if location is None:
                raise RecordRejected([f"{path}.location: missing, and no known location_id"])
            return location
        path = f"{path}.location"
        extension = (
            data.get(mapping.EXTENSION) if isinstance(data.get(mapping.EXTENSION), dict) else {}
        )
        location = self._save(
            Location,
            data["id"],
            path,
            organisation_id=self._existing(Organisation, data.get("organization_id")),
            location_type=_text(data, "location_type"),
            url=_text(data, "url"),
            name=_text(data, "name"),
            alternate_name=_text(data, "alternate_name"),
            description=_text(data, "description"),
            transportation=_text(data, "transportation"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            external_identifier=_text(data, "external_identifier"),
            external_identifier_type=_text(data, "external_identifier_type"),
            local_authority=_text(extension, "local_authority"),
        )
        parent = {"location": location}
        self._replace(
            Address,
            parent,
            data.get("addresses") or [],
            f"{path}.addresses",
            lambda a: {
                "attention": _text(a, "attention"),
                "address_1": _text(a, "address_1"),
                "address_2": _text(a, "address_2"),
                "city": _text(a, "city"),
                "region": _text(a, "region"),
                "state_province": _text(a, "state_province"),
                "postal_code": _text(a, "postal_code"),
                "country": _text(a, "country"),
                "address_type": _text(a, "address_type"),
            },
        )
        self._replace(
            Accessibility,
            parent,
            data.get("accessibility") or [],
            f"{path}.accessibility",
            lambda a: {
                "description": _text(a, "description") or _text(a, "accessibility"),
                "details": _text(a, "details"),
                "url": _text(a, "url"),
            },
        )
        self._phones(parent, data.get("phones") or [], f"{path}.phones")
        self._languages(parent, data.get("languages") or [], f"{path}.languages")
        return location


def _schedule(item: dict) -> dict[str, Any]:
    return {
        "valid_from": _date(item.get("valid_from")),
        "valid_to": _date(item.get("valid_to")),
        "dtstart": _date(item.get("dtstart")),
        "freq": _text(item, "freq"),
        "interval": _int(item.get("interval")),
        "byday": _text(item, "byday"),
        "bymonthday": _text(item, "bymonthday"),
        "opens_at": _time(item.get("opens_at")),
        "closes_at": _time(item.get("closes_at")),
        "description": _text(item, "description"),
        "schedule_link": _text(item, "schedule_link"),
        "attending_type": _text(item, "attending_type"),
        "notes": _text(item, "notes"),
    }
