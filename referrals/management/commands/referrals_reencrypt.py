"""Rewrite every encrypted referral value under the newest key (the first in
REFERRALS_ENCRYPTION_KEYS), so an old key can then be removed. Safe to re-run and to
stop half-way: each batch commits on its own and values already under the newest key
are left alone."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from referrals.crypto import EncryptedTextField, is_under_first_key, rotate
from referrals.models import Referral, ReferralEvent, ReferralNote

MODELS = [Referral, ReferralEvent, ReferralNote]


def _encrypted_columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


class Command(BaseCommand):
    help = "Re-encrypt referral details with the newest key in REFERRALS_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        total = 0
        for model in MODELS:
            columns = _encrypted_columns(model)
            if columns:
                total += self._reencrypt(model, columns, batch_size)
        self.stdout.write(f"Re-encrypted {total} value(s).")

    def _reencrypt(self, model, columns: list[str], batch_size: int) -> int:
        """Works on the raw tokens (never decrypting into Python objects that could be
        logged), one batch of rows per transaction, rows locked while rewritten."""
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = [connection.ops.quote_name(c) for c in columns]
        changed = 0
        last_pk = 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, {', '.join(quoted)} FROM {table} WHERE id > %s "  # noqa: S608
                    f"ORDER BY id LIMIT %s FOR UPDATE",
                    [last_pk, batch_size],
                )
                rows = cursor.fetchall()
                for pk, *tokens in rows:
                    updates = {
                        column: rotate(token)
                        for column, token in zip(quoted, tokens, strict=True)
                        if token and not is_under_first_key(token)
                    }
                    if updates:
                        assignments = ", ".join(f"{c} = %s" for c in updates)
                        cursor.execute(
                            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                            [*updates.values(), pk],
                        )
                        changed += len(updates)
            if len(rows) < batch_size:
                return changed
            last_pk = rows[-1][0]
