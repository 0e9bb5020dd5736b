"""``manage.py export_oruk PATH``: write the public directory as an ORUK 3.0 JSON array."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from directory.oruk.exporter import oruk_export


class Command(BaseCommand):
    help = "Write every public service, fully nested, as an ORUK 3.0 JSON array to PATH."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        count = oruk_export(path=path)
        self.stdout.write(f"exported={count} path={path}")
