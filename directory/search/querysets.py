"""Narrowing, annotating and ordering a queryset of services for one search.

Each function takes and returns a QuerySet[Service]; the FilterSet in filters.py decides
which to call from the validated parameters. SQL details come from sql.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import F, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Upper

from directory.models import (
    AccessMode,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from directory.models.choices import WEEKDAYS
from directory.search import sql
from directory.search.query import (
    Query,
    candidate_phrases,
    expand,
    is_exact,
    normalise_phrase,
    parse,
    plain_text,
)
from directory.search.synonyms import synonyms_for

if TYPE_CHECKING:
    from directory.postcodes import Place

LONDON = ZoneInfo("Europe/London")
# Typo correction looks at no more than this many words of one search.
MAX_CORRECTED_WORDS = 6
REMOTE_ACCESS_MODES = [AccessMode.ONLINE, AccessMode.PHONE]
NATIONAL_AREAS = ["UNITED KINGDOM", "UK", "GREAT BRITAIN", "NATIONAL", "NATIONWIDE"]
# The first letter of an ONS local authority code gives its nation.
NATION_AREAS = {
    "E": ["ENGLAND", "ENGLAND AND WALES"],
    "W": ["WALES", "ENGLAND AND WALES"],
    "S": ["SCOTLAND"],
    "N": ["NORTHERN IRELAND"],
}


@dataclass(frozen=True)
class TextSearch:
    """How the words were searched, for explaining results to people."""

    text: str
    tsquery: str
    fuzzy: bool = False
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    corrections: dict[str, list[str]] = field(default_factory=dict)


# --- words ------------------------------------------------------------------------------


def text_search(queryset: QuerySet[Service], *, text: str) -> tuple[QuerySet[Service], TextSearch]:
    """Full-text match with synonyms, ranked. When nothing matches, words that appear
    nowhere are widened with similarly spelt words from names ('grop' → 'group')."""
    parsed = parse(text)
    synonyms = synonyms_for(candidate_phrases(parsed))
    tsquery = sql.tsquery_text(expand(parsed, synonyms))
    if tsquery and _has_any(queryset.filter(sql.Matches(sql.TsQuery(tsquery)))):
        return _ranked(queryset, tsquery), TextSearch(text, tsquery, synonyms=synonyms)
    corrections = {} if is_exact(parsed) else spelling_corrections(parsed)
    if not corrections:
        return _ranked(queryset, tsquery), TextSearch(text, tsquery, synonyms=synonyms)
    widened = _merge(synonyms, corrections)
    tsquery = sql.tsquery_text(expand(parsed, widened))
    return _ranked(queryset, tsquery), TextSearch(
        text, tsquery, fuzzy=True, synonyms=synonyms, corrections=corrections
    )


def spelling_corrections(parsed: Query) -> dict[str, list[str]]:
    """For each wanted word that no listing contains, names' words spelt like it."""
    found: dict[str, list[str]] = {}
    words = [normalise_phrase(w) for w in plain_text(parsed).split()]
    for word in [w for w in dict.fromkeys(words) if len(w) > 2][:MAX_CORRECTED_WORDS]:
        if sql.needs_correction(word):
            similar = sql.similar_words(word)
            if similar:
                found[word] = similar
    return found


def _merge(*maps: dict[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for mapping in maps:
        for key, values in mapping.items():
            merged.setdefault(key, []).extend(values)
    return merged


def _ranked(queryset: QuerySet[Service], tsquery: str) -> QuerySet[Service]:
    if not tsquery:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    return queryset.filter(sql.Matches(sql.TsQuery(tsquery))).annotate(
        rank=sql.Rank(sql.TsQuery(tsquery))
    )


def _has_any(queryset: QuerySet) -> bool:
    return queryset.order_by().exists()


# --- place ------------------------------------------------------------------------------


def near_place(queryset: QuerySet[Service], *, place: Place, radius_miles: int) -> QuerySet:
    """Services with a location within the radius (annotated ``distance_m`` to the nearest
    one), and online or phone services whose service area covers the place (no distance)."""
    radius_m = radius_miles * sql.METRES_PER_MILE
    centre = sql.place_point(place.latitude, place.longitude)
    point = sql.location_point("location__")
    in_range = (
        ServiceAtLocation.objects.filter(
            location__latitude__isnull=False, location__longitude__isnull=False
        )
        .alias(distance=sql.EarthDistance(centre, point))
        .filter(sql.EarthBoxContains(centre, Value(radius_m), point), distance__lte=radius_m)
    )
    nearest = (
        in_range.filter(service_id=OuterRef("pk"))
        .annotate(nearest=F("distance"))
        .order_by("distance")
        .values("nearest")
    )
    covering = ServiceArea.objects.alias(upper_name=Upper("name")).filter(
        upper_name__in=area_names(place), service__access_modes__overlap=REMOTE_ACCESS_MODES
    )
    # One IN over a UNION (rather than two INs joined by OR) lets PostgreSQL fetch the
    # candidates by primary key instead of scanning every service.
    candidates = in_range.values("service_id").union(covering.values("service_id"))
    return queryset.filter(pk__in=candidates).annotate(
        distance_m=Subquery(nearest[:1], output_field=FloatField())
    )


def area_names(place: Place) -> list[str]:
    """Service area names (upper case) that cover the place."""
    names = list(NATIONAL_AREAS)
    nation = (place.local_authority_code or "E")[:1].upper()
    names += NATION_AREAS.get(nation, [])
    if place.local_authority_name:
        names.append(place.local_authority_name.upper())
    return names


# --- opening times ----------------------------------------------------------------------


def open_at(queryset: QuerySet[Service], *, now: dt.datetime) -> QuerySet[Service]:
    """Services with a schedule (their own or at one of their locations) open at ``now``,
    read as UK local time. Schedules without opening and closing times do not count."""
    local = now.astimezone(LONDON)
    today, time = local.date(), local.time()
    yesterday = today - dt.timedelta(days=1)
    normal = Q(opens_at__lte=time, closes_at__gt=time)
    overnight_from_today = Q(closes_at__lt=F("opens_at"), opens_at__lte=time)
    overnight_from_yesterday = Q(closes_at__lt=F("opens_at"), closes_at__gt=time)
    schedules = (
        _schedules_valid_on(today)
        .filter(opens_at__isnull=False, closes_at__isnull=False)
        .alias(days=sql.StringToArray(F("byday"), ","))
        .filter(
            Q(days__overlap=byday_codes(today)) & (normal | overnight_from_today)
            | Q(days__overlap=byday_codes(yesterday)) & overnight_from_yesterday
        )
    )
    return queryset.filter(pk__in=_owning_services(schedules))


def open_on(queryset: QuerySet[Service], *, weekday: str, today: dt.date) -> QuerySet:
    """Services with a current schedule on ``weekday`` (MO..SU), any week of the month."""
    schedules = _schedules_valid_on(today).filter(byday__regex=rf"(^|,)[-+]?[0-9]?{weekday}(,|$)")
    return queryset.filter(pk__in=_owning_services(schedules))


def byday_codes(day: dt.date) -> list[str]:
    """The iCal BYDAY values that fall on ``day``: 'TU', and e.g. '1TU' and '-5TU' on the
    first Tuesday of a month with five."""
    code = WEEKDAYS[day.weekday()]
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    nth = (day.day - 1) // 7 + 1
    nth_from_end = (days_in_month - day.day) // 7 + 1
    return [code, f"{nth}{code}", f"-{nth_from_end}{code}"]


def _schedules_valid_on(day: dt.date) -> QuerySet[Schedule]:
    return Schedule.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def _owning_services(schedules: QuerySet[Schedule]) -> QuerySet:
    # A UNION rather than coalesce(service_id, service_at_location.service_id), so the
    # join to service_at_location only touches schedules that belong to a location.
    at_locations = schedules.filter(service_at_location__isnull=False)
    return (
        schedules.filter(service__isnull=False)
        .values("service_id")
        .union(at_locations.values("service_at_location__service_id"))
    )
