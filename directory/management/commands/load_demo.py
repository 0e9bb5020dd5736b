from __future__ import annotations

from django.core.management.base import BaseCommand

from directory.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the fictional demo directory and demo users (idempotent)."

    def handle(self, *args, **options) -> None:
        counts = demo_load(stdout=self.stdout)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
