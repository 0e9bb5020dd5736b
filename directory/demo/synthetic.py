"""Large synthetic directories for load tests and benchmarks.

Rows are built in plain Python from ``random.Random(seed)`` (ids included), so a seed always
gives the same directory, and written with PostgreSQL ``COPY`` in chunks. Synthetic
organisations carry ``SYNTHETIC_LEGAL_STATUS`` so ``synthetic_directory_clear`` removes them,
and everything hanging off them, without touching real or demo records.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from psycopg import sql

from directory import models as m
from directory.demo.districts import DISTRICTS
from directory.vocabulary import COMMUNITIES, SERVICE_TYPES

SYNTHETIC_LEGAL_STATUS = "Synthetic test data (generate_directory)"
CHUNK = 10_000

TYPE_TERMS = [
    (str(m.term_uuid(m.Taxonomy.SERVICE_TYPES, code)), name) for code, name, _ in SERVICE_TYPES
]
COMMUNITY_TERMS = [
    (str(m.term_uuid(m.Taxonomy.COMMUNITIES, code)), name) for code, name, _ in COMMUNITIES
]
OTHER_LANGUAGES = [
    ("Punjabi", "pa"),
    ("Urdu", "ur"),
    ("Bengali", "bn"),
    ("Somali", "so"),
    ("Polish", "pl"),
    ("Arabic", "ar"),
    ("Welsh", "cy"),
    ("British Sign Language", "bfi"),
    ("Gujarati", "gu"),
    ("Tigrinya", "ti"),
    ("Romanian", "ro"),
    ("Portuguese", "pt"),
]
STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Market Place",
    "Mill Lane",
    "Victoria Road",
    "Park Avenue",
    "Chapel Street",
    "Queen Street",
    "North Road",
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MODE_SETS = [
    "{in_person}",
    "{in_person,drop_in}",
    "{online}",
    "{phone}",
    "{in_person,online}",
    "{outreach,home_visit}",
    "{phone,online}",
]
ROUTE_SETS = [
    "{self,professional}",
    "{self,peer,professional}",
    "{self}",
    "{professional}",
    "{peer}",
    "{peer,professional}",
]
LED_BY_SETS = ["{user_led}", "{by_and_for}", "{user_led,by_and_for}", "{}"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _rng_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class _Table:
    """One COPY target: the columns the generator fills, then constants for the rest.

    Columns added to a model later are filled from their Django default, so the generator
    keeps working; a new required column without a default stops it with a clear error.
    """

    def __init__(self, model: type[Model], columns: list[str], now: dt.datetime):
        self.model = model
        self.columns = list(columns)
        tail: list[Any] = []
        for f in model._meta.concrete_fields:
            if f.attname in columns or getattr(f, "generated", False):
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.null and not f.has_default():
                continue  # NULL, or whatever a trigger puts there
            else:
                value = f.get_db_prep_save(f.get_default(), connection)
                if value is None:
                    raise RuntimeError(
                        f"generate_directory does not know how to fill {model.__name__}.{f.name}"
                    )
            self.columns.append(f.column)
            tail.append(value)
        self.tail = tuple(tail)
        self.rows: list[tuple] = []

    def add(self, *values: Any) -> None:
        self.rows.append(values + self.tail)

    def flush(self, cursor) -> int:
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.model._meta.db_table),
            sql.SQL(", ").join(sql.Identifier(c) for c in self.columns),
        )
        with cursor.copy(statement) as copy:
            for row in self.rows:
                copy.write_row(row)
        written, self.rows = len(self.rows), []
        return written


@dataclass
class _Tables:
    now: dt.datetime
    organisation: _Table = field(init=False)
    location: _Table = field(init=False)
    address: _Table = field(init=False)
    attribute: _Table = field(init=False)
    language: _Table = field(init=False)
    service: _Table = field(init=False)
    service_at_location: _Table = field(init=False)
    schedule: _Table = field(init=False)
    service_area: _Table = field(init=False)

    def __post_init__(self) -> None:
        now = self.now
        self.organisation = _Table(
            m.Organisation, ["id", "name", "description", "legal_status"], now
        )
        self.location = _Table(
            m.Location,
            ["id", "organisation_id", "name", "latitude", "longitude", "local_authority"],
            now,
        )
        self.address = _Table(
            m.Address,
            ["id", "location_id", "address_1", "city", "state_province", "postal_code"],
            now,
        )
        self.attribute = _Table(m.Attribute, ["id", "service_id", "taxonomy_term_id"], now)
        self.language = _Table(m.Language, ["id", "service_id", "name", "code"], now)
        self.service = _Table(
            m.Service,
            [
                "id",
                "organisation_id",
                "name",
                "description",
                "status",
                "minimum_age",
                "maximum_age",
                "access_modes",
                "referral_routes",
                "led_by",
                "capacity_status",
                "waiting_list_weeks",
                "capacity_updated_at",
                "assured_date",
            ],
            now,
        )
        self.service_at_location = _Table(
            m.ServiceAtLocation, ["id", "service_id", "location_id"], now
        )
        self.schedule = _Table(
            m.Schedule,
            ["id", "service_id", "freq", "interval", "byday", "opens_at", "closes_at"],
            now,
        )
        self.service_area = _Table(m.ServiceArea, ["id", "service_id", "name", "extent_type"], now)

    def in_copy_order(self) -> Iterable[_Table]:
        # Attributes and languages go in before their services: the foreign keys are
        # checked at commit (Django makes them DEFERRABLE INITIALLY DEFERRED), and the
        # service's INSERT trigger then builds its search vector from them in one pass,
        # where the other order would make the attribute and language triggers rewrite
        # every service row a second and third time.
        return (
            self.organisation,
            self.location,
            self.address,
            self.attribute,
            self.language,
            self.service,
            self.service_at_location,
            self.schedule,
            self.service_area,
        )


def synthetic_directory_generate(
    *, services: int, seed: int, organisations: int | None = None, stdout: TextIO | None = None
) -> dict[str, int]:
    """Add ``services`` synthetic services (and their organisations, one location each,
    terms, languages, a schedule and a service area) in one transaction.

    Returns rows written per table; reports the time, commit included, to ``stdout``.
    """
    started = time.perf_counter()
    with transaction.atomic():
        written = _generate(services=services, seed=seed, organisations=organisations)
    elapsed = time.perf_counter() - started
    total = sum(written.values())
    if stdout is not None:
        stdout.write(
            f"Wrote {services} services, {total} rows in {elapsed:.1f} s "
            f"({total / max(elapsed, 1e-9):,.0f} rows/s, "
            f"{services / max(elapsed, 1e-9):,.0f} services/s).\n"
        )
    return written


def _generate(*, services: int, seed: int, organisations: int | None) -> dict[str, int]:
    rng = random.Random(seed)
    tables = _Tables(now=timezone.now())
    today = timezone.localdate()
    org_count = organisations or max(1, services // 3)
    org_ids = [_rng_uuid(rng) for _ in range(org_count)]
    for number, org_id in enumerate(org_ids, start=1):
        tables.organisation.add(
            org_id,
            f"Synthetic group {seed}-{number}",
            "A generated organisation for testing.",
            SYNTHETIC_LEGAL_STATUS,
        )
    written: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, services, CHUNK):
            for number in range(start, min(start + CHUNK, services)):
                _add_service(tables, rng, number + 1, org_ids[number % org_count], today)
            for table in tables.in_copy_order():
                name = table.model._meta.model_name
                written[name] = written.get(name, 0) + table.flush(cursor)
    return written


def _add_service(t: _Tables, rng: random.Random, number: int, org_id: str, today: dt.date) -> None:
    service_id, location_id = _rng_uuid(rng), _rng_uuid(rng)
    outward, lat, lng, authority, _region = rng.choice(DISTRICTS)
    t.location.add(
        location_id,
        org_id,
        f"Venue {number}",
        round(lat + rng.uniform(-0.02, 0.02), 6),
        round(lng + rng.uniform(-0.03, 0.03), 6),
        authority,
    )
    postcode = f"{outward} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
    t.address.add(
        _rng_uuid(rng),
        location_id,
        f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        authority,
        authority,
        postcode,
    )
    kinds = rng.sample(TYPE_TERMS, 1 if rng.random() < 0.7 else 2)
    groups = rng.sample(COMMUNITY_TERMS, min(rng.choice((0, 1, 1, 2)), 3 - len(kinds)))
    for term_id, _name in kinds + groups:
        t.attribute.add(_rng_uuid(rng), service_id, term_id)
    t.language.add(_rng_uuid(rng), service_id, "English", "en")
    if rng.random() < 0.35:
        name, code = rng.choice(OTHER_LANGUAGES)
        t.language.add(_rng_uuid(rng), service_id, name, code)
    kind, who = kinds[0][1], (groups[0][1] if groups else "everyone")
    t.service.add(
        service_id,
        org_id,
        f"{kind} {number}",
        f"{kind} for {who.lower()} in {authority}. Generated record {number}.",
        *_service_facts(rng, today),
    )
    t.service_at_location.add(_rng_uuid(rng), service_id, location_id)
    opens = rng.randint(9, 18)
    monthly = rng.random() < 0.1
    t.schedule.add(
        _rng_uuid(rng),
        service_id,
        "MONTHLY" if monthly else "WEEKLY",
        1,
        f"{rng.randint(1, 4)}{rng.choice(DAYS)}" if monthly else rng.choice(DAYS),
        dt.time(opens),
        dt.time(opens + rng.choice((1, 2, 3))),
    )
    t.service_area.add(_rng_uuid(rng), service_id, authority, "local_authority")


def _service_facts(rng: random.Random, today: dt.date) -> tuple:
    """status, ages, access modes, routes, led by, capacity, waiting weeks, dates."""
    status = "active" if rng.random() < 0.95 else rng.choice(("inactive", "defunct"))
    ages: tuple[int | None, int | None] = rng.choice(
        ((None, None), (None, None), (None, None), (11, 25), (60, None), (18, None))
    )
    capacity = rng.choices(("accepting", "waiting_list", "not_accepting"), (80, 15, 5))[0]
    weeks = rng.randint(1, 20) if capacity == "waiting_list" else None
    assured = today - dt.timedelta(days=rng.randint(0, 425))
    return (
        status,
        *ages,
        rng.choice(MODE_SETS),
        rng.choice(ROUTE_SETS),
        rng.choice(LED_BY_SETS),
        capacity,
        weeks,
        dt.datetime.combine(assured, dt.time(9), tzinfo=dt.UTC),
        assured,
    )


# Tables cleared for synthetic services, locations and organisations, children first.
# Services go before their children: the foreign keys are deferred to commit, and with the
# services gone the search triggers on attributes and languages have nothing to rewrite.
_SERVICE_CHILDREN = (
    m.Attribute,
    m.Language,
    m.Schedule,
    m.ServiceArea,
    m.CostOption,
    m.Funding,
    m.Phone,
    m.Contact,
    m.ServiceAtLocation,
)
_LOCATION_CHILDREN = (m.Address, m.Accessibility, m.Language, m.Phone, m.ServiceAtLocation)


@transaction.atomic
def synthetic_directory_clear() -> int:
    """Delete every synthetic organisation and everything under it; returns services removed."""
    organisation = m.Organisation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "CREATE TEMP TABLE fyp_synthetic_org AS SELECT id FROM {} WHERE legal_status = %s"
            ).format(sql.Identifier(organisation)),
            [SYNTHETIC_LEGAL_STATUS],
        )
        removed = _delete_under(cursor, m.Service, "fyp_synthetic_org", _SERVICE_CHILDREN)
        _delete_under(cursor, m.Location, "fyp_synthetic_org", _LOCATION_CHILDREN)
        cursor.execute("DROP TABLE fyp_synthetic_org")
    # Whatever else hangs off the organisations goes through the ORM's own rules.
    m.Organisation.objects.filter(legal_status=SYNTHETIC_LEGAL_STATUS).delete()
    return removed


def _delete_under(
    cursor, model: type[Model], org_table: str, children: tuple[type[Model], ...]
) -> int:
    """Delete ``model`` rows of the listed organisations, then rows that pointed at them."""
    parent = model._meta.db_table
    ids = sql.Identifier(f"fyp_synthetic_{model._meta.model_name}")
    cursor.execute(
        sql.SQL(
            "CREATE TEMP TABLE {ids} AS SELECT id FROM {parent} WHERE organisation_id IN "
            "(SELECT id FROM {orgs})"
        ).format(ids=ids, parent=sql.Identifier(parent), orgs=sql.Identifier(org_table))
    )
    cursor.execute(
        sql.SQL("DELETE FROM {parent} WHERE id IN (SELECT id FROM {ids})").format(
            parent=sql.Identifier(parent), ids=ids
        )
    )
    removed = cursor.rowcount
    for child in children:
        column = next(
            f.column
            for f in child._meta.concrete_fields
            if getattr(f, "related_model", None) is model
        )
        cursor.execute(
            sql.SQL("DELETE FROM {child} WHERE {column} IN (SELECT id FROM {ids})").format(
                child=sql.Identifier(child._meta.db_table), column=sql.Identifier(column), ids=ids
            )
        )
    cursor.execute(sql.SQL("DROP TABLE {}").format(ids))
    return removed
