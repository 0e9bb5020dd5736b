from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from directory.demo.synthetic import synthetic_directory_clear, synthetic_directory_generate


class Command(BaseCommand):
    help = (
        "Generate a large synthetic directory for load tests (deterministic for a seed). "
        "--clear first removes earlier synthetic records, and only those."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--services", type=int, default=0, help="services to create")
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument(
            "--organisations",
            type=int,
            default=None,
            help="organisations to spread them over (default: services / 3)",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="remove previously generated synthetic records first",
        )

    def handle(
        self, *args, services: int, seed: int, organisations: int | None, clear: bool, **options
    ) -> None:
        if services < 0 or (organisations is not None and organisations < 1):
            raise CommandError("--services must be 0 or more and --organisations 1 or more.")
        if not services and not clear:
            raise CommandError("Give --services N, --clear, or both.")
        if clear:
            removed = synthetic_directory_clear()
            self.stdout.write(f"Removed {removed} synthetic services.")
        if services:
            written = synthetic_directory_generate(
                services=services, seed=seed, organisations=organisations, stdout=self.stdout
            )
            for name, count in written.items():
                self.stdout.write(f"{name}: {count}")
