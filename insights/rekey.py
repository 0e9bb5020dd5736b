"""Changing INSIGHTS_ENCRYPTION_KEY: re-seal every equality answer under the key in force.

    INSIGHTS_PREVIOUS_ENCRYPTION_KEY=<old> INSIGHTS_ENCRYPTION_KEY=<new> manage.py insights_rekey

Sealing is deterministic and each question has a handful of possible codes, so re-sealing
needs no answer opened: for every code, its ciphertext under the previous key maps to its
ciphertext under the new one, and one UPDATE rewrites each column through that mapping in
SQL. Then the facts' tokens are recomputed from the new ciphertexts. All in one
transaction: if any non-empty answer is under neither key (the previous key given is
wrong), nothing changes. Safe to run again: answers already under the new key map to
themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from insights.coding import TOKEN_SQL, seal
from insights.figures import TOKEN_CODES
from insights.models import SEALED_FIELDS


class RekeyError(ValueError):
    """Some answers opened with neither key: nothing was changed."""


@dataclass(frozen=True)
class RekeyResult:
    answers: int  # rows of equality answers with at least one value re-sealed
    facts: int  # fact rows whose tokens were recomputed


def answers_rekey(previous_key: str) -> RekeyResult:
    """Re-seal every answer sealed under ``previous_key`` ("" for the key derived from
    SECRET_KEY) under the key in force, and recompute the facts' tokens."""
    mappings = {
        column: {
            seal(column, code, key=previous_key): seal(column, code) for code in TOKEN_CODES[column]
        }
        for column in SEALED_FIELDS
    }
    params: list[str] = []
    assignments, changed, unknown = [], [], []
    for column, mapping in mappings.items():
        cases = " ".join("WHEN %s THEN %s" for _old in mapping)
        assignments.append(f"{column} = CASE {column} {cases} ELSE {column} END")
        for old, new in mapping.items():
            params += [old, new]
    for column, mapping in mappings.items():
        changed.append(f"{column} IN ({', '.join(['%s'] * len(mapping))})")
        params += list(mapping)
    known_params: list[str] = []
    for column, mapping in mappings.items():
        unknown.append(f"({column} <> '' AND {column} NOT IN ({', '.join(['%s'] * len(mapping))}))")
        known_params += list(mapping.values())
    tokens = ", ".join(f"{c} = {TOKEN_SQL.format(column='q.' + c)}" for c in SEALED_FIELDS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE insights_equalityanswers SET {', '.join(assignments)} "  # noqa: S608
            f"WHERE {' OR '.join(changed)}",
            params,
        )
        answers = cursor.rowcount
        cursor.execute(
            f"SELECT count(*) FROM insights_equalityanswers WHERE {' OR '.join(unknown)}",  # noqa: S608
            known_params,
        )
        (unreadable,) = cursor.fetchone()
        if unreadable:
            raise RekeyError(
                f"{unreadable} people's answers are sealed under neither the previous key nor "
                "the key in force, so nothing was changed. Check "
                "INSIGHTS_PREVIOUS_ENCRYPTION_KEY."
            )
        cursor.execute(
            f"UPDATE insights_referralfact f SET {tokens} "  # noqa: S608
            "FROM insights_equalityanswers q WHERE q.referral_id = f.referral_id"
        )
        facts = cursor.rowcount
    return RekeyResult(answers=answers, facts=facts)
