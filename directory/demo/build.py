"""Turn the short-form demo data into unsaved model instances with stable ids.

Nothing here touches the database: ``directory.demo.services.demo_load`` writes the result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Model

from directory import models as m
from directory.demo import (
    data_london,
    data_midlands_south_west,
    data_north_west,
    data_yorkshire_north_east,
    demo_uuid,
)
from directory.demo.areas import (
    ACCESSIBILITY_NOTES,
    AREAS,
    DISTRICTS,
    EXACT_POSTCODES,
    Area,
    area_for_postcode,
)
from directory.demo.spec import Org, Svc
from directory.vocabulary import COMMUNITIES, SERVICE_TYPES

ORGANISATIONS: tuple[Org, ...] = (
    data_north_west.ORGANISATIONS
    + data_london.ORGANISATIONS
    + data_midlands_south_west.ORGANISATIONS
    + data_yorkshire_north_east.ORGANISATIONS
)

LANGUAGE_NAMES = {
    "en": "English",
    "pa": "Punjabi",
    "ur": "Urdu",
    "bn": "Bengali",
    "so": "Somali",
    "pl": "Polish",
    "ar": "Arabic",
    "cy": "Welsh",
    "bfi": "British Sign Language",
    "gu": "Gujarati",
    "hi": "Hindi",
    "ti": "Tigrinya",
    "fa": "Persian (Farsi)",
    "ku": "Kurdish",
    "fr": "French",
    "yo": "Yoruba",
    "rom": "Romani",
    "cs": "Czech",
}
TERM_CODES = {
    m.Taxonomy.SERVICE_TYPES: {code for code, _, _ in SERVICE_TYPES},
    m.Taxonomy.COMMUNITIES: {code for code, _, _ in COMMUNITIES},
}
CONTACT_NAMES = (
    "Harjit",
    "Maureen",
    "Abdi",
    "Joanna",
    "Tariq",
    "Beverley",
    "Kasia",
    "Yusuf",
    "Sandra",
    "Delroy",
    "Nasreen",
    "Gareth",
    "Amina",
    "Pete",
    "Shirin",
    "Lorraine",
    "Tomasz",
    "Fatima",
)
CONTACT_TITLES = ("Group coordinator", "Volunteer lead", "Project worker", "Peer lead")
LONDON = ZoneInfo("Europe/London")
# Demo records are checked between today and just over 14 months ago.
CHECK_SPREAD_DAYS = 425

Plan = dict[type[Model], list[Model]]


def directory_plan(*, today: dt.date) -> Plan:
    """Every demo row, grouped by model, parents before children."""
    plan: Plan = defaultdict(list)
    seen: set[str] = set()
    index = 0
    for org in ORGANISATIONS:
        location = _add_organisation(plan, org)
        for svc in org.services:
            if svc.key in seen:
                raise ValueError(f"Duplicate demo service key {svc.key!r}")
            seen.add(svc.key)
            _add_service(plan, org, svc, location, index=index, today=today)
            index += 1
    return plan


def _add(plan: Plan, *objs: Model) -> None:
    for obj in objs:
        plan[type(obj)].append(obj)


def _area(org: Org) -> Area:
    return AREAS[area_for_postcode(org.postcode)]


def _jitter(key: str) -> tuple[float, float]:
    """A stable offset of up to ~400 m so groups in one district do not sit on one point."""
    digest = hashlib.sha256(key.encode()).digest()
    return (digest[0] - 128) / 128 * 0.0035, (digest[1] - 128) / 128 * 0.0055


def _coordinates(org: Org) -> tuple[float, float]:
    if org.postcode in EXACT_POSTCODES:
        return EXACT_POSTCODES[org.postcode]
    lat, lng, _ = DISTRICTS[org.postcode.split()[0]]
    dlat, dlng = _jitter(org.key)
    return round(lat + dlat, 6), round(lng + dlng, 6)


def _add_organisation(plan: Plan, org: Org) -> m.Location:
    area = _area(org)
    organisation = m.Organisation(
        id=demo_uuid("organisation", org.key),
        name=org.name,
        description=org.description,
        email=f"hello@{org.key}.example",
        website=f"https://{org.key}.example/",
        legal_status=org.legal_status or ("Registered charity" if org.charity else ""),
        year_incorporated=org.founded,
    )
    _add(plan, organisation)
    if org.charity:
        _add(
            plan,
            m.OrganisationIdentifier(
                id=demo_uuid("identifier", org.key),
                organisation=organisation,
                identifier_scheme="GB-CHC",
                identifier_type="Registered charity number",
                identifier=org.charity,
            ),
        )
    lat, lng = _coordinates(org)
    location = m.Location(
        id=demo_uuid("location", org.key),
        organisation=organisation,
        name=org.venue,
        location_type=m.LocationType.POSTAL if org.online_only else m.LocationType.PHYSICAL,
        latitude=lat,
        longitude=lng,
        local_authority=area.local_authority,
    )
    address = m.Address(
        id=demo_uuid("address", org.key),
        location=location,
        address_1=org.street,
        city=area.city,
        region=area.region,
        state_province=area.county,
        postal_code=org.postcode,
        address_type=location.location_type,
    )
    _add(plan, location, address)
    if not org.online_only:
        description, details = ACCESSIBILITY_NOTES[_stable_index(org.key, len(ACCESSIBILITY_NOTES))]
        _add(
            plan,
            m.Accessibility(
                id=demo_uuid("accessibility", org.key),
                location=location,
                description=description,
                details=details,
            ),
        )
    return location


def _stable_index(key: str, size: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % size


def _add_service(
    plan: Plan, org: Org, svc: Svc, location: m.Location, *, index: int, today: dt.date
) -> None:
    organisation = location.organisation
    communities = svc.communities.split()
    assured = today - dt.timedelta(days=_checked_days_ago(svc, index))
    waiting = svc.capacity == m.CapacityStatus.WAITING_LIST
    minimum_age, maximum_age = svc.ages if svc.ages is not None else _ages(communities)
    service = m.Service(
        id=demo_uuid("service", svc.key),
        organisation=organisation,
        name=svc.name,
        description=svc.description,
        email=organisation.email,
        url=f"{organisation.website}{svc.key}/",
        status=svc.status,
        application_process=svc.apply or _how_to_apply(svc.routes.split()),
        eligibility_description=svc.eligibility,
        alert=svc.alert,
        fees=_fees(svc.costs),
        is_free=not svc.costs,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        eligible_genders=svc.genders.split()
        if svc.genders is not None
        else (["women"] if "women-only" in communities else []),
        led_by=svc.led_by.split(),
        access_modes=svc.modes.split(),
        referral_routes=svc.routes.split(),
        capacity_status=svc.capacity,
        waiting_list_weeks=svc.wait_weeks if waiting else None,
        capacity_updated_at=dt.datetime.combine(assured, dt.time(9, 0), tzinfo=LONDON),
        assured_date=assured,
        assurer_email="cam@findyourpeople.example",
        interpretation_services=_interpreting(svc.languages.split()),
    )
    _add(plan, service)
    _add(plan, *_attributes(service, svc))
    _add(plan, *_schedules(service, svc))
    _add(plan, *_languages(service, svc))
    _add(plan, *_service_areas(service, svc, _area(org)))
    _add(plan, *_contact_and_phones(service, svc, _area(org), index))
    _add(plan, *_cost_options(service, svc))
    if svc.funding:
        _add(plan, m.Funding(id=demo_uuid("funding", svc.key), service=service, source=svc.funding))
    in_person = {m.AccessMode.IN_PERSON, m.AccessMode.DROP_IN} & set(svc.modes.split())
    if in_person and not org.online_only:
        _add(
            plan,
            m.ServiceAtLocation(
                id=demo_uuid("service_at_location", svc.key), service=service, location=location
            ),
        )


def _checked_days_ago(svc: Svc, index: int) -> int:
    if svc.checked_days_ago is not None:
        return svc.checked_days_ago
    return (index * 47) % CHECK_SPREAD_DAYS


def _ages(communities: list[str]) -> tuple[int | None, int | None]:
    if "young-people" in communities:
        return 11, 25
    if "older-people" in communities:
        return 60, None
    return None, None


def _how_to_apply(routes: list[str]) -> str:
    if routes == [m.ReferralRoute.PEER]:
        return "A member who already comes can introduce you: ask them to refer you."
    if m.ReferralRoute.SELF not in routes:
        return "Ask your care coordinator, GP or support worker to refer you."
    return "Refer yourself here, or call; a friend or worker can also refer you."


def _fees(costs: Iterable[tuple[str, Decimal]]) -> str:
    return "; ".join(f"{what}: £{amount}" for what, amount in costs)


def _interpreting(codes: list[str]) -> str:
    if "bfi" in codes:
        return "Run in BSL. Interpreters for hearing family members can be booked."
    if len(codes) > 1:
        return "Volunteers interpret between the languages listed."
    return ""


def _attributes(service: m.Service, svc: Svc) -> list[m.Attribute]:
    rows = []
    for slug, codes in (
        (m.Taxonomy.SERVICE_TYPES, svc.types),
        (m.Taxonomy.COMMUNITIES, svc.communities),
    ):
        for code in codes.split():
            if code not in TERM_CODES[slug]:
                raise ValueError(f"Unknown {slug} term {code!r} in demo service {svc.key!r}")
            rows.append(
                m.Attribute(
                    id=demo_uuid("attribute", f"{svc.key}:{slug}:{code}"),
                    service=service,
                    taxonomy_term_id=m.term_uuid(slug, code),
                )
            )
    return rows


def _schedules(service: m.Service, svc: Svc) -> list[m.Schedule]:
    rows = []
    for position, part in enumerate(p.strip() for p in svc.when.split(";") if p.strip()):
        days, hours = part.split()
        opens, closes = (dt.time.fromisoformat(t) for t in hours.split("-"))
        monthly = any(day[0].isdigit() or day[0] == "-" for day in days.split(","))
        rows.append(
            m.Schedule(
                id=demo_uuid("schedule", f"{svc.key}:{position}"),
                service=service,
                freq=m.ScheduleFrequency.MONTHLY if monthly else m.ScheduleFrequency.WEEKLY,
                interval=1,
                byday=days,
                opens_at=opens,
                closes_at=closes,
            )
        )
    return rows


def _languages(service: m.Service, svc: Svc) -> list[m.Language]:
    return [
        m.Language(
            id=demo_uuid("language", f"{svc.key}:{code}"),
            service=service,
            name=LANGUAGE_NAMES[code],
            code=code,
        )
        for code in svc.languages.split()
    ]


def _service_areas(service: m.Service, svc: Svc, area: Area) -> list[m.ServiceArea]:
    names = svc.areas or (area.local_authority,)
    return [
        m.ServiceArea(
            id=demo_uuid("service_area", f"{svc.key}:{name}"),
            service=service,
            name=name,
            extent_type="country" if name == "England" else "local_authority",
        )
        for name in names
    ]


def _contact_and_phones(service: m.Service, svc: Svc, area: Area, index: int) -> list[Model]:
    contact = m.Contact(
        id=demo_uuid("contact", svc.key),
        service=service,
        name=CONTACT_NAMES[index % len(CONTACT_NAMES)],
        title=CONTACT_TITLES[index % len(CONTACT_TITLES)],
        email=service.email,
    )
    rows: list[Model] = [
        contact,
        m.Phone(
            id=demo_uuid("phone", svc.key),
            service=service,
            number=f"{area.phone_prefix}{index % 1000:03d}",
            type="voice",
        ),
    ]
    if "bfi" in svc.languages.split():
        rows.append(
            m.Phone(
                id=demo_uuid("phone", f"{svc.key}:text"),
                service=service,
                number=f"07700 900{index % 1000:03d}",
                type="text",
                description="Text or WhatsApp video in BSL",
            )
        )
    return rows


def _cost_options(service: m.Service, svc: Svc) -> list[m.CostOption]:
    return [
        m.CostOption(
            id=demo_uuid("cost_option", f"{svc.key}:{position}"),
            service=service,
            option=what,
            amount=amount,
            amount_description=f"£{amount} {what.lower()}",
        )
        for position, (what, amount) in enumerate(svc.costs)
    ]
