"""The quarterly report: one CSV per table (after disclosure control) and a short HTML
summary in plain language.

    manage.py insights_quarterly_report --quarter 2026Q3 --out reports/2026Q3 [--area E08000010]

Each table is broken down by the main characteristics one at a time, with the All row;
every figure goes through disclose(), so the files may be published as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from insights.disclosure import disclose
from insights.figures import CHARACTERISTICS, TABLES, Filters, Table

# The breakdowns each quarter reports: the whole, then each characteristic.
REPORT_BREAKDOWNS: list[tuple[str, ...]] = [(), *((key,) for key in CHARACTERISTICS)]
SEARCH_BREAKDOWNS: list[tuple[str, ...]] = [(), ("area",), ("service_type",), ("words",)]


def quarter_dates(text: str) -> tuple[dt.date, dt.date]:
    """'2026Q3' -> (1 July 2026, 1 October 2026): start inclusive, end exclusive."""
    match = re.fullmatch(r"(\d{4})\s*[Qq]([1-4])", text.strip())
    if not match:
        raise CommandError("Give the quarter as YYYYQn, for example 2026Q3.")
    year, quarter = int(match[1]), int(match[2])
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


def table_csv(table: Table, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        by_labels = [str(CHARACTERISTICS.get(k, k)) for k in table.by] or [_("Group")]
        writer.writerow([*by_labels, *table.columns])
        for row in table.rows:
            labels = list(row.labels) + [""] * (len(by_labels) - len(row.labels))
            writer.writerow([*labels, *(cell.display for cell in row.cells)])
        for note in table.notes:
            writer.writerow([note])


class Command(BaseCommand):
    help = "Write the quarter's figures as CSV files (disclosure controlled) and summary.html."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quarter", required=True, help="e.g. 2026Q3")
        parser.add_argument("--out", required=True, help="directory to write into")
        parser.add_argument("--area", default="", help="a local authority code or name")

    def handle(self, *args, **options) -> None:
        start, end = quarter_dates(options["quarter"])
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        filters = Filters(start=start, end=end, area=options["area"])
        written, headline = [], {}
        for key, figure in TABLES.items():
            breakdowns = SEARCH_BREAKDOWNS if key == "gaps_searches" else REPORT_BREAKDOWNS
            for by in breakdowns:
                table = disclose(figure(filters, by))
                name = f"{key}{'_by_' + '_'.join(by) if by else ''}.csv"
                table_csv(table, out / name)
                written.append(name)
                if not by:
                    headline[key] = table
        summary = render_to_string(
            "insights/monitoring/quarterly_summary.html",
            {
                "quarter": options["quarter"].upper(),
                "start": start,
                "last_day": end - dt.timedelta(days=1),
                "area": options["area"],
                "access": headline["access"],
                "timeliness": headline["timeliness"],
                "wellbeing": headline["wellbeing"],
                "searches": headline["gaps_searches"],
                "files": written,
            },
        )
        (out / "summary.html").write_text(summary, encoding="utf-8")
        if options["verbosity"]:
            self.stdout.write(f"Wrote {len(written)} tables and summary.html to {out}")
