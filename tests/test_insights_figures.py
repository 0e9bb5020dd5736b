"""Every figure on factory data with known answers: breakdowns by one and two crossed
characteristics, period boundaries (inclusive start, exclusive end, Europe/London
midnight), area and organisation filters, ONS4 change, median and 90th percentile, drop-off
at each step, searches that found nothing; and a raw SQL sweep showing no equality answer
is stored anywhere in the clear."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights.facts import fact_refresh
from insights.figures import (
    CHARACTERISTICS,
    DIMENSIONS,
    TABLES,
    Filters,
    UnknownBreakdown,
    _percentiles,
    figure_access,
    figure_closures,
    figure_declines,
    figure_experience,
    figure_gaps_declines,
    figure_gaps_searches,
    figure_timeliness,
    figure_wellbeing,
)
from insights.models import EqualityAnswers, ReferralFact, TermSet, ZeroResultSearch
from referrals.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ExperienceAnswer,
    Referral,
    ReferralEvent,
    WellbeingAnswer,
)
from tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
Q3 = Filters(start=dt.date(2026, 7, 1), end=dt.date(2026, 10, 1))
DAY = dt.timedelta(days=1)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def service_in(area: str, terms: tuple[str, ...] = ()):
    service = ServiceFactory(terms=list(terms))
    location = LocationFactory(local_authority=area)
    ServiceAtLocationFactory(service=service, location=location)
    return service


def refer(
    service,
    submitted: dt.datetime,
    *,
    stages: tuple[str, ...] = (),
    contact_days: float = 1,
    answers: dict | None = None,
    age_band: str = "",
    decline_reason: str = "",
    outcome: str = "",
    wellbeing: tuple[tuple[int, ...], tuple[int, ...]] | None = None,
    rating: int | None = None,
) -> Referral:
    status = stages[-1] if stages else "submitted"
    referral = Referral.objects.create(
        service=service,
        route="self",
        status=status,
        status_changed_at=submitted,
        submitted_at=submitted,
        age_band=age_band,
        decline_reason=decline_reason,
        outcome=outcome,
    )
    if answers:
        Consent.objects.create(
            referral=referral,
            purpose=ConsentPurpose.EQUALITY_MONITORING,
            wording_version="equality-2025-01",
            method=ConsentMethod.STATUS_LINK,
            given_at=submitted,
        )
        heading = (
            answers.get("ethnic_group", "").split("_")[0] if answers.get("ethnic_group") else ""
        )
        EqualityAnswers.objects.create(
            referral=referral, ethnic_heading=heading, answered_at=submitted, **answers
        )
    ReferralEvent.objects.create(referral=referral, to_status="submitted", at=submitted)
    when = {"contacted": submitted + contact_days * DAY}
    for stage in stages:
        ReferralEvent.objects.create(
            referral=referral, to_status=stage, at=when.get(stage, submitted + DAY / 2)
        )
    if wellbeing:
        for label, scores in zip(("referral", "8_weeks"), wellbeing, strict=True):
            WellbeingAnswer.objects.create(
                referral=referral,
                when=label,
                answered_at=submitted,
                **dict(
                    zip(
                        ("life_satisfaction", "worthwhile", "happiness", "anxiety"),
                        scores,
                        strict=True,
                    )
                ),
            )
    if rating is not None:
        ExperienceAnswer.objects.create(referral=referral, rating=rating, answered_at=submitted)
    fact_refresh(referral.pk)
    return referral


INDIAN_MAN = {"ethnic_group": "asian_indian", "sex": "male", "sexual_orientation": "straight"}
BRITISH_WOMAN = {"ethnic_group": "white_british", "sex": "female", "sexual_orientation": "bisexual"}
INDIAN_WOMAN = {
    "ethnic_group": "asian_indian",
    "sex": "female",
    "sexual_orientation": "gay_lesbian",
}
FUNNEL = ("opened", "accepted", "contacted", "met")


@pytest.fixture
def world():
    wigan = service_in("Wigan")
    leeds = service_in("Leeds")
    start = at(2026, 7, 6, 10)
    # Wigan: ten Indian men, all opened, 8 accepted, 6 contacted after 1..6 days, 4 met.
    for i in range(10):
        stages = FUNNEL[: 1 + (i < 8) + (i < 6) + (i < 4)]
        refer(wigan, start, stages=stages, contact_days=i + 1, answers=INDIAN_MAN, age_band="25-34")
    # Six British women: 3 accepted and contacted after 10, 20 and 30 days, one met.
    for i in range(6):
        stages = FUNNEL[: 1 + 2 * (i < 3) + (i < 1)]
        refer(
            wigan,
            start,
            stages=stages,
            contact_days=10 * (i + 1),
            answers=BRITISH_WOMAN,
            age_band="55-64",
        )
    # Four without answers: two declined for lack of room, two closed (could not contact).
    for _ in range(2):
        refer(wigan, start, stages=("opened", "declined"), decline_reason="no_capacity")
    for _ in range(2):
        refer(
            wigan,
            start,
            stages=("opened", "accepted", "closed"),
            outcome="could_not_contact",
        )
    # Leeds: five Indian women, all the way to met, ONS4 4,5,6,6 -> 7,7,8,4, rated 5 or 4.
    for i in range(5):
        refer(
            leeds,
            start,
            stages=FUNNEL,
            contact_days=2,
            answers=INDIAN_WOMAN,
            age_band="25-34",
            wellbeing=((4, 5, 6, 6), (7, 7, 8, 4)),
            rating=5 if i < 3 else 4,
        )
    # Boundaries: midnight 1 July (in), 23:59 30 June and midnight 1 October (out).
    refer(wigan, at(2026, 7, 1, 0, 0))
    refer(wigan, at(2026, 6, 30, 23, 59))
    refer(wigan, at(2026, 10, 1, 0, 0))
    return {"wigan": wigan, "leeds": leeds}


def by_labels(table) -> dict[tuple[str, ...], list]:
    return {row.labels: [cell.value for cell in row.cells] for row in table.rows}


def test_access_funnel_and_drop_off(world):
    rows = by_labels(figure_access(Q3))
    # 10 + 6 + 4 + 5 + the one at midnight on 1 July.
    made, opened, not_opened, accepted, _, contacted, _, met, _ = rows[("All",)]
    assert (made, opened, accepted, contacted, met) == (26, 25, 18, 14, 10)
    assert not_opened == pytest.approx(100 * 1 / 26, abs=0.1)
    men = by_labels(figure_access(Q3, by=("sex",)))[("Male",)]
    assert men == [10, 10, 0.0, 8, 20.0, 6, 25.0, 4, pytest.approx(33.3, abs=0.1)]


def test_ethnicity_by_sex_intersection(world):
    table = figure_access(Q3, by=("ethnic_group", "sex"))
    rows = by_labels(table)
    assert rows[("Indian", "Male")][0] == 10
    assert rows[("Indian", "Female")][0] == 5
    assert rows[("English, Welsh, Scottish, Northern Irish or British", "Female")][0] == 6
    assert rows[("Not known", "Not known")][0] == 5
    assert rows[("Pakistani", "Male")][0] == 0  # every combination is listed
    assert sum(row.cells[0].value for row in table.rows[:-1]) == 26
    heading = by_labels(figure_access(Q3, by=("ethnic_heading",)))
    assert heading[("Asian, Asian British or Asian Welsh",)][0] == 15


def test_age_by_sexual_orientation(world):
    rows = by_labels(figure_access(Q3, by=("age_band", "sexual_orientation")))
    assert rows[("25 to 34", "Straight or heterosexual")][0] == 10
    assert rows[("25 to 34", "Gay or lesbian")][0] == 5
    assert rows[("55 to 64", "Bisexual")][0] == 6
    assert rows[("Not known", "Not known")][0] == 5


def test_period_boundaries(world):
    assert figure_access(Filters(end=dt.date(2026, 7, 1))).all_row.cells[0].value == 1
    assert figure_access(Filters(start=dt.date(2026, 10, 1))).all_row.cells[0].value == 1
    assert figure_access(Filters()).all_row.cells[0].value == 28
    periods = by_labels(figure_access(Filters(), by=("period",)))
    assert {k: v[0] for k, v in periods.items()} == {
        ("2026 Q2",): 1,
        ("2026 Q3",): 26,
        ("2026 Q4",): 1,
        ("All",): 28,
    }


def test_area_and_organisation_filters(world):
    leeds = world["leeds"]
    assert figure_access(Filters(area="Leeds")).all_row.cells[0].value == 5
    assert (
        figure_access(Filters(area="Wigan", start=Q3.start, end=Q3.end)).all_row.cells[0].value
        == 21
    )
    org = Filters(organisation_id=str(leeds.organisation_id))
    assert figure_access(org).all_row.cells[0].value == 5
    assert figure_access(Filters(service_id=str(leeds.pk))).all_row.cells[0].value == 5
    areas = by_labels(figure_access(Q3, by=("area",)))
    assert areas[("Leeds",)][0] == 5 and areas[("Wigan",)][0] == 21


def test_timeliness_median_and_p90(world):
    rows = by_labels(figure_timeliness(Q3, by=("sex",)))
    # Men: contacted after 1..6 days.
    assert rows[("Male",)] == [10, 6, 3.5, 5.5]
    # Women: 10, 20, 30 (British) and 2 x5 (Indian): median 2, p90 between 20 and 30.
    assert rows[("Female",)][:3] == [11, 8, 2.0]
    assert rows[("Female",)][3] == pytest.approx(23.0, abs=0.05)


def test_wellbeing_change_and_experience(world):
    rows = by_labels(figure_wellbeing(Q3, by=("sex",)))
    assert rows[("Female",)] == [5, 3.0, 2.0, 2.0, -2.0]
    assert rows[("Male",)] == [0, None, None, None, None]
    experience = by_labels(figure_experience(Q3))
    assert experience[("All",)] == [5, 3, 2, 0, 0, 0]


def test_declines_closures_and_gaps(world):
    assert by_labels(figure_declines(Q3))[("All",)] == [2, 2, 0, 0, 0, 0, 0]
    closures = figure_closures(Q3)
    could_not = closures.columns.index("Could not contact")
    assert closures.all_row.cells[0].value == 2 and closures.all_row.cells[could_not].value == 2
    gaps = by_labels(figure_gaps_declines(Q3, by=("area",)))
    assert gaps[("Wigan",)] == [21, 2, 2, 0, 0] and gaps[("Leeds",)] == [5, 0, 0, 0, 0]


def test_every_table_by_every_key_runs(world):
    for key, figure in TABLES.items():
        keys = (
            ["area", "service_type", "community", "period", "words"]
            if key == "gaps_searches"
            else [*CHARACTERISTICS, *DIMENSIONS]
        )
        for one in keys:
            table = figure(Q3, (one,))
            assert table.rows[-1].labels == ("All",)
            assert all(len(row.cells) == len(table.columns) for row in table.rows)
        figure(Q3, (keys[0], keys[1]))
    with pytest.raises(UnknownBreakdown):
        figure_access(Q3, by=("sex", "sex"))
    with pytest.raises(UnknownBreakdown):
        figure_access(Q3, by=("name",))


def test_searches_that_found_nothing_are_kept_without_personal_data(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    response = client.get(
        "/search/", {"q": "Unicorn yoga, call 07700900123 or jo@example.org WN1 1AA"}
    )
    assert response.status_code == 200
    search = ZeroResultSearch.objects.get()
    assert search.query == "unicorn yoga call or"
    assert search.month.day == 1
    client.get("/search/", {"q": ""})  # nothing asked: nothing kept
    assert ZeroResultSearch.objects.count() == 1
    rows = by_labels(figure_gaps_searches(Filters(), by=("words",)))
    assert rows[("unicorn yoga call or",)] == [1] and rows[("All",)] == [1]
    org = figure_gaps_searches(Filters(organisation_id="00000000-0000-0000-0000-000000000000"))
    assert org.all_row.cells[0].value == 0


def test_rebuild_gives_the_same_facts(world):
    before = list(ReferralFact.objects.order_by("pk").values())
    ReferralFact.objects.all().delete()
    call_command("insights_rebuild", verbosity=0)
    after = list(ReferralFact.objects.order_by("pk").values())
    strip = [{k: v for k, v in row.items() if k != "refreshed_at"} for row in before]
    assert strip == [{k: v for k, v in row.items() if k != "refreshed_at"} for row in after]


def test_no_equality_answer_is_stored_in_the_clear_anywhere(world):
    """Every text column of every table, read raw: no answer code appears."""
    # Codes no other text contains (words like "bisexual" are in the search synonyms).
    codes = ["asian_indian", "white_british", "gay_lesbian"]
    pattern = "|".join(codes)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')"
        )
        by_table: dict[str, list[str]] = {}
        for table, column in cursor.fetchall():
            by_table.setdefault(table, []).append(column)
        assert "insights_equalityanswers" in by_table
        for table, columns in by_table.items():
            found = " OR ".join(f'"{column}"::text ~ %(p)s' for column in columns)
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE {found}', {"p": pattern})  # noqa: S608
            assert cursor.fetchone()[0] == 0, table


def test_quarterly_report_writes_disclosed_csvs_and_a_summary(world, tmp_path):
    call_command("insights_quarterly_report", quarter="2026Q3", out=str(tmp_path), verbosity=0)
    access = (tmp_path / "access.csv").read_text().splitlines()
    # 26 made, rounded to 25; 25 opened; the one not opened hidden (1 of 26).
    assert access[1].startswith("All,25,25,")
    by_sex = (tmp_path / "access_by_sex.csv").read_text()
    # Not known (5) is hidden, and with it the smallest other row of each column (Male's
    # 10 made), so the All row gives neither away; rates go with their counts.
    assert "Not known,*,*," in by_sex and "Male,*,*,,10," in by_sex
    assert "Female,10,10,0%," in by_sex and "All,25,25,0%,20,20%,15,25%,10,33%" in by_sex
    assert (tmp_path / "gaps_searches_by_words.csv").exists()
    summary = (tmp_path / "summary.html").read_text()
    assert "25 referrals were made" in summary and "1 July 2026 to 30 September 2026" in summary
    for name in tmp_path.glob("*.csv"):
        for line in name.read_text().splitlines()[1:]:
            for value in line.split(",")[1:]:
                if value.isdigit():
                    assert int(value) % 5 == 0, (name, line)
    with pytest.raises(CommandError):
        call_command("insights_quarterly_report", quarter="2026Q5", out=str(tmp_path))


def test_days_to_contact_are_calendar_days_in_local_time():
    wigan = service_in("Wigan")
    # 23:30 to 00:30 British Summer Time: the same day in UTC, the next day here.
    late = refer(wigan, at(2026, 7, 6, 23, 30), stages=FUNNEL, contact_days=1 / 24)
    same_day = refer(wigan, at(2026, 7, 7, 9, 0), stages=FUNNEL, contact_days=8 / 24)  # 17:00
    # Clocks go back on 25 October 2026: 23:30 to 23:30 the next day is 25 hours, one day.
    autumn = refer(wigan, at(2026, 10, 24, 23, 30), stages=FUNNEL, contact_days=1)
    days = dict(ReferralFact.objects.values_list("referral_id", "days_to_contact"))
    assert (days[late.pk], days[same_day.pk], days[autumn.pk]) == (1, 0, 1)
    assert by_labels(figure_timeliness(Filters()))[("All",)] == [3, 3, 1.0, 1.0]


@pytest.fixture
def thirty_facts():
    """Thirty referrals in two areas; the property test below rewrites their facts."""
    services = [service_in("Wigan"), service_in("Leeds")]
    for i in range(30):
        refer(services[i % 2], at(2026, 7, 6, 10), stages=FUNNEL, contact_days=1)
    return list(ReferralFact.objects.order_by("pk").values_list("pk", flat=True))


_FACT_ROWS = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, 90)),  # days to contact (None: not contacted)
        st.integers(0, 2),  # sex token
        st.sets(st.integers(0, 2), max_size=3),  # types of help
    ),
    min_size=30,
    max_size=30,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=_FACT_ROWS)
def test_percentiles_from_daily_counts_match_percentile_cont(thirty_facts, rows):
    """The median and 90th percentile computed from counts per day (in parallel) are
    exactly PostgreSQL's percentile_cont over the days, for everyone, by one key, by a key
    a referral can have several of, and crossed."""
    terms = ["00000000-0000-0000-0000-00000000000" + str(n) for n in range(3)]
    with connection.cursor() as cursor:
        for pk, (days, sex, types) in zip(thirty_facts, rows, strict=True):
            term_set, _new = TermSet.objects.get_or_create(
                service_types=[terms[t] for t in sorted(types)], communities=[]
            )
            cursor.execute(
                "UPDATE insights_referralfact SET days_to_contact = %s, sex = %s, "
                "contacted_at = CASE WHEN %s IS NULL THEN NULL ELSE submitted_at END, "
                "term_set_id = %s WHERE referral_id = %s",
                [days, sex, days, term_set.pk, pk],
            )
    unnest = (
        "JOIN insights_termset ts ON ts.id = f.term_set_id "
        "LEFT JOIN LATERAL unnest(ts.service_types) AS st(term) ON true"
    )
    for by, (select, laterals, group) in {
        (): ("", "", ""),
        ("sex",): ("f.sex, ", "", "GROUP BY f.sex"),
        ("service_type",): ("st.term, ", unnest, "GROUP BY st.term"),
        ("sex", "service_type"): ("f.sex, st.term, ", unnest, "GROUP BY f.sex, st.term"),
    }.items():
        groups, total = _percentiles(Filters(), by, (0.5, 0.9))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {select}count(*), count(f.contacted_at), "  # noqa: S608
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY f.days_to_contact), "
                "percentile_cont(0.9) WITHIN GROUP (ORDER BY f.days_to_contact) "
                f"FROM insights_referralfact f {laterals} {group}"
            )
            expected = {tuple(row[: len(by)]): row[len(by) :] for row in cursor.fetchall()}
        got = {(): total} if not by else groups
        if by:
            cursor_total = _percentiles(Filters(), (), (0.5, 0.9))[1]
            assert [float(v) if v is not None else None for v in total] == [
                float(v) if v is not None else None for v in cursor_total
            ]
        assert got.keys() == expected.keys()
        for key, (made, contacted, median, p90) in expected.items():
            g_made, g_contacted, g_median, g_p90 = got[key]
            assert (int(g_made), int(g_contacted)) == (made, contacted)
            for mine, theirs in ((g_median, median), (g_p90, p90)):
                if theirs is None:
                    assert mine is None
                else:
                    assert float(mine) == pytest.approx(theirs, abs=1e-9)


def test_reordering_migration_keeps_every_fact_both_ways():
    """insights 0003 recreates the fact table with its columns in a faster order: every
    row comes through unchanged, forwards and backwards, and gains its days to contact."""
    from django.db.migrations.executor import MigrationExecutor

    wigan = service_in("Wigan", ("service-types:peer-support", "communities:punjabi"))
    refer(wigan, at(2026, 7, 6, 10), stages=FUNNEL, contact_days=2, answers=INDIAN_MAN)
    refer(wigan, at(2026, 7, 6, 10), stages=("opened", "declined"), decline_reason="no_capacity")

    def rows():
        """Every fact row, its term set (after the migration) given as the two arrays."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM insights_referralfact ORDER BY referral_id")
            names = [column.name for column in cursor.description]
            found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            for row in found:
                if "term_set_id" in row:
                    cursor.execute(
                        "SELECT service_types, communities FROM insights_termset WHERE id = %s",
                        [row.pop("term_set_id")],
                    )
                    row["service_types"], row["communities"] = cursor.fetchone()
            return found

    before = rows()
    assert before[0]["service_types"] and before[0]["communities"]
    assert [row["days_to_contact"] for row in before] == [2, None]
    assert [row["submitted_quarter"] for row in before] == [20263, 20263]
    # PostgreSQL changes tables inside the test's transaction (rolled back after it), once
    # the foreign keys deferred to the commit are checked.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([("insights", "0002_commissioners_group")])
    old = rows()
    assert "days_to_contact" not in old[0]
    assert list(old[0])[:4] == ["referral_id", "service_id", "organisation_id", "route"]
    executor = MigrationExecutor(connection)
    executor.migrate([("insights", "0003_referralfact_column_order")])
    after = rows()
    assert list(after[0])[:4] == ["referral_id", "service_id", "organisation_id", "ethnic_group"]
    assert after == before
    for old_row, new_row in zip(old, after, strict=True):
        added = ("days_to_contact", "submitted_quarter")
        assert old_row == {k: v for k, v in new_row.items() if k not in added}
