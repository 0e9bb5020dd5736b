"""Postcodes: what people type, where it resolves to, and loading the open data."""

from __future__ import annotations

import csv
import gzip
import io
import string
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Avg
from hypothesis import given
from hypothesis import strategies as st

from directory.models import Postcode, PostcodeDistrict
from directory.postcodes import (
    InvalidPostcode,
    Place,
    PostcodeError,
    Precision,
    UnknownPostcode,
    lookup_caches_clear,
    normalise_postcode,
    place_lookup,
    postcode_lookup,
)

DATA_DIR = Path(settings.BASE_DIR) / "data" / "geo"


@pytest.fixture(autouse=True)
def _fresh_lookup_caches():
    # Cached districts outlive each test's rolled-back transaction, so start and end clean.
    lookup_caches_clear()
    yield
    lookup_caches_clear()


@pytest.fixture
def loaded(db) -> None:
    call_command("load_postcodes", stdout=io.StringIO())


def load(**options) -> tuple[str, float]:
    out = io.StringIO()
    started = time.monotonic()
    call_command("load_postcodes", stdout=out, **options)
    return out.getvalue(), time.monotonic() - started


# --- normalising ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sw9 8ab", "SW9 8AB"),
        ("SW98AB", "SW9 8AB"),
        (" Wn1  1aa ", "WN1 1AA"),
        ("wc1a1aa", "WC1A 1AA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("w1a 0ax", "W1A 0AX"),
        ("m1 1ad", "M1 1AD"),
        ("dn55 1pt", "DN55 1PT"),
        ("s w 9\t8 a b", "SW9 8AB"),
        ("gir0aa", "GIR 0AA"),
        ("sw9", "SW9"),
        ("WC1A", "WC1A"),
        (" n1p ", "N1P"),
        ("m1", "M1"),
    ],
)
def test_normalise_accepts_any_case_and_spacing(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "SW9 8",  # half a postcode, not the district SW98
        "M1 1",  # nor the district M11
        "SW9 8AB X",
        "12345",
        "SW9-8AB",
        "Q1 1AA",  # Q is never the first letter
        "AI1 1AA",  # I is never the second letter
        "ZZ9",  # nor is Z: NHS pseudo-postcodes such as ZZ99 are not real postcodes
        "W1M 1AA",  # M never ends an A9A outward code
        "SW1C 1AA",  # C never ends an AA9A outward code
        "SW9 8CB",  # C is never used in the inward code
        "GIR 1AA",  # GIR only ever had 0AA
        "SW9 8AB SW9 8AB",
        "ＳＷ９ ８ＡＢ",  # full-width characters
        "ﬀ1 1AA",  # upper-cases to FF1 1AA, but nobody types this
    ],
)
def test_normalise_rejects_what_is_not_a_postcode(typed):
    with pytest.raises(InvalidPostcode) as caught:
        normalise_postcode(typed)
    assert (
        caught.value.message
        == "Enter a UK postcode, like SW9 8AB, or just the first part, like SW9."
    )
    assert str(caught.value) == caught.value.message
    assert isinstance(caught.value, ValueError)


# The rules written out independently of the implementation's regular expressions.
FIRST = sorted(set(string.ascii_uppercase) - set("QVX"))
SECOND = sorted(set(string.ascii_uppercase) - set("IJZ"))
A9A_THIRD = list("ABCDEFGHJKPSTUW")
AA9A_FOURTH = list("ABEHMNPRVWXY")
INWARD_LETTERS = sorted(set(string.ascii_uppercase) - set("CIKMOV"))
digit = st.sampled_from(string.digits)


def _joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


outward_codes = st.one_of(
    _joined(st.sampled_from(FIRST), digit),
    _joined(st.sampled_from(FIRST), digit, digit),
    _joined(st.sampled_from(FIRST), st.sampled_from(SECOND), digit),
    _joined(st.sampled_from(FIRST), st.sampled_from(SECOND), digit, digit),
    _joined(st.sampled_from(FIRST), digit, st.sampled_from(A9A_THIRD)),
    _joined(st.sampled_from(FIRST), st.sampled_from(SECOND), digit, st.sampled_from(AA9A_FOURTH)),
)
inward_codes = _joined(digit, st.sampled_from(INWARD_LETTERS), st.sampled_from(INWARD_LETTERS))
full_postcodes = st.one_of(st.tuples(outward_codes, inward_codes).map(" ".join), st.just("GIR 0AA"))
canonical_postcodes = st.one_of(full_postcodes, outward_codes)
gaps = st.sampled_from(["", "", "", " ", "  ", "\t", "\u00a0"])


@st.composite
def as_typed(draw, canonical: str) -> str:
    """The canonical form in random case with random whitespace around it and, for a full
    postcode, between any of its characters."""
    typed = draw(gaps)
    for char in canonical.replace(" ", ""):
        typed += char.lower() if draw(st.booleans()) else char
        if " " in canonical:
            typed += draw(gaps)
    return typed + draw(gaps)


@given(st.data(), canonical_postcodes)
def test_any_valid_postcode_normalises_to_its_canonical_form(data, canonical):
    typed = data.draw(as_typed(canonical))
    assert normalise_postcode(typed) == canonical
    assert normalise_postcode(canonical) == canonical


@given(
    st.one_of(
        st.text(),
        st.text(alphabet=string.ascii_letters + string.digits + " ", max_size=9),
    )
)
def test_junk_raises_only_invalid_postcode(text):
    try:
        result = normalise_postcode(text)
    except InvalidPostcode as error:
        assert error.message
    else:
        assert normalise_postcode(result) == result


# --- looking up -----------------------------------------------------------------------------


def _imd_decile_in_data_file(lsoa11: str) -> int:
    with gzip.open(DATA_DIR / "imd2019_lsoa11.csv.gz", "rt", newline="") as f:
        return next(int(r["imd_decile"]) for r in csv.DictReader(f) if r["lsoa11cd"] == lsoa11)


def test_full_postcode_in_our_data_is_exact_with_deprivation(loaded):
    place = postcode_lookup("wn1 1aa")

    assert place.precision == Precision.POSTCODE == "postcode"
    assert place.postcode == "WN1 1AA"
    assert place.outward_code == "WN1"
    assert (place.latitude, place.longitude) == (53.546967, -2.635089)
    assert place.local_authority_code == "E08000010"
    assert place.local_authority_name == "Wigan"
    assert place.lsoa11 == "E01006369"
    assert place.imd_decile == _imd_decile_in_data_file("E01006369")
    assert place.query == "wn1 1aa"


def test_central_london_postcode_is_exact(loaded):
    place = postcode_lookup("WC1A1AB")

    assert place.precision == "postcode"
    assert place.local_authority_name == "Camden"
    assert place.local_authority_code == "E09000007"
    assert place.lsoa11 == "E01000919"
    assert place.imd_decile == _imd_decile_in_data_file("E01000919")


def test_terminated_postcode_still_resolves(loaded):
    assert Postcode.objects.get(pk="WC1A 1AA").is_live is False

    place = postcode_lookup("WC1A 1AA")

    assert place.precision == "postcode"
    assert place.lsoa11 == "E01000855"


def test_full_postcode_outside_our_data_falls_back_to_its_district(loaded):
    place = postcode_lookup("M1 1AD")
    m1 = PostcodeDistrict.objects.get(pk="M1")

    assert place.precision == "district"
    assert place.postcode == "M1 1AD"
    assert place.outward_code == "M1"
    assert (place.latitude, place.longitude) == (m1.latitude, m1.longitude)
    assert place.local_authority_name == "Manchester"
    assert place.lsoa11 == ""
    assert place.imd_decile is None


def test_outward_code_alone_gives_the_district_centroid(loaded):
    place = postcode_lookup("sw9")

    assert place == Place(
        query="sw9",
        postcode=None,
        outward_code="SW9",
        latitude=51.4691,
        longitude=-0.113694,
        local_authority_code="",
        local_authority_name="Lambeth",
        lsoa11="",
        imd_decile=None,
        precision="district",
    )


def test_district_gets_a_council_code_where_full_postcodes_give_one(loaded):
    assert postcode_lookup("WN8").local_authority_code == "E07000127"  # West Lancashire


def test_unknown_district_is_unknown_not_invalid(loaded):
    with pytest.raises(UnknownPostcode) as caught:
        postcode_lookup("AA9 9AA")
    assert "AA9 9AA" in caught.value.message

    with pytest.raises(UnknownPostcode):
        postcode_lookup("AA9")


def test_bad_input_is_invalid_with_a_message(loaded):
    with pytest.raises(InvalidPostcode) as caught:
        postcode_lookup("not a postcode")
    assert "SW9 8AB" in caught.value.message


def test_zz9_breaks_the_format_rules(loaded):
    with pytest.raises(InvalidPostcode):
        postcode_lookup("ZZ9")


@pytest.mark.parametrize(
    ("typed", "name", "code"),
    [
        ("wigan", "Wigan", "E08000010"),
        ("Camden", "Camden", "E09000007"),
        ("  st helens ", "St. Helens", "E08000013"),
        ("MANCHESTER", "Manchester", ""),
    ],
)
def test_council_name_gives_the_mean_of_its_districts(loaded, typed, name, code):
    expected = PostcodeDistrict.objects.filter(local_authority_name=name).aggregate(
        lat=Avg("latitude"), lng=Avg("longitude")
    )

    place = place_lookup(typed)

    assert place.precision == "local_authority"
    assert place.local_authority_name == name
    assert place.local_authority_code == code
    assert place.postcode is None
    assert place.latitude == pytest.approx(expected["lat"], abs=1e-6)
    assert place.longitude == pytest.approx(expected["lng"], abs=1e-6)


def test_place_lookup_takes_postcodes_too(loaded):
    assert place_lookup("WN1 1AA") == postcode_lookup("WN1 1AA")
    assert place_lookup("sw9").precision == "district"


def test_place_lookup_explains_what_to_type_when_nothing_matches(loaded):
    with pytest.raises(UnknownPostcode) as caught:
        place_lookup("xyz")
    assert caught.value.message == (
        "We could not find 'xyz'. Try a postcode like SW9 8AB or a council area like Wigan."
    )

    with pytest.raises(UnknownPostcode) as caught:
        place_lookup("AA9")
    assert "'AA9'" in caught.value.message


def test_place_lookup_reports_a_mistyped_postcode_as_invalid(loaded):
    with pytest.raises(InvalidPostcode):
        place_lookup("QQ1 1AA")
    with pytest.raises(InvalidPostcode):
        place_lookup("   ")


def test_every_error_is_a_postcode_error(loaded):
    for text in ["", "xyz", "AA9", "Q1", "\x00"]:
        with pytest.raises(PostcodeError):
            place_lookup(text)


# --- loading --------------------------------------------------------------------------------


def test_loading_twice_gives_the_same_rows_and_the_second_run_is_quick(db):
    first_output, _ = load()
    counts = (PostcodeDistrict.objects.count(), Postcode.objects.count())

    second_output, seconds = load()

    assert first_output.startswith("Loaded 2,994 postcode districts and 16,653 postcodes")
    assert second_output.startswith("Postcode data already loaded")
    assert (PostcodeDistrict.objects.count(), Postcode.objects.count()) == counts == (2994, 16653)
    assert seconds < 1.0


def test_force_reloads(loaded):
    output, _ = load(force=True)

    assert output.startswith("Loaded")
    assert Postcode.objects.count() == 16653


def test_changed_rows_are_noticed_and_restored(loaded):
    PostcodeDistrict.objects.filter(pk="SW9").update(latitude=0.0)

    output, _ = load()

    assert output.startswith("Loaded")
    assert PostcodeDistrict.objects.get(pk="SW9").latitude == 51.4691


def test_lookups_before_loading_are_not_remembered(db):
    with pytest.raises(UnknownPostcode):
        postcode_lookup("SW9")
    with pytest.raises(UnknownPostcode):
        place_lookup("Wigan")

    load()

    assert postcode_lookup("SW9").outward_code == "SW9"
    assert place_lookup("Wigan").local_authority_code == "E08000010"


def test_districts_are_cached_until_the_data_is_reloaded(loaded, tmp_path):
    assert postcode_lookup("SW9").latitude == 51.4691
    PostcodeDistrict.objects.filter(pk="SW9").update(latitude=0.0)
    assert postcode_lookup("SW9").latitude == 51.4691  # from the cache

    _write_data(tmp_path, districts="SW9,51.5,-0.1,Lambeth,London\n")
    load(data_dir=tmp_path)

    assert postcode_lookup("SW9").latitude == 51.5


def _write_gz(path: Path, text: str) -> None:
    with gzip.open(path, "wt", newline="") as f:
        f.write(text)


def _write_data(folder: Path, *, districts: str = "", postcodes: str = "") -> None:
    """A small data folder in the layout of data/geo, with Wigan's WN1 1AA LSOA in it."""
    _write_gz(
        folder / "imd2019_lsoa11.csv.gz",
        "lsoa11cd,lad19cd,lad19nm,imd_rank,imd_decile\nE01006369,E08000010,Wigan,1991,1\n",
    )
    _write_gz(
        folder / "postcode_districts.csv.gz",
        "outward_code,latitude,longitude,local_authority_name,region\n" + districts,
    )
    _write_gz(
        folder / "postcodes_nspl_nov2021.csv.gz",
        "postcode,is_live,local_authority_code,lsoa11,latitude,longitude\n" + postcodes,
    )


def test_live_record_wins_over_a_terminated_one(db, tmp_path):
    _write_data(
        tmp_path,
        districts="WN1,53.5511,-2.63011,Wigan,North West\n",
        postcodes=(
            "WN1 1AA,0,E08000010,E01006369,53.0,-2.0\n"
            "WN1 1AA,1,E08000010,E01006369,53.546967,-2.635089\n"
            "WN1 1AA,0,E08000010,E01006369,54.0,-3.0\n"
        ),
    )

    load(data_dir=tmp_path)

    row = Postcode.objects.get()
    assert (row.is_live, row.latitude, row.imd_rank, row.imd_decile) == (True, 53.546967, 1991, 1)
    assert row.local_authority_name == "Wigan"


def test_council_name_falls_back_to_the_district_when_the_code_is_unknown(db, tmp_path):
    _write_data(
        tmp_path,
        districts="WN1,53.5511,-2.63011,Wigan,North West\n",
        postcodes="WN1 1AB,1,,,53.5,-2.6\n",
    )

    load(data_dir=tmp_path)

    row = Postcode.objects.get()
    assert (row.local_authority_name, row.lsoa11, row.imd_decile) == ("Wigan", "", None)
