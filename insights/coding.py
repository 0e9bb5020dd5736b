"""Equality answers sealed so the database can count them but not read them.

Each answer is a short code ("female", "white_irish", "prefer_not_to_say") sealed with
AES-SIV (RFC 5297), which is deterministic: the same code in the same column always gives
the same ciphertext. Every value is padded to the same length first, so the ciphertext's
length says nothing about the answer, and the column's name is authenticated with it, so
"yes" in one question does not look like "yes" in another. A question left out is stored
empty (nothing to hide but the fact it was skipped).

The figures count a 32-bit *token* instead of the whole ciphertext: the first four bytes
of the synthetic IV, which AES-SIV derives from the key, the column and the value, so it
is as opaque as the ciphertext and PostgreSQL computes it from the ciphertext itself
(``TOKEN_SQL``). The fact table keeps 4 bytes per characteristic instead of 56, and its
``GROUP BY`` keys are mapped back to codes by sealing the few possible codes of that
question (``codes_by_token``), never by opening rows. What determinism gives away (which
rows share an answer, so the frequency of each) is discussed in
docs/decisions/009-insights.md.

The key is INSIGHTS_ENCRYPTION_KEY (urlsafe base64 of 64 random bytes); unset, one is
derived from SECRET_KEY for development only. To change it: ``manage.py insights_rekey``
(insights/rekey.py).
"""

from __future__ import annotations

import base64
import logging
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)

# Longer than any code; every plaintext is padded to this many bytes.
PADDED_LENGTH = 40
KEY_BYTES = 64


class UnsealError(ValueError):
    """A sealed value did not open with the key in force (never says which value)."""


def key_generate() -> str:
    """A new key for INSIGHTS_ENCRYPTION_KEY."""
    import secrets

    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()


@cache
def _siv_for(key: str, secret_key: str) -> AESSIV:
    if key:
        raw = base64.urlsafe_b64decode(key.encode())
        if len(raw) != KEY_BYTES:
            raise ValueError("INSIGHTS_ENCRYPTION_KEY must be 64 bytes, urlsafe base64")
        return AESSIV(raw)
    if not settings.DEBUG:
        logger.warning(
            "INSIGHTS_ENCRYPTION_KEY is not set: equality answers are sealed with a key "
            "derived from SECRET_KEY. Set your own key in production."
        )
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"fyp-insights-v1")
    return AESSIV(hkdf.derive(secret_key.encode()))


def _siv() -> AESSIV:
    # Read at call time, so tests may override the setting.
    return _siv_for(settings.INSIGHTS_ENCRYPTION_KEY.strip(), settings.SECRET_KEY)


def seal(column: str, code: str, *, key: str | None = None) -> str:
    """The sealed form of ``code`` for ``column`` (standard base64, so SQL can decode it);
    the empty code (question left out) stays empty. ``key``: another key than the one in
    force ("" for the one derived from SECRET_KEY), for re-sealing (insights/rekey.py)."""
    if not code:
        return ""
    data = code.encode()
    if len(data) >= PADDED_LENGTH:
        raise ValueError(f"Code too long to seal in {column}")
    padded = data + b"\x80" + b"\x00" * (PADDED_LENGTH - len(data) - 1)
    siv = _siv() if key is None else _siv_for(key.strip(), settings.SECRET_KEY)
    return base64.b64encode(siv.encrypt(padded, [column.encode()])).decode()


def unseal(column: str, sealed: str) -> str:
    if not sealed:
        return ""
    try:
        padded = _siv().decrypt(base64.b64decode(sealed, validate=True), [column.encode()])
    except (InvalidTag, ValueError):
        raise UnsealError(f"A sealed {column} value did not open with the key in force") from None
    return padded.rstrip(b"\x00")[:-1].decode()


# The token of a sealed column in SQL (0 when the question was left out): the first four
# bytes of the ciphertext, read as a signed 32-bit integer.
TOKEN_SQL = (
    "(CASE WHEN {column} = '' THEN 0 "  # noqa: S105 - SQL, not a password
    "ELSE ('x' || substr(encode(decode({column}, 'base64'), 'hex'), 1, 8))::bit(32)::int END)"
)


def token_of(sealed: str) -> int:
    """The same token as TOKEN_SQL, in Python."""
    if not sealed:
        return 0
    return int.from_bytes(base64.b64decode(sealed)[:4], "big", signed=True)


def codes_by_token(column: str, codes: list[str]) -> dict[int, str]:
    """Token -> code for every possible code of ``column`` (0 -> "" for left out)."""
    found = {0: ""}
    for code in codes:
        token = token_of(seal(column, code))
        if token in found:
            # Two codes of one question sharing 32 bits: about one chance in 10^7 per
            # key. Refuse rather than count one answer as another.
            raise ValueError(f"Token collision in {column}: choose another key")
        found[token] = code
    return found


class SealedCodeField(models.CharField):
    """A code stored sealed (see module docstring). Equality lookups work (the lookup
    value is sealed the same way); ordering and ranges do not mean anything. The field's
    name is the associated data, so a field must keep its name across models that share
    its values (the answers and the facts)."""

    description = "Code sealed with AES-SIV (deterministic)"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return None if value is None else unseal(self.name, value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return seal(self.name, str(value))


class CharacteristicTokenField(models.IntegerField):
    """A characteristic as its token (see TOKEN_SQL); 0 when not known."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)
