"""Searches that found nothing, recorded without anything personal.

Kept: the words (lower case, punctuation gone, anything with an "@", a run of four or more
digits, or letters and digits mixed, such as a postcode or a reference, removed; capped at
INSIGHTS_SEARCH_WORDS_MAX_CHARS), the type-of-help and community filters (term ids), the
other filters (an age only as its band), the outward code of the postcode and its council,
and the month. Never kept: the full postcode, the time, the address or anything about the
browser.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone

from insights.models import ZeroResultSearch

_PUNCTUATION = re.compile(r"[^\w\s'-]+")
_LONG_NUMBER = re.compile(r"\d{4,}")
_LETTERS_AND_DIGITS = re.compile(r"(?=.*\d)(?=.*[^\W\d_])")
_KEPT_FILTERS = (
    "led_by",
    "access_mode",
    "referral_route",
    "language",
    "free",
    "gender",
    "open_now",
    "open_on",
    "accepting",
    "radius",
)


def search_words_normalise(text: str) -> str:
    """The words of a search, safe to keep (see module docstring)."""
    kept = []
    for word in (text or "").lower().split():
        if "@" in word or _LONG_NUMBER.search(word) or _LETTERS_AND_DIGITS.match(word):
            continue
        word = _PUNCTUATION.sub("", word).strip("'-")
        if word:
            kept.append(word)
    words = " ".join(kept)
    limit = settings.INSIGHTS_SEARCH_WORDS_MAX_CHARS
    if len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0]
    return words


def _plain(value):
    if (
        isinstance(value, list | tuple | set)
        or hasattr(value, "__iter__")
        and not isinstance(value, str | bytes | dict)
    ):
        return sorted(str(getattr(v, "code", v)) for v in value)
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


def _age_band(age) -> str:
    from referrals.models import AgeBand

    return AgeBand.for_age(age) if isinstance(age, int) else ""


def zero_result_search_record(
    *, form_data: dict, place=None, now: dt.datetime | None = None
) -> ZeroResultSearch | None:
    """Keep one search that found nothing; None when it had neither words nor filters."""
    from insights.facts import area_of_place

    words = search_words_normalise(str(form_data.get("q") or ""))
    service_types = sorted(str(term.pk) for term in form_data.get("service_type") or [])
    communities = sorted(str(term.pk) for term in form_data.get("community") or [])
    filters = {
        name: _plain(form_data[name])
        for name in _KEPT_FILTERS
        if form_data.get(name) not in (None, "", [], False)
    }
    if form_data.get("age") is not None:
        filters["age_band"] = _age_band(form_data["age"])
    if not (words or service_types or communities or filters or place is not None):
        return None
    today = timezone.localdate(now or timezone.now())
    return ZeroResultSearch.objects.create(
        month=today.replace(day=1),
        query=words,
        outward_code=getattr(place, "outward_code", "") or "",
        area=area_of_place(place) if place is not None else "",
        service_types=service_types,
        communities=communities,
        filters=filters,
    )
