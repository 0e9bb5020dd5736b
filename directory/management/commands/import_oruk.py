"""``manage.py import_oruk PATH_OR_URL``: import an ORUK 3.0 feed (directory/oruk/importer.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from directory.oruk.importer import FeedError, feed_read, oruk_import


class Command(BaseCommand):
    help = (
        "Import services from an ORUK 3.0 JSON array file, or from an ORUK API (its base URL "
        "or /services URL). Upserts by ORUK id; reports created, updated, unchanged and "
        "rejected records, with the reasons for each rejection."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="A JSON file path, or an http(s) URL of an ORUK API.")

    def handle(self, *args, source: str, **options) -> None:
        try:
            report = oruk_import(records=feed_read(source), source=source)
        except FeedError as error:
            raise CommandError(str(error)) from error
        for rejection in report.rejected:
            self.stderr.write(f"rejected record {rejection.index} (id {rejection.id}):")
            for reason in rejection.reasons:
                self.stderr.write(f"  {reason}")
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        counts = " ".join(f"{name}={count}" for name, count in report.counts.items())
        self.stdout.write(f"{counts} terms_queued={report.terms_queued}")
