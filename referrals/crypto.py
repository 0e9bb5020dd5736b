"""Encryption at rest for what a referral says about a person.

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256) under the keys in
REFERRALS_ENCRYPTION_KEYS: the first key encrypts, every key decrypts, so a new key is
put first, ``manage.py referrals_reencrypt`` rewrites every value under it, and the old
key is then removed (docs/decisions/005-referrals.md). Fernet is randomised, so an
encrypted column cannot be searched or compared in SQL: none of these fields is ever
filtered on.

A decrypted value is a ``SecretStr``: an ordinary string everywhere except in ``repr()``,
which is what tracebacks, Django's error pages and reports, ``%r`` log formatting and
debuggers show.
"""

from __future__ import annotations

import base64
import logging
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class SecretStr(str):
    """A string whose repr never shows its value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "SecretStr('********')" if self else "SecretStr('')"


def _derived_key(secret_key: str) -> bytes:
    """A key derived from SECRET_KEY, for development and tests only: rotating SECRET_KEY
    would make every value unreadable, so production sets REFERRALS_ENCRYPTION_KEYS."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"fyp-referrals-v1")
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


@cache
def _fernet_for(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        if not settings.DEBUG:
            logger.warning(
                "REFERRALS_ENCRYPTION_KEYS is not set: referral details are encrypted with a "
                "key derived from SECRET_KEY. Set your own keys in production."
            )
        return MultiFernet([Fernet(_derived_key(secret_key))])
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    """The keys in force now (read at call time, so tests may override the setting)."""
    keys = tuple(k.strip() for k in settings.REFERRALS_ENCRYPTION_KEYS if k.strip())
    return _fernet_for(keys, settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> SecretStr:
    if not token:
        return SecretStr("")
    try:
        return SecretStr(fernet().decrypt(token.encode()).decode())
    except InvalidToken:
        # Never include the token or the value: say only which keys were tried.
        raise InvalidToken(
            "A referral value could not be decrypted with any key in REFERRALS_ENCRYPTION_KEYS"
        ) from None


def rotate(token: str) -> str:
    """The same value under the first (newest) key."""
    return fernet().rotate(token.encode()).decode() if token else ""


def is_under_first_key(token: str) -> bool:
    """True if ``token`` was made with the key that encrypts now."""
    if not token:
        return True
    first = fernet()._fernets[0]
    try:
        first.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; reads give a ``SecretStr``.

    Not for lookups: ``filter(field="x")`` would compare against a fresh random token and
    never match. Empty values are stored empty (nothing to hide, and "has a value" stays
    cheap to ask).
    """

    description = "Text encrypted at rest (Fernet)"

    def __init__(self, *args, max_chars: int | None = None, **kwargs) -> None:
        # The limit applies to the plain text (forms and validation); the token is longer.
        self.max_chars = max_chars
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_chars is not None:
            kwargs["max_chars"] = self.max_chars
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def to_python(self, value):
        if value is None or isinstance(value, SecretStr):
            return value
        return SecretStr(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

    def formfield(self, **kwargs):
        if self.max_chars is not None:
            kwargs.setdefault("max_length", self.max_chars)
        return super().formfield(**kwargs)

    def validate(self, value, model_instance) -> None:
        super().validate(value, model_instance)
        if self.max_chars is not None and value and len(value) > self.max_chars:
            raise ValidationError(
                _("Please use %(limit)d characters or fewer.") % {"limit": self.max_chars},
                code="max_length",
            )
