"""Insights dashboard queries on 1,000,000 referrals.

Generates the referrals, their lifecycle events, equality answers (sealed) and fact rows
with SQL (generate_series INSERT … SELECT) in a database of its own, then runs every table
of insights/figures.py, disclosure control included, 20 times: for everyone (no
breakdown), crossed (ethnic group × sex), and crossed within one area and one year; and 5
times for three heavier national breakdowns (SCENARIOS). Writes p50/p95 and row counts per
table to bench/results/insights.json. Target: p95 ≤ 500 ms per table.

    .venv/bin/python bench/insights.py [--referrals 1000000] [--runs 20] [--keep]

The database (BENCH_DATABASE_NAME, default bench_insights) is dropped afterwards unless
--keep; with --keep, a second run reuses the data if the count matches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DATABASE_NAME", "bench_insights")

from bench.common import (  # noqa: E402
    bench_database_url,
    manage,
    setup_django,
    summary_ms,
    write_results,
)

SERVICES = 2000
ORGANISATIONS = 400
AREAS = [f"E0800{n:04d}" for n in range(40)]


def directory_create() -> None:
    """Organisations, services with one location each, and two vocabularies."""
    import random

    from directory.models import (
        Attribute,
        Location,
        Organisation,
        Service,
        ServiceAtLocation,
        Taxonomy,
        TaxonomyTerm,
    )

    rng = random.Random(8)
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Group {i}", description="Bench group.") for i in range(ORGANISATIONS)
    )
    services = Service.objects.bulk_create(
        Service(organisation=rng.choice(orgs), name=f"Service {i}", description="Bench.")
        for i in range(SERVICES)
    )
    locations = Location.objects.bulk_create(
        Location(name=f"Hall {i}", local_authority=rng.choice(AREAS)) for i in range(SERVICES)
    )
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=s, location=loc)
        for s, loc in zip(services, locations, strict=True)
    )
    vocabularies = {}
    for slug in (Taxonomy.SERVICE_TYPES, Taxonomy.COMMUNITIES):
        taxonomy, _ = Taxonomy.objects.get_or_create(
            slug=slug, defaults={"name": slug, "description": slug}
        )
        terms = list(TaxonomyTerm.objects.filter(taxonomy=taxonomy)[:12])
        if not terms:
            terms = TaxonomyTerm.objects.bulk_create(
                TaxonomyTerm(taxonomy=taxonomy, code=f"b{i}", name=f"B{i}", description="b")
                for i in range(12)
            )
        vocabularies[slug] = terms
    Attribute.objects.bulk_create(
        Attribute(service=s, taxonomy_term=term)
        for s in services
        for terms in vocabularies.values()
        for term in rng.sample(terms, rng.choice((1, 1, 2)))
    )


def _array(values: list) -> str:
    """A typed SQL array literal of fixed values (codes, tokens, sealed base64)."""
    if all(isinstance(v, int) for v in values):
        return "ARRAY[" + ",".join(str(v) for v in values) + "]::int[]"
    quoted = ("'" + str(v).replace("'", "''") + "'" for v in values)
    return "ARRAY[" + ",".join(quoted) + "]::text[]"


def referrals_create(count: int) -> dict[str, float]:
    """Referrals, events, equality answers and facts, all with INSERT … SELECT."""
    from django.db import connection

    from insights.coding import seal, token_of
    from insights.facts import service_area
    from insights.figures import TOKEN_CODES

    timings = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.8)")
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'referrals_referral' AND is_nullable = 'NO' "
            "AND column_default IS NULL"
        )
        given = {
            "service_id": "s.id",
            "route": "(ARRAY['self','peer','professional'])[1 + (g % 3)]",
            "status": "'submitted'",
            "status_changed_at": "t",
            "created_at": "t",
            "submitted_at": "t",
            "age_band": (
                "(ARRAY['','0-17','18-24','25-34','35-44','45-54','55-64','65-74','75+'])"
                "[1 + (g * 7 % 9)]"
            ),
        }
        defaults = {"boolean": "false", "ARRAY": "'{}'"}
        columns = {
            name: given.get(name, defaults.get(kind, "''"))
            for name, kind in cursor.fetchall()
            if name != "id"
        }
        columns.update(given)  # submitted_at may be null in general, never here
        started = time.perf_counter()
        cursor.execute(
            f"INSERT INTO referrals_referral ({', '.join(columns)}) "
            f"SELECT {', '.join(columns.values())} FROM ("
            "SELECT g, timestamptz '2024-01-01' + (random() * interval '1000 days') AS t "
            f"FROM generate_series(1, {int(count)}) g) x "
            "JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM directory_service) s "
            f"ON s.n = x.g % {SERVICES}"
        )
        timings["referrals_s"] = time.perf_counter() - started

        # One random draw per referral decides how far it got.
        started = time.perf_counter()
        cursor.execute(
            "CREATE TEMP TABLE journey AS SELECT r.id, r.submitted_at AS t, random() AS u, "
            "random() AS v, random() AS w FROM referrals_referral r"
        )
        stages = [
            ("submitted", "true", "0"),
            ("opened", "u < 0.92", "v * 3"),
            ("accepted", "u < 0.75", "v * 5"),
            ("declined", "u >= 0.75 AND u < 0.85", "v * 5"),
            ("contacted", "u < 0.6", "v * 40"),
            ("met", "u < 0.42", "v * 60"),
            ("closed", "u >= 0.75 AND u < 0.85 OR u < 0.2", "100 + v * 60"),
        ]
        for status, condition, days in stages:
            cursor.execute(
                "INSERT INTO referrals_referralevent "
                "(referral_id, from_status, to_status, note, actor_role, at) "
                f"SELECT id, '', '{status}', '', 'system', t + ({days}) * interval '1 day' "
                f"FROM journey WHERE {condition}"
            )
        timings["events_s"] = time.perf_counter() - started

        started = time.perf_counter()
        tokens = {
            name: [token_of(seal(name, code)) for code in codes]
            for name, codes in TOKEN_CODES.items()
        }
        sealed = {name: [seal(name, code) for code in codes] for name, codes in TOKEN_CODES.items()}
        # 60% answered; each question drawn from its codes (skewed to the first few).
        pick = "(%s)[1 + floor(power(random(), 2) * %d)::int]"
        answer_columns = ", ".join(sealed)
        answer_values = ", ".join(pick % (_array(v), len(v)) for v in sealed.values())
        cursor.execute(
            f"INSERT INTO insights_equalityanswers (referral_id, {answer_columns}, "
            f"local_authority, answered_at) SELECT id, {answer_values}, '', t FROM journey "
            "WHERE w < 0.6"
        )
        timings["answers_s"] = time.perf_counter() - started

        cursor.execute("SELECT id FROM directory_service")
        areas = {str(row[0]): service_area(row[0]) for row in cursor.fetchall()}
        cursor.execute("CREATE TEMP TABLE service_areas (id uuid PRIMARY KEY, area text)")
        cursor.executemany("INSERT INTO service_areas VALUES (%s, %s)", list(areas.items()))

        started = time.perf_counter()
        decline = _array(["no_capacity", "not_eligible", "out_of_area", "not_right", "other"])
        outcome = _array(["getting_support", "could_not_contact", "person_withdrew", "other"])
        token_values = ", ".join(
            f"CASE WHEN j.w < 0.6 THEN ({_array(t)})[1 + floor(power(random(), 2) * {len(t)})::int]"
            " ELSE 0 END"
            for t in tokens.values()
        )
        # Each service's terms once, not once per referral.
        terms = (
            "coalesce((SELECT array_agg(a.taxonomy_term_id) FROM directory_attribute a "
            "JOIN directory_taxonomyterm tt ON tt.id = a.taxonomy_term_id "
            "JOIN directory_taxonomy x ON x.id = tt.taxonomy_id "
            "WHERE a.service_id = sa.id AND x.slug = '{slug}'), '{{}}')"
        )
        cursor.execute(
            "ALTER TABLE service_areas ADD COLUMN types uuid[], ADD COLUMN communities uuid[]"
        )
        cursor.execute(
            f"UPDATE service_areas sa SET types = {terms.format(slug='service-types')}, "
            f"communities = {terms.format(slug='communities')}"
        )
        cursor.execute(
            "INSERT INTO insights_termset (service_types, communities) "
            "SELECT DISTINCT types, communities FROM service_areas ON CONFLICT DO NOTHING"
        )
        cursor.execute(
            "ALTER TABLE service_areas ADD COLUMN term_set_id bigint; "
            "UPDATE service_areas sa SET term_set_id = t.id FROM insights_termset t "
            "WHERE t.service_types = sa.types AND t.communities = sa.communities"
        )
        cursor.execute(
            "INSERT INTO insights_referralfact (referral_id, service_id, organisation_id, route, "
            "age_band, person_area, service_area, term_set_id, submitted_at, "
            "opened_at, accepted_at, waiting_list_at, contacted_at, met_at, declined_at, "
            "closed_at, withdrawn_at, days_to_contact, submitted_quarter, decline_reason, outcome, "
            "experience_rating, "
            "life_satisfaction_0, worthwhile_0, happiness_0, anxiety_0, life_satisfaction_8, "
            f"worthwhile_8, happiness_8, anxiety_8, {', '.join(tokens)}, refreshed_at) "
            "SELECT r.id, r.service_id, s.organisation_id, r.route, r.age_band, "
            f"CASE WHEN j.w < 0.3 THEN ({_array(AREAS)})[1 + floor(random() * {len(AREAS)})::int] "
            "ELSE '' END, sa.area, "
            "sa.term_set_id, j.t, "
            "CASE WHEN j.u < 0.92 THEN j.t + j.v * 3 * interval '1 day' END, "
            "CASE WHEN j.u < 0.75 THEN j.t + j.v * 5 * interval '1 day' END, NULL, "
            "CASE WHEN j.u < 0.6 THEN j.t + j.v * 40 * interval '1 day' END, "
            "CASE WHEN j.u < 0.42 THEN j.t + j.v * 60 * interval '1 day' END, "
            "CASE WHEN j.u >= 0.75 AND j.u < 0.85 THEN j.t + j.v * 5 * interval '1 day' END, "
            "CASE WHEN j.u >= 0.75 AND j.u < 0.85 OR j.u < 0.2 "
            "THEN j.t + (100 + j.v * 60) * interval '1 day' END, NULL, "
            "CASE WHEN j.u < 0.6 THEN ((j.t + j.v * 40 * interval '1 day') "
            "AT TIME ZONE 'Europe/London')::date - (j.t AT TIME ZONE 'Europe/London')::date END, "
            "(extract(year FROM j.t AT TIME ZONE 'Europe/London') * 10 "
            "+ extract(quarter FROM j.t AT TIME ZONE 'Europe/London'))::int, "
            f"CASE WHEN j.u >= 0.75 AND j.u < 0.85 THEN ({decline})[1 + (r.id % 5)] ELSE '' END, "
            f"CASE WHEN j.u >= 0.75 AND j.u < 0.85 OR j.u < 0.2 THEN ({outcome})[1 + (r.id % 4)] "
            "ELSE '' END, "
            "CASE WHEN j.u < 0.3 THEN 1 + (r.id % 5) END, "
            + ", ".join(
                f"CASE WHEN j.u < {limit} THEN {base} + (r.id % 4) END"
                for limit, base in [(0.5, 4)] * 4 + [(0.3, 5)] * 4
            )
            + f", {token_values}, now() "
            "FROM referrals_referral r JOIN journey j ON j.id = r.id "
            "JOIN directory_service s ON s.id = r.service_id "
            "JOIN service_areas sa ON sa.id = r.service_id"
        )
        timings["facts_s"] = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE insights_referralfact")
        timings["vacuum_s"] = time.perf_counter() - started
    return {k: round(v, 1) for k, v in timings.items()}


SEARCHES = 200_000  # searches that found nothing, over the same 1,000 days


def searches_create(count: int) -> float:
    """Searches that found nothing: words from a short list, an area, maybe a type of help
    and a community, a month; with INSERT … SELECT."""
    from django.db import connection

    words = _array(["peer support", "punjabi men", "womens centre", "debt", "bsl", ""])
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE insights_zeroresultsearch")
        cursor.execute(
            "SELECT array_agg(t.id) FILTER (WHERE x.slug = 'service-types'), "
            "array_agg(t.id) FILTER (WHERE x.slug = 'communities') "
            "FROM directory_taxonomyterm t JOIN directory_taxonomy x ON x.id = t.taxonomy_id"
        )
        types, communities = cursor.fetchone()
        cursor.execute(
            "INSERT INTO insights_zeroresultsearch (month, query, outward_code, area, "
            "service_types, communities, filters) SELECT "
            "date_trunc('month', date '2024-01-01' + (random() * 1000)::int)::date, "
            f"({words})[1 + floor(random() * 6)::int], 'WN1', "
            f"({_array(AREAS)})[1 + floor(random() * {len(AREAS)})::int], "
            "CASE WHEN random() < 0.5 THEN ARRAY[(%(types)s::uuid[])"
            "[1 + floor(random() * cardinality(%(types)s::uuid[]))::int]] "
            "ELSE '{}'::uuid[] END, "
            "CASE WHEN random() < 0.3 THEN ARRAY[(%(communities)s::uuid[])"
            "[1 + floor(random() * cardinality(%(communities)s::uuid[]))::int]] "
            "ELSE '{}'::uuid[] END, '{}'::jsonb "
            f"FROM generate_series(1, {int(count)})",
            {"types": types, "communities": communities},
        )
        cursor.execute("VACUUM ANALYZE insights_zeroresultsearch")
    return round(time.perf_counter() - started, 1)


# name: (by, filtered to one area and one year?, searches' by, runs at most)
SCENARIOS = {
    "whole": ((), False, (), None),
    "crossed_ethnic_group_sex": (("ethnic_group", "sex"), False, ("area", "service_type"), None),
    "crossed_in_area_and_year": (("ethnic_group", "sex"), True, ("area", "service_type"), None),
    # The heavier breakdowns a curator can ask for, nationally: two array keys (a referral
    # in several rows), 400 organisations by 12 quarters, and the largest table there is
    # (2,000 services by sex: 8,001 rows). Fewer runs: they are reported, not tuned for.
    "type_of_help_by_community": (
        ("service_type", "community"),
        False,
        ("service_type", "community"),
        5,
    ),
    "organisation_by_quarter": (("organisation", "period"), False, ("area", "period"), 5),
    "service_by_sex": (("service", "sex"), False, ("words",), 5),
}


def run_tables(runs: int) -> dict:
    from django.db import connection

    from insights.disclosure import disclose
    from insights.figures import TABLES, Filters

    area_year = Filters(start=dt.date(2025, 1, 1), end=dt.date(2026, 1, 1), area=AREAS[3])
    results: dict = {}
    for key, figure in TABLES.items():
        results[key] = {}
        for name, (by, filtered, search_by, most) in SCENARIOS.items():
            if key == "gaps_searches":
                by = search_by if by else ()
            chosen = area_year if filtered else Filters()
            figure(chosen, by)  # warm: plans and the cache
            samples, rows = [], 0
            for _ in range(min(runs, most or runs)):
                started = time.perf_counter()
                rows = len(disclose(figure(chosen, by)).rows)
                samples.append(time.perf_counter() - started)
            results[key][name] = {**summary_ms(samples), "rows": rows}
            print(f"{key:15s} {name:28s} {results[key][name]}", flush=True)
    connection.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    url = bench_database_url()
    setup_django(url)
    manage("migrate", "--noinput", "-v", "0")
    from django.conf import settings
    from django.db import connection

    from insights.models import ReferralFact

    generated = None
    if ReferralFact.objects.count() != options.referrals:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE referrals_referral, directory_organisation CASCADE")
        started = time.perf_counter()
        directory_create()
        generated = referrals_create(options.referrals)
        generated["total_s"] = round(time.perf_counter() - started, 1)
        print(f"generated {options.referrals} referrals: {generated}", flush=True)
    from insights.models import ZeroResultSearch

    if ZeroResultSearch.objects.count() != SEARCHES:
        seconds = searches_create(SEARCHES)
        generated = {**(generated or {}), "searches_s": seconds}
        print(f"generated {SEARCHES} searches that found nothing in {seconds} s", flush=True)
    load_before = os.getloadavg()
    tables = run_tables(options.runs)
    load_after = os.getloadavg()
    worst = max(s["p95_ms"] for t in tables.values() for s in t.values())
    over = sorted(
        f"{key}/{name}"
        for key, table in tables.items()
        for name, scenario in table.items()
        if scenario["p95_ms"] > 500
    )
    path = write_results(
        "insights",
        {
            "referrals": options.referrals,
            "searches_that_found_nothing": SEARCHES,
            "runs": options.runs,
            "server": urllib.parse.urlsplit(url).netloc,
            "generation_seconds": generated,
            "target_p95_ms": 500,
            "worst_p95_ms": worst,
            "over_target": over,
            "work_mem": settings.INSIGHTS_WORK_MEM,
            "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
            "tables": tables,
        },
    )
    print(f"wrote {path}; worst p95 {worst} ms", flush=True)
    if not options.keep:
        connection.close()
        _drop(url)


def _drop(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


if __name__ == "__main__":
    main()
