from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from directory.postcodes import postcode_data_load


class Command(BaseCommand):
    help = (
        "Load postcode districts and full postcodes from data/geo. Does nothing when exactly "
        "that data is already loaded, so it is safe to run on every start."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="reload even if the data is already there"
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="folder with the trimmed files (default: data/geo in the project)",
        )

    def handle(self, *args, force: bool, data_dir: Path | None, **options) -> None:
        started = time.monotonic()
        summary = postcode_data_load(
            data_dir=data_dir or Path(settings.BASE_DIR) / "data" / "geo", force=force
        )
        counts = f"{summary.districts:,} postcode districts and {summary.postcodes:,} postcodes"
        if summary.loaded:
            seconds = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"Loaded {counts} in {seconds:.1f} s."))
        else:
            self.stdout.write(f"Postcode data already loaded ({counts}).")
