"""Everything PostgreSQL-specific about search, in one place.

The stored vector, its triggers and the indexes these expressions rely on are created by
directory/migrations/0003_search.py:

* ``directory_service.search_vector`` (GIN) — full text, built with ``fyp_english``;
* ``gin_trgm_ops`` indexes on service, organisation and taxonomy term names — typos;
* a GiST index on ``ll_to_earth(latitude, longitude)`` of located rows — distance;
* a btree index on ``upper(directory_servicearea.name)`` — area coverage.

Expressions below are written to match those index definitions exactly.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQueryField
from django.db import connection, transaction
from django.db.models import BooleanField, F, Field, FloatField, Func, TextField, Value
from django.db.models.expressions import Expression
from django.utils import translation

from directory.search.query import Query, Term

TEXT_SEARCH_CONFIG = "fyp_english"
# ts_rank weights for D, C, B, A (see the document built in the migration).
RANK_WEIGHTS = "{0.05,0.2,0.5,1.0}"
# 1: divide by 1 + log(document length), so a long description that repeats a word does
# not outrank a name that contains it; 32: scale to rank / (rank + 1), in [0, 1).
RANK_NORMALISATION = 1 | 32
METRES_PER_MILE = 1609.344
# Code points up to the end of Latin Extended-B: text beyond it is in another script.
_LATIN_END = 0x024F


# --- full text --------------------------------------------------------------------------


def _other_configs(text: str) -> list[tuple[str, list[str]]]:
    """Text search configurations besides English for this text: the page's language
    (``fyp_language_ts_config``, migration 0011), and ``simple`` for text in a non-Latin
    script, so Punjabi typed on an English page still finds a Punjabi description.
    English searches on English pages are parsed exactly as before."""
    configs = []
    language = (translation.get_language() or "en").split("-")[0]
    if language != "en":
        configs.append(("fyp_language_ts_config(%s)", [language]))
    if any(ord(char) > _LATIN_END for char in text) and language in ("en", "ar"):
        configs.append(("'simple'", []))
    return configs


def _websearch(text: str) -> tuple[str, list[str]]:
    sql = f"websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %s)"
    params = [text]
    for config_sql, config_params in _other_configs(text):
        sql += f" || websearch_to_tsquery({config_sql}, %s)"
        params += [*config_params, text]
    return (f"({sql})" if params != [text] else sql), params


def _term_sql(term: Term) -> tuple[str, list[str]]:
    texts = [f'"{term.text}"' if term.quoted else term.text, *term.alternatives]
    parts = [_websearch(t) for t in texts]
    sql = " || ".join(p[0] for p in parts)
    params = [p for part in parts for p in part[1]]
    if len(parts) > 1:
        sql = f"({sql})"
    return (f"!!{sql}" if term.negated else sql), params


def tsquery_text(query: Query) -> str:
    """Compile a parsed query into tsquery text, letting PostgreSQL lex and stem each part.

    Every piece of user text is a bound parameter. The result ('' when nothing searchable
    is left, e.g. only stop words) is then sent back as a ``::tsquery`` literal, so the
    main query does not re-run the parser for every row it ranks.
    """
    clauses = []
    params: list[str] = []
    for clause in query:
        terms = [_term_sql(term) for term in clause]
        clauses.append("(" + " && ".join(t[0] for t in terms) + ")")
        params.extend(p for t in terms for p in t[1])
    if not clauses:
        return ""
    with connection.cursor() as cursor:
        # Only placeholders and fixed SQL are interpolated.
        cursor.execute(f"SELECT ({' || '.join(clauses)})::text", params)  # noqa: S608
        return cursor.fetchone()[0] or ""


class TsQuery(Func):
    """A tsquery literal produced by tsquery_text()."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()

    def __init__(self, text: str) -> None:
        super().__init__(Value(text))


class Matches(Func):
    """``search_vector @@ query``: answered from the GIN index."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, query: Expression) -> None:
        super().__init__(F("search_vector"), query)


class Rank(Func):
    """Rank of the stored vector against the query.

    ts_rank rather than ts_rank_cd: on broad searches ranking every match dominates the
    query, and ts_rank costs about half as much (bench/README.md) for orderings that
    differed little on the demo directory.
    """

    function = "ts_rank"
    template = f"%(function)s('{RANK_WEIGHTS}'::float4[], %(expressions)s, {RANK_NORMALISATION})"
    output_field = FloatField()

    def __init__(self, query: Expression) -> None:
        super().__init__(F("search_vector"), query)


# --- typos ------------------------------------------------------------------------------


# The word is repeated rather than joined in from FROM so that PostgreSQL folds
# websearch_to_tsquery() into a constant at plan time and answers from the GIN index.
_NEEDS_CORRECTION_SQL = f"""
SELECT numnode(websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %(word)s)) > 0
   AND NOT EXISTS (
       SELECT 1 FROM directory_service
        WHERE search_vector @@ websearch_to_tsquery('{TEXT_SEARCH_CONFIG}', %(word)s))
"""  # noqa: S608 - a constant name, no input


def needs_correction(word: str) -> bool:
    """True when the word has lexemes (is not a stop word or punctuation) and no service's
    vector contains them (one GIN probe)."""
    with connection.cursor() as cursor:
        cursor.execute(_NEEDS_CORRECTION_SQL, {"word": word})
        return cursor.fetchone()[0]


# Words of names that look like the word typed: service, organisation and taxonomy term
# names whose trigram word similarity passes pg_trgm's threshold (the %> operator, answered
# by the gin_trgm_ops indexes), split into words and ranked by their own similarity.
_SIMILAR_WORDS_SQL = """
SELECT word FROM (
    SELECT regexp_split_to_table(lower(unaccent(name)), '[^[:alnum:]]+') AS word FROM (
        (SELECT name FROM directory_service WHERE name %%> %(word)s LIMIT 100)
        UNION ALL
        (SELECT name FROM directory_organisation WHERE name %%> %(word)s LIMIT 100)
        UNION ALL
        (SELECT name FROM directory_taxonomyterm WHERE name %%> %(word)s LIMIT 20)
    ) AS names
) AS words
WHERE length(word) > 2 AND word <> %(word)s AND similarity(word, %(word)s) >= %(least)s
GROUP BY word
ORDER BY max(similarity(word, %(word)s)) DESC, word
LIMIT %(limit)s
"""


def similar_words(word: str, *, limit: int = 3, least: float = 0.3) -> list[str]:
    """Words from names spelt like ``word`` ('grop' → 'group'), best first."""
    params = {"word": word.casefold(), "least": least, "limit": limit}
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner cannot tell how many names are like the word and may pick a
        # sequential scan hoping to fill the LIMIT early; for a rare word that reads every
        # row. The trigram indexes bound the work whatever the word.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(_SIMILAR_WORDS_SQL, params)
        return [row[0] for row in cursor.fetchall()]


# --- distance ---------------------------------------------------------------------------


class LlToEarth(Func):
    """A point on the earth's surface. On location columns it matches the GiST index."""

    function = "ll_to_earth"
    output_field = Field()


class EarthDistance(Func):
    """Great-circle distance in metres."""

    function = "earth_distance"
    output_field = FloatField()


class EarthBoxContains(Func):
    """``earth_box(centre, radius) @> point``: a bounding-box test the GiST index answers;
    it includes some points beyond the radius, so pair it with EarthDistance."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        parts = [compiler.compile(e) for e in self.get_source_expressions()]
        (centre, p1), (radius, p2), (point, p3) = parts
        return f"(earth_box({centre}, {radius}) @> {point})", [*p1, *p2, *p3]


def location_point(prefix: str = "") -> LlToEarth:
    return LlToEarth(F(f"{prefix}latitude"), F(f"{prefix}longitude"))


def place_point(latitude: float, longitude: float) -> LlToEarth:
    return LlToEarth(Value(float(latitude)), Value(float(longitude)))


# --- schedules --------------------------------------------------------------------------


class StringToArray(Func):
    function = "string_to_array"

    def __init__(self, expression, delimiter: str) -> None:
        super().__init__(expression, Value(delimiter), output_field=ArrayField(TextField()))
