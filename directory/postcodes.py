"""UK postcodes: normalising what people type, finding where it is, and loading the open data.

The data (see data/geo/README.md) has district centroids for all of Great Britain but full
postcodes only for the WC and WN areas, so most full postcodes resolve to their district.
`manage.py load_postcodes` loads it; `postcode_data_load` is the service behind that command.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from django.db import connection, models, transaction
from django.db.models import Avg
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Postcode, PostcodeDistrict

# --- errors ---------------------------------------------------------------------------------


class PostcodeError(ValueError):
    """A postcode or place that cannot be used; `message` is safe to show to the person."""

    default_message = gettext_lazy("Enter a UK postcode, like SW9 8AB.")

    def __init__(self, message: str | None = None, *, query: str = "") -> None:
        self.message = str(message if message is not None else self.default_message)
        self.query = query
        super().__init__(self.message)


class InvalidPostcode(PostcodeError):
    """The text is not the shape of a UK postcode or outward code."""

    default_message = gettext_lazy(
        "Enter a UK postcode, like SW9 8AB, or just the first part, like SW9."
    )


class UnknownPostcode(PostcodeError):
    """The text is shaped like a postcode (or is a place name) that is not in our data."""

    default_message = gettext_lazy(
        "We could not find that postcode. Check it, or try just the first part, like SW9."
    )


# --- normalising ----------------------------------------------------------------------------

# The format rules published by Royal Mail / BS 7666: Q, V and X never come first; I, J and Z
# never second; only some letters end an A9A or AA9A outward code; the inward code never uses
# C, I, K, M, O or V (they look like other characters in handwriting).
_FIRST = "[A-PR-UWYZ]"
_SECOND = "[A-HK-Y]"
_OUTWARD_RE = re.compile(
    rf"{_FIRST}[0-9][0-9]?"  # A9, A99
    rf"|{_FIRST}{_SECOND}[0-9][0-9]?"  # AA9, AA99
    rf"|{_FIRST}[0-9][A-HJKPSTUW]"  # A9A
    rf"|{_FIRST}{_SECOND}[0-9][ABEHMNPRVWXY]"  # AA9A
    r"|GIR"  # Girobank's historic non-geographic code, kept by the standard
)
_INWARD_RE = re.compile(r"[0-9][ABD-HJLNP-UW-Z]{2}")
_LONGEST = len("WC1A1AA")
_OUTWARD_LONGEST = len("WC1A")


def normalise_postcode(text: str) -> str:
    """Return a full postcode as 'SW9 8AB' or an outward code as 'SW9', whatever the case
    and spacing; raise InvalidPostcode for anything else."""
    words = str(text).split()
    compact = "".join(words)
    # Checked before upper(), which turns some non-ASCII letters ('ﬀ') into ASCII ones.
    if not (compact.isascii() and compact.isalnum()) or len(compact) > _LONGEST:
        raise InvalidPostcode(query=text)
    compact = compact.upper()
    # The inward code is always the last three characters and an outward code is at most
    # four, so the split needs no guessing.
    if len(compact) <= _OUTWARD_LONGEST:
        # 'SW9 8' is half a postcode, not the district SW98.
        if len(words) > 1:
            raise InvalidPostcode(query=text)
        outward, inward = compact, ""
    else:
        outward, inward = compact[:-3], compact[-3:]
    if not _OUTWARD_RE.fullmatch(outward):
        raise InvalidPostcode(query=text)
    if inward and not _INWARD_RE.fullmatch(inward):
        raise InvalidPostcode(query=text)
    if outward == "GIR" and inward not in ("", "0AA"):
        raise InvalidPostcode(query=text)
    return f"{outward} {inward}" if inward else outward


def _looks_like_a_postcode(text: str) -> bool:
    """Loosely postcode-like: council names never contain digits, postcodes always do."""
    compact = "".join(text.split())
    return compact.isascii() and compact.isalnum() and any(c.isdigit() for c in compact)


# --- lookups --------------------------------------------------------------------------------


class Precision(StrEnum):
    POSTCODE = "postcode"
    DISTRICT = "district"
    LOCAL_AUTHORITY = "local_authority"


@dataclass(frozen=True)
class Place:
    """Where a postcode or council name is. Coordinates are WGS84 degrees."""

    query: str
    postcode: str | None  # the normalised full postcode, if a full one was given
    outward_code: str  # "" for a local authority
    latitude: float
    longitude: float
    local_authority_code: str  # ONS code such as E08000010; may be ""
    local_authority_name: str
    lsoa11: str  # 2011 LSOA; "" unless precision is "postcode"
    imd_decile: int | None  # IMD 2019, 1 = most deprived tenth of England
    precision: str  # a Precision value


@dataclass(frozen=True)
class _Area:
    latitude: float
    longitude: float
    name: str
    code: str = ""


def postcode_lookup(text: str) -> Place:
    """Find a full postcode or outward code. A full postcode missing from the data falls back
    to its district's centroid; an unknown district raises UnknownPostcode."""
    normalised = normalise_postcode(text)
    outward, _space, inward = normalised.partition(" ")
    if inward:
        exact = Postcode.objects.filter(postcode=normalised).first()
        if exact is not None:
            return _place_from_postcode(text, exact)
    district = _cached(_district_index).get(outward)
    if district is None:
        raise UnknownPostcode(
            _("We could not find %(postcode)s. Check it, or try a nearby postcode.")
            % {"postcode": normalised},
            query=text,
        )
    return Place(
        query=text,
        postcode=normalised if inward else None,
        outward_code=outward,
        latitude=district.latitude,
        longitude=district.longitude,
        local_authority_code=district.code,
        local_authority_name=district.name,
        lsoa11="",
        imd_decile=None,
        precision=Precision.DISTRICT,
    )


def place_lookup(text: str) -> Place:
    """Like postcode_lookup, but text with no digits is tried as a council name ('Wigan')."""
    query = " ".join(str(text).split())
    if not query:
        raise InvalidPostcode(_("Enter a postcode like SW9 8AB or a council area like Wigan."))
    try:
        return postcode_lookup(text)
    except UnknownPostcode:
        raise _not_found(text, query) from None
    except InvalidPostcode:
        if _looks_like_a_postcode(query):
            raise
    area = _cached(_council_index).get(_name_key(query))
    if area is None:
        raise _not_found(text, query)
    return Place(
        query=text,
        postcode=None,
        outward_code="",
        latitude=area.latitude,
        longitude=area.longitude,
        local_authority_code=area.code,
        local_authority_name=area.name,
        lsoa11="",
        imd_decile=None,
        precision=Precision.LOCAL_AUTHORITY,
    )


def lookup_caches_clear() -> None:
    """Forget cached districts and councils (this process only); call after loading data."""
    _district_index.cache_clear()
    _council_index.cache_clear()


def _not_found(text: str, query: str) -> UnknownPostcode:
    shown = query if len(query) <= 40 else f"{query[:40]}…"
    return UnknownPostcode(
        _(
            "We could not find '%(query)s'. "
            "Try a postcode like SW9 8AB or a council area like Wigan."
        )
        % {"query": shown},
        query=text,
    )


def _place_from_postcode(text: str, row: Postcode) -> Place:
    return Place(
        query=text,
        postcode=row.postcode,
        outward_code=row.postcode.split()[0],
        latitude=row.latitude,
        longitude=row.longitude,
        local_authority_code=row.local_authority_code,
        local_authority_name=row.local_authority_name,
        lsoa11=row.lsoa11,
        imd_decile=row.imd_decile,
        precision=Precision.POSTCODE,
    )


def _name_key(name: str) -> str:
    """'St. Helens', 'st helens' and 'Redcar & Cleveland' / 'Redcar and Cleveland' match."""
    cleaned = re.sub(r"[.,'’]", "", name.lower().replace("&", " and "))
    return " ".join(cleaned.split())


def _cached(index: Callable[[], dict[str, _Area]]) -> dict[str, _Area]:
    """The cached index, unless it is empty: then the data is not loaded yet, and the next
    call should look again rather than remember an empty table until the process restarts."""
    found = index()
    if not found:
        index.cache_clear()  # type: ignore[attr-defined]
    return found


# The whole district table is about 3,000 small rows, and districts and councils only change
# through load_postcodes, which clears these caches.
@lru_cache(maxsize=1)
def _district_index() -> dict[str, _Area]:
    councils = _cached(_council_index)
    index = {}
    for outward_code, latitude, longitude, name in PostcodeDistrict.objects.values_list(
        "outward_code", "latitude", "longitude", "local_authority_name"
    ):
        council = councils.get(_name_key(name))
        index[outward_code] = _Area(latitude, longitude, name, council.code if council else "")
    return index


@lru_cache(maxsize=1)
def _council_index() -> dict[str, _Area]:
    """Councils by _name_key: the mean of their district centroids, with the ONS code where
    full postcodes give one. Councils known only from full postcodes use their mean."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    names: dict[str, str] = {}
    districts = PostcodeDistrict.objects.exclude(local_authority_name="").order_by("pk")
    for latitude, longitude, name in districts.values_list(
        "latitude", "longitude", "local_authority_name"
    ):
        points[_name_key(name)].append((latitude, longitude))
        names.setdefault(_name_key(name), name)
    councils = {
        key: _Area(
            latitude=round(sum(p[0] for p in pts) / len(pts), 6),
            longitude=round(sum(p[1] for p in pts) / len(pts), 6),
            name=names[key],
        )
        for key, pts in points.items()
    }
    for row in _councils_from_postcodes():
        key = _name_key(row["local_authority_name"])
        known = councils.get(key)
        councils[key] = _Area(
            latitude=known.latitude if known else round(row["latitude"], 6),
            longitude=known.longitude if known else round(row["longitude"], 6),
            name=known.name if known else row["local_authority_name"],
            code=row["local_authority_code"],
        )
    return councils


def _councils_from_postcodes() -> models.QuerySet:
    return (
        Postcode.objects.filter(is_live=True)
        .exclude(local_authority_name="")
        .exclude(local_authority_code="")
        .values("local_authority_name", "local_authority_code")
        .annotate(latitude=Avg("latitude"), longitude=Avg("longitude"))
        .order_by("local_authority_code")
    )


# --- loading the open data ------------------------------------------------------------------

DISTRICTS_FILE = "postcode_districts.csv.gz"
POSTCODES_FILE = "postcodes_nspl_nov2021.csv.gz"
IMD_FILE = "imd2019_lsoa11.csv.gz"

_DISTRICT_FIELDS = ("outward_code", "latitude", "longitude", "local_authority_name", "region")
_POSTCODE_FIELDS = (
    "postcode",
    "latitude",
    "longitude",
    "local_authority_code",
    "local_authority_name",
    "lsoa11",
    "imd_rank",
    "imd_decile",
    "is_live",
)

Row = tuple[str | float | int | bool | None, ...]


@dataclass(frozen=True)
class PostcodeDataSummary:
    districts: int
    postcodes: int
    loaded: bool  # False when exactly this data was already in the database


@dataclass(frozen=True)
class _PostcodeData:
    districts: list[Row]
    postcodes: list[Row]


def postcode_data_load(*, data_dir: Path, force: bool = False) -> PostcodeDataSummary:
    """Replace PostcodeDistrict and Postcode with the files in data_dir, unless the tables
    already hold exactly those rows (compared by count and checksum) and force is False."""
    data = _read_postcode_data(data_dir)
    already_loaded = not force and (
        _table_checksum(PostcodeDistrict, _DISTRICT_FIELDS) == _rows_checksum(data.districts)
        and _table_checksum(Postcode, _POSTCODE_FIELDS) == _rows_checksum(data.postcodes)
    )
    if not already_loaded:
        with transaction.atomic():
            _lock_tables(PostcodeDistrict, Postcode)
            _replace_rows(PostcodeDistrict, _DISTRICT_FIELDS, data.districts)
            _replace_rows(Postcode, _POSTCODE_FIELDS, data.postcodes)
        lookup_caches_clear()
    return PostcodeDataSummary(
        districts=len(data.districts), postcodes=len(data.postcodes), loaded=not already_loaded
    )


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _read_postcode_data(data_dir: Path) -> _PostcodeData:
    council_names, deprivation = _read_deprivation(data_dir / IMD_FILE)
    districts = _read_districts(data_dir / DISTRICTS_FILE)
    district_councils = {str(d[0]): str(d[3]) for d in districts}
    postcodes: dict[str, Row] = {}
    for r in _read_csv(data_dir / POSTCODES_FILE):
        is_live = r["is_live"] == "1"
        previous = postcodes.get(r["postcode"])
        # A postcode can be reissued; the live record is the one people mean.
        if previous is not None and (previous[-1] or not is_live):
            continue
        council = council_names.get(r["local_authority_code"]) or district_councils.get(
            r["postcode"].split()[0], ""
        )
        rank, decile = deprivation.get(r["lsoa11"], (None, None))
        postcodes[r["postcode"]] = (
            r["postcode"],
            float(r["latitude"]),
            float(r["longitude"]),
            r["local_authority_code"],
            council,
            r["lsoa11"],
            rank,
            decile,
            is_live,
        )
    return _PostcodeData(districts=districts, postcodes=sorted(postcodes.values()))


def _read_deprivation(path: Path) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """Council names by ONS code, and (IMD rank, IMD decile) by 2011 LSOA."""
    council_names: dict[str, str] = {}
    deprivation: dict[str, tuple[int, int]] = {}
    for row in _read_csv(path):
        council_names[row["lad19cd"]] = row["lad19nm"]
        deprivation[row["lsoa11cd"]] = (int(row["imd_rank"]), int(row["imd_decile"]))
    return council_names, deprivation


def _read_districts(path: Path) -> list[Row]:
    return sorted(
        (
            r["outward_code"],
            float(r["latitude"]),
            float(r["longitude"]),
            r["local_authority_name"],
            r["region"],
        )
        for r in _read_csv(path)
    )


def _checksum_sql_value(field: models.Field) -> str:
    column = connection.ops.quote_name(field.column)
    if isinstance(field, models.FloatField):
        return f"round({column}::numeric, 6)::text"
    if isinstance(field, models.BooleanField):
        return f"CASE WHEN {column} THEN '1' ELSE '0' END"
    return f"coalesce({column}::text, '')"


def _checksum_python_value(value: str | float | int | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # PostgreSQL casts float8 to numeric through 15 significant digits and rounds half
        # away from zero; zero has no sign in numeric.
        rounded = Decimal(f"{value:.15g}").quantize(Decimal("0.000001"), ROUND_HALF_UP)
        return "0.000000" if rounded == 0 else str(rounded)
    return str(value)


def _rows_checksum(rows: Sequence[Row]) -> tuple[int, str]:
    text = "\n".join("|".join(_checksum_python_value(v) for v in row) for row in rows)
    return len(rows), hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _table_checksum(model: type[models.Model], fields: Sequence[str]) -> tuple[int, str]:
    """Count and md5 of the rows rendered exactly as _rows_checksum renders the file rows."""
    values = ", ".join(_checksum_sql_value(model._meta.get_field(f)) for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    table = connection.ops.quote_name(model._meta.db_table)
    # Identifiers come from model metadata, not from input.
    sql = (
        f"SELECT count(*), coalesce(md5(string_agg(concat_ws('|', {values}), E'\\n' "  # noqa: S608
        f"ORDER BY {pk} COLLATE \"C\")), md5('')) FROM {table}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        count, digest = cursor.fetchone()
    return count, digest


def _lock_tables(*tables: type[models.Model]) -> None:
    # Two loaders at once would each delete, then both insert the same keys; readers are
    # not blocked by this lock mode.
    names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


def _replace_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Row]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - table name from model metadata
        # COPY is the fast path: about 20,000 rows in well under a second.
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
