"""Disclosed tables as CSV downloads.

Only the cells' ``display`` text is written, the same figures the page shows. A cell that a
spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is prefixed with a quote, except plain numbers such as ``-0.5``, which no spreadsheet
runs and which would be spoilt by the quote.
"""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpResponse
from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return f"'{text}"
    return text


def table_rows(table, by_labels: list[str]) -> list[list[str]]:
    """Header then one line per row: the row's labels, then each cell's disclosed text."""
    label_headings = by_labels or [""]
    rows = [[safe_cell(h) for h in [*label_headings, *table.columns]]]
    for row in table.rows:
        labels = list(row.labels) + [""] * (len(label_headings) - len(row.labels))
        rows.append([safe_cell(v) for v in [*labels, *(cell.display for cell in row.cells)]])
    return rows


def table_csv(table, by_labels: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table_rows(table, by_labels))
    return buffer.getvalue()


def csv_filename(*parts: str) -> str:
    """E.g. ``insights-access-ethnic-group-2025-04-01-to-2025-06-30.csv``."""
    stem = "-".join(slugify(str(part)) for part in parts if part)
    return f"{stem or 'insights'}.csv"


def csv_response(table, by_labels: list[str], filename: str) -> HttpResponse:
    # A byte-order mark, so spreadsheet programs read the labels as UTF-8.
    response = HttpResponse(
        "\ufeff" + table_csv(table, by_labels), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
