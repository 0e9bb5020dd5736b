"""Re-seal the equality answers under a new INSIGHTS_ENCRYPTION_KEY (insights/rekey.py).

1. Put the old key in INSIGHTS_PREVIOUS_ENCRYPTION_KEY and the new one in
   INSIGHTS_ENCRYPTION_KEY, and deploy. (Old key never set? Leave the previous key empty and
   pass --previous-from-secret-key: it was derived from SECRET_KEY.)
2. Run this at once: until it finishes, answers given under the two keys are counted apart.
3. Remove INSIGHTS_PREVIOUS_ENCRYPTION_KEY.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from insights.rekey import RekeyError, answers_rekey


class Command(BaseCommand):
    help = "Re-seal every equality answer under INSIGHTS_ENCRYPTION_KEY."

    def add_arguments(self, parser):
        parser.add_argument(
            "--previous-from-secret-key",
            action="store_true",
            help="The previous key was not set: it was derived from SECRET_KEY.",
        )

    def handle(self, *args, previous_from_secret_key: bool, **options) -> None:
        previous = settings.INSIGHTS_PREVIOUS_ENCRYPTION_KEY.strip()
        current = settings.INSIGHTS_ENCRYPTION_KEY.strip()
        if previous and previous_from_secret_key:
            raise CommandError(
                "Give the previous key in INSIGHTS_PREVIOUS_ENCRYPTION_KEY or "
                "--previous-from-secret-key, not both."
            )
        if not previous and not previous_from_secret_key:
            raise CommandError(
                "Set INSIGHTS_PREVIOUS_ENCRYPTION_KEY to the key the answers are sealed under "
                "(or pass --previous-from-secret-key if no key was ever set)."
            )
        if previous == current:
            raise CommandError(
                "The previous key and INSIGHTS_ENCRYPTION_KEY are the same: nothing to do."
            )
        try:
            result = answers_rekey(previous)
        except RekeyError as error:
            raise CommandError(str(error)) from None
        except ValueError as error:  # a malformed key
            raise CommandError(f"A key is not valid: {error}") from None
        self.stdout.write(
            f"Re-sealed the answers of {result.answers} referral(s); "
            f"recomputed {result.facts} fact row(s)."
        )
