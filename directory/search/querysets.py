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
from django.db.models.functions import Coalesce, Upper

from directory.models import (
    AccessMode,
    Organisation,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.models.choices import WEEKDAYS
from directory.search import sql
from directory.search.query import (
    candidate_phrases,
    excluded,
    expand,
    is_exact,
    parse,
    plain_text,
)
from directory.search.synonyms import synonyms_for

if TYPE_CHECKING:
    from directory.postcodes import Place

LONDON = ZoneInfo("Europe/London")
# Below this many full-text matches, names that look like the query (typos) are added.
FEW_RESULTS = 3
# Trigram-matched organisations whose services join a fuzzy search (best first).
FUZZY_ORGANISATIONS = 50
FUZZY_TERMS = 10
# A fuzzy name match adds this much times its word similarity (0..1) to the rank.
FUZZY_NAME_WEIGHT = 0.5
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


# --- words ------------------------------------------------------------------------------


def text_search(queryset: QuerySet[Service], *, text: str) -> tuple[QuerySet[Service], TextSearch]:
    """Full-text match with synonyms, ranked; widened by name similarity when few match."""
    parsed = parse(text)
    synonyms = synonyms_for(candidate_phrases(parsed))
    tsquery = sql.tsquery_text(expand(parsed, synonyms))
    wanted = "" if is_exact(parsed) else plain_text(parsed)
    if tsquery:
        exact = queryset.filter(sql.Matches(sql.TsQuery(tsquery)))
        if not wanted or _has_at_least(exact, FEW_RESULTS):
            ranked = exact.annotate(rank=sql.Rank(sql.TsQuery(tsquery)))
            return ranked, TextSearch(text, tsquery, synonyms=synonyms)
    if not wanted:
        nothing = queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
        return nothing, TextSearch(text, tsquery)
    exclusions = sql.tsquery_text(excluded(parsed))
    if exclusions:
        queryset = queryset.exclude(sql.Matches(sql.TsQuery(exclusions)))
    widened = _fuzzy_search(queryset, text=wanted, tsquery=tsquery)
    return widened, TextSearch(text, tsquery, fuzzy=True, synonyms=synonyms)


def _has_at_least(queryset: QuerySet, count: int) -> bool:
    return len(queryset.order_by().values_list("pk", flat=True)[:count]) >= count


def _fuzzy_search(queryset: QuerySet[Service], *, text: str, tsquery: str) -> QuerySet:
    """Full-text matches plus services whose name, organisation name or taxonomy term is
    like the words typed ('punjabi mens grop'). Every branch is an index condition on
    directory_service, so PostgreSQL can combine them with a BitmapOr."""
    term_names = list(
        TaxonomyTerm.objects.filter(sql.name_similar(text))
        .order_by()
        .values_list("name", flat=True)[:FUZZY_TERMS]
    )
    wide = sql.tsquery_or(tsquery, sql.names_tsquery_text(term_names))
    condition = sql.name_similar(text)
    organisation_ids = _similar_organisation_ids(text)
    if organisation_ids:
        condition |= Q(organisation_id__in=organisation_ids)
    rank = FUZZY_NAME_WEIGHT * sql.WordSimilarity(Value(text), F("name"))
    if wide:
        condition |= Q(sql.Matches(sql.TsQuery(wide)))
        rank = Coalesce(sql.Rank(sql.TsQuery(wide)), 0.0) + rank
    return queryset.filter(condition).annotate(rank=rank)


def _similar_organisation_ids(text: str) -> list:
    return list(
        Organisation.objects.filter(sql.name_similar(text))
        .annotate(similarity=sql.WordSimilarity(Value(text), F("name")))
        .order_by("-similarity")
        .values_list("pk", flat=True)[:FUZZY_ORGANISATIONS]
    )


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
        upper_name__in=area_names(place)
    )
    remote = Q(access_modes__overlap=REMOTE_ACCESS_MODES) & Q(pk__in=covering.values("service_id"))
    return queryset.filter(Q(pk__in=in_range.values("service_id")) | remote).annotate(
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
    return schedules.values(owner=Coalesce("service_id", "service_at_location__service_id"))
