"""The figures: selectors computing each table in SQL from the fact table.

    table = figure_access(Filters(start=…, end=…, area="E08000010"), by=("ethnic_group", "sex"))
    published = disclose(table)          # insights/disclosure.py, before anyone sees it

Every table is one or two queries: PostgreSQL groups the referrals' facts by none, one or
two characteristics or dimensions and computes every column (conditional counts,
percentile_cont, averages); Python only names the few group keys (the characteristics are
tokens, insights/coding.py) and lays out the rows. The last row is always "All": the same
figures for everyone the filters select, for comparison.

Raw figures are for use inside the platform only; anything shown goes through disclose().

The SQL is assembled from this module's own fragments (_KEY_SQL, the aggregates) chosen by
validated keys; every value from a request is a query parameter (hence the S608 noqa).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import product
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insights import choices as ch
from insights.coding import codes_by_token

# --- what a table can be broken down by ----------------------------------------------------

CHARACTERISTICS: dict[str, str] = {
    "ethnic_group": gettext_lazy("Ethnic group"),
    "ethnic_heading": gettext_lazy("Ethnic group (broad)"),
    "sex": gettext_lazy("Sex"),
    "gender_same_as_birth": gettext_lazy("Gender identity the same as sex registered at birth"),
    "sexual_orientation": gettext_lazy("Sexual orientation"),
    "age_band": gettext_lazy("Age"),
    "disability": gettext_lazy("Disability"),
    "religion": gettext_lazy("Religion or belief"),
    "main_language": gettext_lazy("Main language"),
    "imd_decile": gettext_lazy("Deprivation (IMD decile of home postcode)"),
    "route": gettext_lazy("How they were referred"),
}
DIMENSIONS: dict[str, str] = {
    "area": gettext_lazy("Area (local authority)"),
    "service": gettext_lazy("Service"),
    "organisation": gettext_lazy("Organisation"),
    "service_type": gettext_lazy("Type of help"),
    "community": gettext_lazy("Community"),
    "period": gettext_lazy("Quarter"),
}
# The characteristics stored as tokens, and their possible codes in asking order.
TOKEN_CODES: dict[str, list[str]] = {
    "ethnic_group": ch.EthnicGroup.values,
    "ethnic_heading": ch.EthnicHeading.values,
    "sex": ch.Sex.values,
    "gender_same_as_birth": ch.YesNo.values,
    "sexual_orientation": ch.SexualOrientation.values,
    "disability": ch.YesNo.values,
    "religion": ch.Religion.values,
    "main_language": ch.MainLanguage.values,
    "imd_decile": ch.IMD_DECILES,
}
ALL = "All"


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None  # inclusive, by the date the referral was sent to the group
    end: dt.date | None = None  # exclusive
    area: str = ""  # local authority (person's if known, else the service's)
    service_type: str = ""  # taxonomy term id
    community: str = ""  # taxonomy term id
    organisation_id: str = ""  # uuid string
    service_id: str = ""


@dataclass(slots=True)
class Cell:
    value: int | float | None  # raw: never shown outside the platform without disclose()
    display: str = ""  # filled by disclose(): "*", a rounded count, "12.5%", "" (not shown)
    suppressed: bool = False
    base: int | None = None  # rates, medians and means: how many they are computed over


@dataclass(slots=True)
class Row:
    labels: tuple[str, ...]  # one per `by` key; the "All" row has ("All",)
    cells: list[Cell]
    keys: tuple[str, ...] = ()  # the raw group keys (codes, ids); () for "All"

    @property
    def is_all(self) -> bool:
        return self.labels == (ALL,) and not self.keys


@dataclass
class Table:
    key: str
    title: str
    by: tuple[str, ...]
    columns: list[str]
    count_columns: list[int]  # counts: disclose() suppresses 1–7 and rounds to 5
    rows: list[Row]  # ends with the "All" row
    notes: list[str] = field(default_factory=list)
    # Columns that are the sum of other count columns in the same row: (total, parts).
    sums: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    # Percentages: column -> (numerator column, denominator column, complement). Published
    # from the rounded counts (complement: 100 - share, e.g. a drop-off).
    ratios: dict[int, tuple[int, int, bool]] = field(default_factory=dict)
    # Medians and means: column -> the count column they are computed over.
    bases: dict[int, int] = field(default_factory=dict)
    # Whether the rows (other than "All") split everyone into groups that add up to "All":
    # False where one referral may count in several rows (a service with several types).
    rows_partition: bool = True

    @property
    def all_row(self) -> Row:
        return self.rows[-1]


class UnknownBreakdown(ValueError):
    """A `by` key that is not a characteristic or dimension, or more than two of them."""


# --- SQL pieces -------------------------------------------------------------------------------

# Each key's expression over the fact table "f". Ids are grouped as uuids and quarters as
# numbers (20263: 2026 Q3), cheaper than text, and named in Python. A service's types of
# help and communities are arrays in insights_termset: facts are first grouped by their
# term set's number, and only those few sets are then unnested (a referral whose service
# has none counts as not known), so the million rows are read once and in parallel.
_KEY_SQL = {
    **{name: f"f.{name}" for name in TOKEN_CODES},
    "age_band": "f.age_band",
    "route": "f.route",
    "area": "f.area",
    "service": "f.service_id",
    "organisation": "f.organisation_id",
    "service_type": "f.term_set_id",
    "community": "f.term_set_id",
    "period": "f.submitted_quarter",
}
ARRAY_KEYS = {"service_type": "service_types", "community": "communities"}


@dataclass(frozen=True)
class _Keys:
    """The SQL pieces for grouping by ``by`` in two steps: over the facts "f", then over
    that first grouping "g" (its key columns named k0, k1), where each term set's array is
    unnested."""

    names: list[str]  # k0, k1
    inner: list[str]  # "<expression over f> AS k0"
    outer: list[str]  # "<expression over g> AS k0"
    joins: str  # the term sets and their unnested arrays, after "FROM g"
    nulls: list[str]  # the keys of the All row


def _keys(by: tuple[str, ...]) -> _Keys:
    outer, joins = [], []
    for i, key in enumerate(by):
        if key in ARRAY_KEYS:
            joins.append(
                f"JOIN insights_termset t{i} ON t{i}.id = g.k{i} "
                f"LEFT JOIN LATERAL unnest(t{i}.{ARRAY_KEYS[key]}) AS u{i}(term) ON true"
            )
            outer.append(f"u{i}.term AS k{i}")
        else:
            outer.append(f"g.k{i} AS k{i}")
    return _Keys(
        names=[f"k{i}" for i in range(len(by))],
        inner=[f"{_KEY_SQL[key]} AS k{i}" for i, key in enumerate(by)],
        outer=outer,
        joins=" ".join(joins),
        nulls=["NULL"] * len(by),
    )


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _place_and_kind_clauses(filters: Filters, params: dict, *, alias: str) -> list[str]:
    """Area, type of help and community, on the fact table (``f``: the arrays are in its
    term set) and on the zero-result searches (``z``: in the row)."""
    clauses = []
    if filters.area:
        clauses.append(f"{alias}.area = %(area)s")
        params["area"] = filters.area
    for value, array, name in (
        (filters.service_type, "service_types", "service_type"),
        (filters.community, "communities", "community"),
    ):
        if not value:
            continue
        holds = f"{array} @> ARRAY[%({name})s]::uuid[]"
        if alias == "f":
            sets = f"SELECT id FROM insights_termset WHERE {holds}"  # noqa: S608
            clauses.append(f"f.term_set_id IN ({sets})")
        else:
            clauses.append(f"{alias}.{holds}")
        params[name] = value
    return clauses


def _where(filters: Filters, params: dict, *, date_column: str = "f.submitted_at") -> str:
    clauses = [f"{date_column} IS NOT NULL"]
    if filters.start:
        clauses.append(f"{date_column} >= %(start)s")
        params["start"] = _local_midnight(filters.start)
    if filters.end:
        clauses.append(f"{date_column} < %(end)s")
        params["end"] = _local_midnight(filters.end)
    clauses += _place_and_kind_clauses(filters, params, alias="f")
    if filters.organisation_id:
        clauses.append("f.organisation_id = %(organisation_id)s::uuid")
        params["organisation_id"] = filters.organisation_id
    if filters.service_id:
        clauses.append("f.service_id = %(service_id)s::uuid")
        params["service_id"] = filters.service_id
    return " AND ".join(clauses)


@contextmanager
def _cursor():
    """A cursor for one figure's statements, in a transaction whose settings suit a scan
    of every referral: enough memory to group and sort in memory rather than on disk
    (INSIGHTS_WORK_MEM) and no JIT compilation (it costs more than it saves here)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true)",
            [settings.INSIGHTS_WORK_MEM],
        )
        yield cursor


def _check_by(by: tuple[str, ...], allowed: dict[str, str] | None = None) -> tuple[str, ...]:
    by = tuple(by)
    known = allowed if allowed is not None else {**CHARACTERISTICS, **DIMENSIONS}
    if len(by) > 2 or len(set(by)) != len(by) or any(key not in known for key in by):
        raise UnknownBreakdown(f"Cannot break figures down by {by!r}")
    return by


def _grouped(
    aggregates: list[str],
    filters: Filters,
    by: tuple[str, ...],
    extra: dict | None = None,
    *,
    finals: list[str] | None = None,
) -> tuple[dict[tuple, tuple], tuple]:
    """Run the aggregates over the filtered facts grouped by ``by``: the rows by group key,
    and the "All" row, in one statement and one read of the facts.

    The aggregates must add up across groups (counts and sums): PostgreSQL then computes
    them in parallel workers (a plain GROUP BY; GROUPING SETS and ordered-set aggregates
    such as percentile_cont run in one process), and the table's rows and its "All" row
    are sums over that first grouping (with array keys unnested for the rows only, so a
    referral counted under several types of help is counted once in "All"). ``finals``
    are expressions over the sums (named a0, a1, …), such as a mean from a sum and a
    count; by default the sums themselves."""
    params: dict = {"tz": settings.TIME_ZONE, **(extra or {})}
    where = _where(filters, params)
    named = ", ".join(f"{sql} AS a{i}" for i, sql in enumerate(aggregates))
    sums = ", ".join(f"sum(a{i})::bigint AS a{i}" for i in range(len(aggregates)))
    final = ", ".join(finals or [f"a{i}" for i in range(len(aggregates))])
    if not by:
        with _cursor() as cursor:
            cursor.execute(
                f"SELECT {final} FROM (SELECT {named} "  # noqa: S608
                f"FROM insights_referralfact f WHERE {where}) t",
                params,
            )
            return {}, cursor.fetchone()
    width = len(by)
    k = _keys(by)
    k_names, inner, outer, nulls = (", ".join(p) for p in (k.names, k.inner, k.outer, k.nulls))
    joins = k.joins
    if joins:  # by position: a name would mean g's column (the array), not the term
        positions = ", ".join(str(n + 1) for n in range(width))
        rows_sql = (
            f"SELECT {outer}, false AS total, {sums} FROM g {joins} "  # noqa: S608
            f"GROUP BY {positions} "
        )
    else:
        columns = ", ".join(f"a{i}" for i in range(len(aggregates)))
        rows_sql = f"SELECT {k_names}, false AS total, {columns} FROM g "  # noqa: S608
    with _cursor() as cursor:
        cursor.execute(
            f"WITH g AS (SELECT {inner}, {named} FROM insights_referralfact f "  # noqa: S608
            f"WHERE {where} GROUP BY {k_names}) "
            f"SELECT {k_names}, total, {final} FROM ("
            f"{rows_sql}UNION ALL SELECT {nulls}, true, {sums} FROM g) t",
            params,
        )
        rows = cursor.fetchall()
    groups = {tuple(row[:width]): row[width + 1 :] for row in rows if not row[width]}
    total = next(row[width + 1 :] for row in rows if row[width])
    return groups, total


def _percentiles(
    filters: Filters, by: tuple[str, ...], fractions: tuple[float, ...]
) -> tuple[dict[tuple, tuple], tuple]:
    """Referrals made, contacted, and the percentile_cont of days to first contact at each
    fraction, by group and for all.

    The same figures as PostgreSQL's percentile_cont over every contacted referral's
    days_to_contact, computed from counts per group and day: counting runs in parallel
    workers (percentile_cont cannot), and the few thousand counts are then walked with
    window functions, in whole numbers: the value at 0-based rank i is the day whose running
    count passes i, and percentile_cont interpolates between ranks floor(p(n-1)) and
    ceil(p(n-1)). Fractions are taken to the thousandth."""
    params: dict = {"tz": settings.TIME_ZONE}
    where = _where(filters, params)
    width = len(by)
    k = _keys(by)
    # Each followed by a comma: "" when there are no keys.
    k_list, inner, outer, nulls = (
        "".join(f"{x}, " for x in part) for part in (k.names, k.inner, k.outer, k.nulls)
    )
    joins = k.joins
    counted = (
        f"SELECT {inner}f.days_to_contact AS d, count(*) AS made, "  # noqa: S608
        f"count(f.contacted_at) AS contacted FROM insights_referralfact f "
        f"WHERE {where} GROUP BY {k_list}d"
    )
    # The group rows and, from the same counts, the "All" row; per day. Only unnested
    # array keys need grouping again.
    if joins:
        rows_sql = (
            f"SELECT {outer}d, sum(made)::bigint AS made, sum(contacted)::bigint AS contacted, "  # noqa: S608
            "false AS total "
            f"FROM h g {joins} GROUP BY {', '.join(str(n + 1) for n in range(width + 1))} "
        )
    else:
        rows_sql = f"SELECT {k_list}d, made, contacted, false AS total FROM h "  # noqa: S608
    summed = (f"{rows_sql}UNION ALL " if by else "") + (
        f"SELECT {nulls}d, sum(made)::bigint AS made, sum(contacted)::bigint AS contacted, "  # noqa: S608
        "true AS total "
        "FROM h GROUP BY d"
    )

    # Ranks in whole numbers (fractions in thousandths): p(n-1) = whole + part/1000.
    ranks, columns = [], []
    for i, fraction in enumerate(fractions):
        thousandths = round(float(fraction) * 1000)
        ranks.append(
            f"(n - 1) * {thousandths} / 1000 AS low{i}, "
            f"(mod((n - 1) * {thousandths}, 1000) <> 0)::int AS up{i}, "
            f"mod((n - 1) * {thousandths}, 1000) AS part{i}"
        )
        low = f"min(d) FILTER (WHERE low{i} >= before AND low{i} < before + placed)"
        high = (
            f"min(d) FILTER (WHERE low{i} + up{i} >= before AND low{i} + up{i} < before + placed)"
        )
        columns.append(f"{low} + max(part{i}) / 1000.0 * ({high} - {low})")
    partition = "PARTITION BY total" + "".join(f", k{i}" for i in range(width))
    sql = (
        f"WITH h AS ({counted}), g AS ({summed}), w AS ("  # noqa: S608
        f"SELECT *, (sum(placed) OVER ({partition} ORDER BY d))::bigint - placed AS before, "
        f"(sum(placed) OVER ({partition}))::bigint AS n FROM ("
        f"SELECT *, CASE WHEN d IS NULL THEN 0 ELSE contacted END::bigint AS placed FROM g) p), "
        f"c AS (SELECT *, {', '.join(ranks)} FROM w) "
        f"SELECT {k_list}total, sum(made)::bigint, sum(contacted)::bigint, {', '.join(columns)} "
        f"FROM c GROUP BY {k_list}total"
    )
    with _cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    groups = {tuple(row[:width]): row[width + 1 :] for row in rows if not row[width]}
    totals = [row[width + 1 :] for row in rows if row[width]]
    total = totals[0] if totals else (0, 0, *(None for _f in fractions))
    return groups, total


# --- naming group keys -------------------------------------------------------------------------


def _choice_labels(key: str) -> dict[str, str]:
    from referrals.models import AgeBand, Route

    classes = {
        "ethnic_group": ch.EthnicGroup,
        "ethnic_heading": ch.EthnicHeading,
        "sex": ch.Sex,
        "gender_same_as_birth": ch.YesNo,
        "sexual_orientation": ch.SexualOrientation,
        "disability": ch.YesNo,
        "religion": ch.Religion,
        "main_language": ch.MainLanguage,
        "age_band": AgeBand,
        "route": Route,
    }
    if key == "imd_decile":
        labels = {code: ch.imd_decile_label(code) for code in ch.IMD_DECILES}
    else:
        labels = {value: str(label) for value, label in classes[key].choices}
    return {**labels, ch.NOT_KNOWN: str(ch.NOT_KNOWN_LABEL)}


def _dimension_labels(key: str, values: set[str]) -> dict[str, str]:
    from directory.models import Organisation, Postcode, Service, TaxonomyTerm

    ids = [v for v in values if v]
    if key == "service":
        services = Service.objects.filter(pk__in=ids).values_list("pk", "name")
        found = {str(pk): name for pk, name in services}
    elif key == "organisation":
        found = {
            str(pk): name
            for pk, name in Organisation.objects.filter(pk__in=ids).values_list("pk", "name")
        }
    elif key in ("service_type", "community"):
        found = {str(t.pk): t.label for t in TaxonomyTerm.objects.filter(pk__in=ids)}
    elif key == "area":
        found = dict(
            Postcode.objects.filter(local_authority_code__in=ids)
            .values_list("local_authority_code", "local_authority_name")
            .distinct()
        )
    else:  # period: "2026Q3" reads as "2026 Q3"
        found = {v: v.replace("Q", " Q") for v in ids}
    return {v: found.get(v, v) for v in ids} | {"": str(ch.NOT_KNOWN_LABEL)}


def _decode_key(key: str, raw) -> str:
    """The code of one group key: tokens are looked up among the question's codes;
    quarters (20263) read as "2026Q3"."""
    if key in TOKEN_CODES:
        return _token_maps(key).get(raw, ch.NOT_KNOWN)
    if raw is None:
        return ""
    if key == "period":
        return f"{raw // 10}Q{raw % 10}"
    return str(raw)


def _token_maps(key: str) -> dict[int, str]:
    return codes_by_token(key, TOKEN_CODES[key])


def _domain(key: str, present: set[str]) -> list[str]:
    """The group keys a table shows for ``key``: every answer of a question (zeros
    included, so tables keep their shape), or the values present for a dimension."""
    if key in CHARACTERISTICS:
        order = list(_choice_labels(key))
        return order
    return sorted(present, key=lambda v: (v == "", v))


def _rows(
    by: tuple[str, ...],
    groups: dict[tuple, tuple],
    total: tuple,
    make_cells: Callable[[tuple | None], list[Cell]],
) -> list[Row]:
    decoded: dict[tuple[str, ...], tuple] = {}
    token_maps = {key: _token_maps(key) for key in by if key in TOKEN_CODES}
    for raw_keys, values in groups.items():
        codes = tuple(
            token_maps[key].get(raw, ch.NOT_KNOWN) if key in token_maps else _decode_key(key, raw)
            for key, raw in zip(by, raw_keys, strict=True)
        )
        decoded[codes] = values
    labels = {}
    domains = []
    for i, key in enumerate(by):
        present = {codes[i] for codes in decoded}
        labels[key] = (
            _choice_labels(key) if key in CHARACTERISTICS else _dimension_labels(key, present)
        )
        domains.append(_domain(key, present))
    rows = [
        Row(
            labels=tuple(labels[key][code] for key, code in zip(by, codes, strict=True)),
            cells=make_cells(decoded.get(codes)),
            keys=codes,
        )
        for codes in (product(*domains) if by else ())
    ]
    rows.append(Row(labels=(ALL,), cells=make_cells(total)))
    return rows


def _count(value) -> Cell:
    return Cell(value=int(value or 0))


def _number(value, base) -> Cell:
    return Cell(value=None if value is None else round(float(value), 1), base=int(base or 0))


def _pct(numerator, denominator, *, complement: bool = False) -> Cell:
    numerator, denominator = int(numerator or 0), int(denominator or 0)
    if not denominator:
        return Cell(value=None, base=0)
    share = 100.0 * numerator / denominator
    return Cell(value=round(100.0 - share if complement else share, 1), base=denominator)


def _notes(by: tuple[str, ...]) -> list[str]:
    notes = []
    if any(key in ("service_type", "community") for key in by):
        notes.append(
            _(
                "A service can have several types of help and communities, so a referral "
                "can count in more than one row, and rows can add up to more than All."
            )
        )
    if any(key in TOKEN_CODES or key == "age_band" for key in by):
        notes.append(
            _(
                "Equality answers are optional: “Not known” counts everyone who did "
                "not answer or was not asked."
            )
        )
    return notes


# --- the tables ---------------------------------------------------------------------------------

ACCESS_STAGES = ("opened_at", "accepted_at", "contacted_at", "met_at")


def figure_access(filters: Filters, by: tuple[str, ...] = ()) -> Table:
    """Referrals made, opened, accepted, contacted and met, and the share lost at each
    step (of those who reached the step before)."""
    by = _check_by(by)
    aggregates = ["count(*)"] + [f"count(f.{stage})" for stage in ACCESS_STAGES]
    groups, total = _grouped(aggregates, filters, by)
    columns = [
        _("Referrals made"),
        _("Opened by the group"),
        _("Not opened (%)"),
        _("Accepted"),
        _("Opened but not accepted (%)"),
        _("Contacted"),
        _("Accepted but not contacted (%)"),
        _("First session attended"),
        _("Contacted but did not attend (%)"),
    ]
    counts = [0, 1, 3, 5, 7]

    def cells(values):
        values = values or (0,) * 5
        out = [_count(values[0])]
        for step in range(1, 5):
            out.append(_count(values[step]))
            out.append(_pct(values[step], values[step - 1], complement=True))
        return out

    ratios = {counts[i] + 1: (counts[i], counts[i - 1], True) for i in range(1, 5)}
    return Table(
        key="access",
        title=_("Who gets through: referrals at each step"),
        by=by,
        columns=columns,
        count_columns=counts,
        rows=_rows(by, groups, total, cells),
        notes=_notes(by),
        ratios=ratios,
        rows_partition=_partition(by),
    )


def figure_timeliness(filters: Filters, by: tuple[str, ...] = ()) -> Table:
    """Calendar days from the referral reaching the group to the group's first contact."""
    by = _check_by(by)
    groups, total = _percentiles(filters, by, (0.5, 0.9))

    def cells(values):
        made, contacted, median, p90 = values or (0, 0, None, None)
        return [
            _count(made),
            _count(contacted),
            _number(median, contacted),
            _number(p90, contacted),
        ]

    return Table(
        key="timeliness",
        title=_("How long until the group gets in touch"),
        by=by,
        columns=[
            _("Referrals made"),
            _("Contacted"),
            _("Median days to first contact"),
            _("90th percentile days to first contact"),
        ],
        count_columns=[0, 1],
        rows=_rows(by, groups, total, cells),
        notes=[
            *_notes(by),
            _("Days are calendar days from the referral reaching the group to first contact."),
        ],
        bases={2: 1, 3: 1},
        rows_partition=_partition(by),
    )


def figure_experience(filters: Filters, by: tuple[str, ...] = ()) -> Table:
    """The answers to "how has it been?" eight weeks after the first meeting."""
    from referrals.models import ExperienceAnswer

    by = _check_by(by)
    ratings = [choice for choice in ExperienceAnswer.Rating]
    aggregates = ["count(f.experience_rating)"] + [
        f"count(*) FILTER (WHERE f.experience_rating = {int(rating)})" for rating in ratings
    ]
    groups, total = _grouped(aggregates, filters, by)

    def cells(values):
        values = values or (0,) * (len(ratings) + 1)
        return [_count(v) for v in values]

    return Table(
        key="experience",
        title=_("How people found it, eight weeks after the first meeting"),
        by=by,
        columns=[_("People who answered"), *(str(rating.label) for rating in ratings)],
        count_columns=list(range(len(ratings) + 1)),
        rows=_rows(by, groups, total, cells),
        notes=_notes(by),
        sums=[(0, tuple(range(1, len(ratings) + 1)))],
        rows_partition=_partition(by),
    )


ONS4 = ("life_satisfaction", "worthwhile", "happiness", "anxiety")


def figure_wellbeing(filters: Filters, by: tuple[str, ...] = ()) -> Table:
    """The ONS4 personal wellbeing scores (0–10) at referral and eight weeks after the
    first meeting, for people who answered all four both times: the mean change in each.
    For anxiety a fall is an improvement."""
    by = _check_by(by)
    both = " AND ".join(f"f.{q}_0 IS NOT NULL AND f.{q}_8 IS NOT NULL" for q in ONS4)
    aggregates = [f"count(*) FILTER (WHERE {both})"] + [
        f"sum(f.{q}_8 - f.{q}_0) FILTER (WHERE {both})" for q in ONS4
    ]
    finals = ["a0"] + [f"a{i}::numeric / nullif(a0, 0)" for i in range(1, len(ONS4) + 1)]
    groups, total = _grouped(aggregates, filters, by, finals=finals)

    def cells(values):
        pairs, *changes = values or (0, None, None, None, None)
        return [_count(pairs), *(_number(change, pairs) for change in changes)]

    return Table(
        key="wellbeing",
        title=_("Change in wellbeing from referral to eight weeks"),
        by=by,
        columns=[
            _("People who answered both times"),
            _("Life satisfaction: mean change"),
            _("Feeling things are worthwhile: mean change"),
            _("Happiness: mean change"),
            _("Anxiety: mean change (a fall is better)"),
        ],
        count_columns=[0],
        rows=_rows(by, groups, total, cells),
        notes=[*_notes(by), _("Scores are 0 to 10; changes are eight weeks minus referral.")],
        bases={1: 0, 2: 0, 3: 0, 4: 0},
        rows_partition=_partition(by),
    )


def _reason_table(
    key: str, title: str, column: str, stamp: str, first: str, options, filters, by
) -> Table:
    by = _check_by(by)
    aggregates = [f"count(f.{stamp})"] + [
        f"count(*) FILTER (WHERE f.{stamp} IS NOT NULL AND f.{column} = %(option_{i})s)"
        for i in range(len(options))
    ]
    extra = {f"option_{i}": value for i, (value, _label) in enumerate(options)}
    groups, total = _grouped(aggregates, filters, by, extra)

    def cells(values):
        values = values or (0,) * (len(options) + 1)
        return [_count(v) for v in values]

    n = len(options)
    return Table(
        key=key,
        title=title,
        by=by,
        columns=[first, *(str(label) for _value, label in options)],
        count_columns=list(range(n + 1)),
        rows=_rows(by, groups, total, cells),
        notes=_notes(by),
        sums=[(0, tuple(range(1, n + 1)))],
        rows_partition=_partition(by),
    )


def figure_declines(filters: Filters, by: tuple[str, ...] = ()) -> Table:
    from referrals.models import DeclineReason

    return _reason_table(
        "declines",
        _("Why groups declined referrals"),
        "decline_reason",
        "declined_at",
        _("Declined"),
        DeclineReason.choices,
        filters,
        by,
    )


def figure_closures(filters: Filters, by: tuple[str, ...] = ()) -> Table:
    from referrals.models import Outcome

    return _reason_table(
        "closures",
        _("How referrals ended"),
        "outcome",
        "closed_at",
        _("Closed"),
        Outcome.choices,
        filters,
        by,
    )


def figure_reasons(filters: Filters, by: tuple[str, ...] = (), *, kind: str = "declines") -> Table:
    """Decline reasons (kind "declines") or closure outcomes (kind "closures")."""
    return (figure_closures if kind == "closures" else figure_declines)(filters, by)


GAP_DECLINE_REASONS = ("no_capacity", "not_eligible", "out_of_area")


def figure_gaps_declines(filters: Filters, by: tuple[str, ...] = ()) -> Table:
    """Referrals declined because the group had no room or the person was outside who or
    where it is for: where people need something that is not there."""
    from referrals.models import DeclineReason

    by = _check_by(by)
    aggregates = ["count(*)", "count(f.declined_at)"] + [
        f"count(*) FILTER (WHERE f.declined_at IS NOT NULL AND f.decline_reason = %(gap_{i})s)"
        for i in range(len(GAP_DECLINE_REASONS))
    ]
    extra = {f"gap_{i}": reason for i, reason in enumerate(GAP_DECLINE_REASONS)}
    groups, total = _grouped(aggregates, filters, by, extra)

    def cells(values):
        values = values or (0,) * 5
        return [_count(v) for v in values]

    labels = dict(DeclineReason.choices)
    return Table(
        key="gaps_declines",
        title=_("Referrals declined for lack of room or because of who or where it is for"),
        by=by,
        columns=[
            _("Referrals made"),
            _("Declined"),
            *(str(labels[reason]) for reason in GAP_DECLINE_REASONS),
        ],
        count_columns=[0, 1, 2, 3, 4],
        rows=_rows(by, groups, total, cells),
        notes=_notes(by),
        rows_partition=_partition(by),
    )


SEARCH_DIMENSIONS: dict[str, str] = {
    "area": DIMENSIONS["area"],
    "service_type": DIMENSIONS["service_type"],
    "community": DIMENSIONS["community"],
    "period": DIMENSIONS["period"],
    "words": gettext_lazy("Words searched for"),
}
_SEARCH_KEY_SQL = {
    "area": "z.area",
    "service_type": "coalesce(st.term::text, '')",
    "community": "coalesce(cm.term::text, '')",
    "period": "to_char(date_trunc('quarter', z.month), 'YYYY\"Q\"Q')",
    "words": "z.query",
}
_SEARCH_LATERAL_SQL = {
    "service_type": "LEFT JOIN LATERAL unnest(z.service_types) AS st(term) ON true",
    "community": "LEFT JOIN LATERAL unnest(z.communities) AS cm(term) ON true",
}
SEARCH_WORDS_SHOWN = 25


def figure_gaps_searches(filters: Filters, by: tuple[str, ...] = ()) -> Table:
    """Searches that found nothing, by area (from the outward code), type of help,
    community, quarter or words. Searches belong to no organisation or service, so with
    either filter the table is empty."""
    by = _check_by(by, SEARCH_DIMENSIONS)
    table = Table(
        key="gaps_searches",
        title=_("Searches that found nothing"),
        by=by,
        columns=[_("Searches")],
        count_columns=[0],
        rows=[],
        notes=[_("Searches are kept without anything that identifies who searched.")],
        rows_partition=not any(k in _SEARCH_LATERAL_SQL for k in by),
    )
    if filters.organisation_id or filters.service_id:
        table.notes.append(_("Searches are not linked to any organisation or service."))
        table.rows = [Row(labels=(ALL,), cells=[Cell(value=0)])]
        return table
    params: dict = {}
    clauses = ["true"]
    if filters.start:
        clauses.append("z.month >= date_trunc('month', %(start)s::date)")
        params["start"] = filters.start
    if filters.end:
        clauses.append("z.month < %(end)s::date")
        params["end"] = filters.end
    clauses += _place_and_kind_clauses(filters, params, alias="z")
    where = " AND ".join(clauses)
    with _cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM insights_zeroresultsearch z WHERE {where}", params)  # noqa: S608
        (total,) = cursor.fetchone()
        groups: dict[tuple, tuple] = {}
        if by:
            keys = [_SEARCH_KEY_SQL[key] for key in by]
            laterals = " ".join(_SEARCH_LATERAL_SQL.get(key, "") for key in by)
            cursor.execute(
                f"SELECT {', '.join(keys)}, count(*) FROM insights_zeroresultsearch z "  # noqa: S608
                f"{laterals} WHERE {where} GROUP BY {', '.join(keys)} ORDER BY count(*) DESC "
                f"LIMIT 500",
                params,
            )
            groups = {tuple(r[:-1]): (r[-1],) for r in cursor.fetchall()}
    if "words" in by:
        keep = sorted(groups, key=lambda k: -groups[k][0])[:SEARCH_WORDS_SHOWN]
        groups = {k: groups[k] for k in keep}
        table.rows_partition = False
        table.notes.append(_("Only the most common words are shown."))
    labels = {
        key: (
            {v: v or str(ch.NOT_KNOWN_LABEL) for v in {g[i] for g in groups}}
            if key == "words"
            else _dimension_labels(key, {g[i] or "" for g in groups})
        )
        for i, key in enumerate(by)
    }
    table.rows = [
        Row(
            labels=tuple(labels[key][code or ""] for key, code in zip(by, codes, strict=True)),
            cells=[_count(values[0])],
            keys=tuple(code or "" for code in codes),
        )
        for codes, values in sorted(groups.items(), key=lambda kv: tuple(str(k) for k in kv[0]))
    ]
    table.rows.append(Row(labels=(ALL,), cells=[_count(total)]))
    return table


def figure_gaps(filters: Filters, by: tuple[str, ...] = (), *, kind: str = "searches") -> Table:
    """Searches that found nothing (kind "searches") or declines for room or eligibility
    (kind "declines")."""
    return (figure_gaps_declines if kind == "declines" else figure_gaps_searches)(filters, by)


def _partition(by: tuple[str, ...]) -> bool:
    return not any(key in ARRAY_KEYS for key in by)


TABLES: dict[str, Callable[[Filters, tuple[str, ...]], Table]] = {
    "access": figure_access,
    "timeliness": figure_timeliness,
    "experience": figure_experience,
    "wellbeing": figure_wellbeing,
    "declines": figure_declines,
    "closures": figure_closures,
    "gaps_searches": figure_gaps_searches,
    "gaps_declines": figure_gaps_declines,
}
# Which `by` keys each table accepts (all characteristics and dimensions, except searches).
TABLE_BREAKDOWNS: dict[str, dict[str, str]] = {
    key: ({**CHARACTERISTICS, **DIMENSIONS} if key != "gaps_searches" else SEARCH_DIMENSIONS)
    for key in TABLES
}
