"""Keeping insights.ReferralFact current: one row per referral with what the figures count.

``fact_refresh(referral_id)`` runs after every ReferralEvent, wellbeing or experience
answer is saved (signals connected in insights/apps.py) and after equality answers change;
``facts_rebuild()`` (``manage.py insights_rebuild``) recomputes every row. Both run the same
INSERT … SELECT … ON CONFLICT statement, so a single referral and a million are computed
the same way. The council of the person (from their postcode) and of the service (from its
location's council name) are looked up in Python, once per referral or service.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection, transaction

from directory.postcodes import PostcodeError, place_lookup, postcode_lookup
from insights.coding import TOKEN_SQL
from insights.models import SEALED_FIELDS, ReferralFact

logger = logging.getLogger(__name__)

_TERMS_SQL = (
    "coalesce((SELECT array_agg(a.taxonomy_term_id ORDER BY a.taxonomy_term_id) "
    "FROM directory_attribute a JOIN directory_taxonomyterm t ON t.id = a.taxonomy_term_id "
    "JOIN directory_taxonomy x ON x.id = t.taxonomy_id "
    "WHERE a.service_id = r.service_id AND x.slug = '{slug}'), '{{}}')"
)
_STAGES = (
    "opened",
    "accepted",
    "waiting_list",
    "contacted",
    "met",
    "declined",
    "closed",
    "withdrawn",
)
_ONS4 = ("life_satisfaction", "worthwhile", "happiness", "anxiety")

# 20263 for a time in 2026 Q3 (settings.TIME_ZONE).
QUARTER_SQL = (
    "(extract(year FROM {at} AT TIME ZONE %(tz)s) * 10 "
    "+ extract(quarter FROM {at} AT TIME ZONE %(tz)s))::int"
)
_COLUMNS = [
    "referral_id",
    "service_id",
    "organisation_id",
    "route",
    "age_band",
    "person_area",
    "service_area",
    "term_set_id",
    "submitted_at",
    *(f"{stage}_at" for stage in _STAGES),
    "days_to_contact",
    "submitted_quarter",
    "decline_reason",
    "outcome",
    "experience_rating",
    *(f"{q}_0" for q in _ONS4),
    *(f"{q}_8" for q in _ONS4),
    *SEALED_FIELDS,
    "refreshed_at",
]
_VALUES = [
    "r.id",
    "r.service_id",
    "s.organisation_id",
    "r.route",
    "r.age_band",
    "coalesce(q.local_authority, '')",
    "''",
    "(SELECT ts.id FROM insights_termset ts WHERE ts.service_types = "  # noqa: S608
    f"{_TERMS_SQL.format(slug='service-types')} AND ts.communities = "
    f"{_TERMS_SQL.format(slug='communities')})",
    "r.submitted_at",
    *(f"e.{stage}_at" for stage in _STAGES),
    # Calendar days in settings.TIME_ZONE: 0 when contacted the day the referral was sent.
    "(e.contacted_at AT TIME ZONE %(tz)s)::date - (r.submitted_at AT TIME ZONE %(tz)s)::date",
    QUARTER_SQL.format(at="r.submitted_at"),
    "r.decline_reason",
    "r.outcome",
    "(SELECT x.rating FROM referrals_experienceanswer x WHERE x.referral_id = r.id "
    "ORDER BY x.answered_at DESC LIMIT 1)",
    *(f"w0.{q}" for q in _ONS4),
    *(f"w8.{q}" for q in _ONS4),
    *(f"coalesce({TOKEN_SQL.format(column='q.' + name)}, 0)" for name in SEALED_FIELDS),
    "now()",
]
_KEEP_IF_EMPTY = ("person_area", "service_area")
# The services' sets of types of help and communities the facts will point at, first (a
# statement of its own: the facts' statement then sees sets another transaction has just
# added).
_TERM_SETS_SQL = (
    "INSERT INTO insights_termset (service_types, communities) "  # noqa: S608
    f"SELECT DISTINCT {_TERMS_SQL.format(slug='service-types')}, "
    f"{_TERMS_SQL.format(slug='communities')} FROM referrals_referral r {{where}} "
    "ON CONFLICT DO NOTHING"
)
_UPSERT_SQL = (
    f"INSERT INTO insights_referralfact ({', '.join(_COLUMNS)}) "  # noqa: S608
    f"SELECT {', '.join(_VALUES)} "
    "FROM referrals_referral r "
    "JOIN directory_service s ON s.id = r.service_id "
    "LEFT JOIN insights_equalityanswers q ON q.referral_id = r.id "
    "LEFT JOIN referrals_wellbeinganswer w0 ON w0.referral_id = r.id AND w0.when = 'referral' "
    "LEFT JOIN referrals_wellbeinganswer w8 ON w8.referral_id = r.id AND w8.when = '8_weeks' "
    "LEFT JOIN LATERAL (SELECT "
    + ", ".join(f"min(v.at) FILTER (WHERE v.to_status = '{st}') AS {st}_at" for st in _STAGES)
    + " FROM referrals_referralevent v WHERE v.referral_id = r.id) e ON true "
    "{where} "
    "ON CONFLICT (referral_id) DO UPDATE SET "
    + ", ".join(
        f"{c} = coalesce(nullif(EXCLUDED.{c}, ''), insights_referralfact.{c})"
        if c in _KEEP_IF_EMPTY
        else f"{c} = EXCLUDED.{c}"
        for c in _COLUMNS
        if c != "referral_id"
    )
)


def fact_refresh(referral_id: int) -> None:
    """Recompute the referral's fact row (in the caller's transaction)."""
    with connection.cursor() as cursor:
        where = "WHERE r.id = %(referral_id)s"
        cursor.execute(_TERM_SETS_SQL.replace("{where}", where), {"referral_id": referral_id})
        cursor.execute(
            _UPSERT_SQL.replace("{where}", where),
            {"tz": settings.TIME_ZONE, "referral_id": referral_id},
        )
    fact = (
        ReferralFact.objects.filter(pk=referral_id)
        .only("person_area", "service_area", "service_id")
        .first()
    )
    if fact is None:
        return
    updates = {}
    if not fact.service_area:
        updates["service_area"] = service_area(fact.service_id)
    if not fact.person_area:
        updates["person_area"] = _person_area_from_postcode(referral_id)
    updates = {k: v for k, v in updates.items() if v}
    if updates:
        ReferralFact.objects.filter(pk=referral_id).update(**updates)


def facts_rebuild() -> int:
    """Recompute every fact row; return how many referrals have one."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_TERM_SETS_SQL.replace("{where}", ""))
        cursor.execute(_UPSERT_SQL.replace("{where}", ""), {"tz": settings.TIME_ZONE})
        for service_id in (
            ReferralFact.objects.filter(service_area="")
            .values_list("service_id", flat=True)
            .distinct()
        ):
            area = service_area(service_id)
            if area:
                ReferralFact.objects.filter(service_id=service_id, service_area="").update(
                    service_area=area
                )
    return ReferralFact.objects.count()


def area_of_place(place) -> str:
    """A council as the figures name it: the ONS code where the data has one, else its
    name (the postcode data has codes only where it has full postcodes)."""
    return place.local_authority_code or place.local_authority_name or ""


def service_area(service_id) -> str:
    from directory.models import Location

    names = (
        Location.objects.filter(service_at_locations__service_id=service_id)
        .exclude(local_authority="")
        .order_by("pk")
        .values_list("local_authority", flat=True)
    )
    for name in names[:3]:
        try:
            return area_of_place(place_lookup(name))
        except PostcodeError:
            return name
    return ""


def _person_area_from_postcode(referral_id: int) -> str:
    from referrals.models import Referral

    postcode = Referral.objects.filter(pk=referral_id).values_list("postcode", flat=True).first()
    if not postcode:
        return ""
    try:
        return area_of_place(postcode_lookup(postcode))
    except PostcodeError:
        return ""
