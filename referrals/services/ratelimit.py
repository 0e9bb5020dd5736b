"""Rate limits for self and peer referrals, which anyone can make without an account.

Counted in the cache under keyed hashes (HMAC with SECRET_KEY) of the client address and
of each phone number and email address, so neither the cache nor the database ever holds
them. A limit is checked before a referral is made and counted once it is made.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from referrals.services.errors import RateLimited

HOUR = 60 * 60
DAY = 24 * HOUR


def _digest(kind: str, value: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256)
    return f"referrals:rate:{kind}:{mac.hexdigest()[:32]}"


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def _keys(client_key: str, contacts: Iterable[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """(cache key, limit, window) for each thing counted."""
    keys = []
    if client_key:
        keys.append(
            (_digest("client", client_key), settings.REFERRALS_LIMIT_PER_ADDRESS_PER_HOUR, HOUR)
        )
    for kind, value in contacts:
        value = normalise_phone(value) if kind == "phone" else value.strip().lower()
        if value:
            keys.append((_digest(kind, value), settings.REFERRALS_LIMIT_PER_CONTACT_PER_DAY, DAY))
    return keys


def rate_limit_check(*, client_key: str, contacts: Iterable[tuple[str, str]]) -> None:
    for key, limit, _window in _keys(client_key, contacts):
        if (cache.get(key) or 0) >= limit:
            raise RateLimited(
                _(
                    "Too many referrals have been made from here or for these contact details. "
                    "Please try again later, or ask a professional to refer you."
                )
            )


def rate_limit_count(*, client_key: str, contacts: Iterable[tuple[str, str]]) -> None:
    for key, _limit, window in _keys(client_key, contacts):
        if not cache.add(key, 1, window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, window)
