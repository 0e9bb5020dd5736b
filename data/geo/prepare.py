"""Regenerate the trimmed postcode files in this folder from the original open data.

Usage:  python data/geo/prepare.py SOURCE_DIR [--out OUT_DIR]

SOURCE_DIR holds the original files named in README.md (postcode_districts_gb.csv,
nspl_nov2021_uk_*.csv, imd2019_lsoa11_england.csv). Values are copied as text, never
reformatted, and the gzip headers carry no name or time, so running this twice gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

DISTRICTS_OUT = "postcode_districts.csv.gz"
POSTCODES_OUT = "postcodes_nspl_nov2021.csv.gz"
IMD_OUT = "imd2019_lsoa11.csv.gz"

DISTRICT_HEADER = ["outward_code", "latitude", "longitude", "local_authority_name", "region"]
POSTCODE_HEADER = ["postcode", "is_live", "local_authority_code", "lsoa11", "latitude", "longitude"]
IMD_HEADER = ["lsoa11cd", "lad19cd", "lad19nm", "imd_rank", "imd_decile"]

# NSPL marks a postcode without a grid reference with this latitude (and longitude 0).
NSPL_NO_COORDINATES = "99.999999"


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def district_rows(source: Path) -> Iterator[list[str]]:
    # Town/Area and Post Town are left out on purpose: they look Wikipedia-derived (CC BY-SA).
    for row in read_rows(source / "postcode_districts_gb.csv"):
        if not row["Latitude"].strip() or not row["Longitude"].strip():
            continue
        yield [
            row["Postcode"].strip(),
            row["Latitude"].strip(),
            row["Longitude"].strip(),
            row["Region"].strip(),
            row["UK region"].strip(),
        ]


def postcode_rows(source: Path) -> Iterator[list[str]]:
    for path in sorted(source.glob("nspl_*_uk_*.csv")):
        for row in read_rows(path):
            if row["lat"] in ("", NSPL_NO_COORDINATES):
                continue
            is_live = "0" if row["doterm"].strip() else "1"
            yield [row["pcds"], is_live, row["laua"], row["lsoa11"], row["lat"], row["long"]]


def imd_rows(source: Path) -> Iterator[list[str]]:
    for row in read_rows(source / "imd2019_lsoa11_england.csv"):
        yield [row[column] for column in IMD_HEADER]


def write_gzipped_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> int:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    # mtime=0 and no file name keep the output reproducible byte for byte.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with the original CSV files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    outputs = [
        (DISTRICTS_OUT, DISTRICT_HEADER, district_rows(args.source)),
        (POSTCODES_OUT, POSTCODE_HEADER, postcode_rows(args.source)),
        (IMD_OUT, IMD_HEADER, imd_rows(args.source)),
    ]
    for name, header, rows in outputs:
        count = write_gzipped_csv(args.out / name, header, rows)
        print(f"{name}: {count} rows")


if __name__ == "__main__":
    main()
