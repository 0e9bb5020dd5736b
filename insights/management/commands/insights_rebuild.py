"""Recompute every referral's fact row (after loading data, or if in doubt)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from insights.facts import facts_rebuild


class Command(BaseCommand):
    help = "Recompute insights.ReferralFact for every referral."

    def handle(self, *args, **options) -> None:
        count = facts_rebuild()
        if options["verbosity"]:
            self.stdout.write(f"{count} referral facts rebuilt.")
