"""Plain-English wording for directory records: opening times, ages, capacity, languages.

Pages for the public say "Mondays and Wednesdays, 10am to midday" rather than iCal codes.
Times follow the GOV.UK style guide (10am, 5:30pm, midday, midnight; "to" in ranges).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django import template
from django.db import models
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from directory.models import CapacityStatus, Language, Schedule, ScheduleFrequency, Service

register = template.Library()

# Language codes that mean British Sign Language (ISO 639-3 "bfi"; older "sgn-gb").
BSL_CODES = frozenset({"bfi", "sgn-gb", "sgn-gbr"})


def _day_names(plural: bool) -> dict[str, str]:
    # Built per call so each request gets its own language.
    if plural:
        return {
            "MO": _("Mondays"),
            "TU": _("Tuesdays"),
            "WE": _("Wednesdays"),
            "TH": _("Thursdays"),
            "FR": _("Fridays"),
            "SA": _("Saturdays"),
            "SU": _("Sundays"),
        }
    return {
        "MO": _("Monday"),
        "TU": _("Tuesday"),
        "WE": _("Wednesday"),
        "TH": _("Thursday"),
        "FR": _("Friday"),
        "SA": _("Saturday"),
        "SU": _("Sunday"),
    }


def _ordinal_names() -> dict[int, str]:
    return {
        1: pgettext("nth weekday of the month", "first"),
        2: pgettext("nth weekday of the month", "second"),
        3: pgettext("nth weekday of the month", "third"),
        4: pgettext("nth weekday of the month", "fourth"),
        5: pgettext("nth weekday of the month", "fifth"),
        -1: pgettext("nth weekday of the month", "last"),
        -2: pgettext("nth weekday of the month", "second to last"),
    }


def _and_list(items: Iterable[str]) -> str:
    return get_text_list(list(items), _("and"))


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


@register.filter
def time_text(value: dt.time | None) -> str:
    """10:00 → "10am", 17:30 → "5:30pm", 12:00 → "midday", 00:00 → "midnight"."""
    if value is None:
        return ""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    hour = value.hour % 12 or 12
    suffix = _("am") if value.hour < 12 else _("pm")
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def times_text(opens_at: dt.time | None, closes_at: dt.time | None) -> str:
    if opens_at and closes_at:
        return _("%(opens)s to %(closes)s") % {
            "opens": time_text(opens_at),
            "closes": time_text(closes_at),
        }
    if opens_at:
        return _("from %(opens)s") % {"opens": time_text(opens_at)}
    if closes_at:
        return _("until %(closes)s") % {"closes": time_text(closes_at)}
    return ""


def _split_byday(byday: str) -> list[tuple[int | None, str]]:
    """ "1TU,-1FR,MO" → [(1, "TU"), (-1, "FR"), (None, "MO")]; unknown parts are skipped."""
    parts = []
    for raw in byday.upper().replace(" ", "").split(","):
        day, number = raw[-2:], raw[:-2]
        if day not in _day_names(plural=False):
            continue
        try:
            parts.append((int(number) if number else None, day))
        except ValueError:
            continue
    return parts


def _weekly_days_text(days: list[str], interval: int) -> str:
    if interval == 2:
        return _("every other %(days)s") % {
            "days": _and_list(_day_names(plural=False)[d] for d in days)
        }
    if interval > 2:
        return ngettext(
            "every %(count)d week on %(days)s", "every %(count)d weeks on %(days)s", interval
        ) % {"count": interval, "days": _and_list(_day_names(plural=True)[d] for d in days)}
    return _and_list(_day_names(plural=True)[d] for d in days)


def _monthly_days_text(parts: list[tuple[int | None, str]], bymonthday: str) -> str:
    ordinals = _ordinal_names()
    names = _day_names(plural=False)
    by_day: dict[str, list[int]] = {}
    for number, day in parts:
        if number in ordinals:
            by_day.setdefault(day, []).append(number)
    phrases = [
        _("%(ordinals)s %(day)s of the month")
        % {
            "ordinals": _and_list(ordinals[n] for n in numbers),
            "day": names[day],
        }
        for day, numbers in by_day.items()
    ]
    if phrases:
        return _("the %(phrases)s") % {"phrases": _and_list(phrases)}
    monthdays = [d for d in bymonthday.replace(" ", "").split(",") if d.isdigit()]
    if monthdays:
        return ngettext(
            "day %(days)s of each month", "days %(days)s of each month", len(monthdays)
        ) % {"days": _and_list(monthdays)}
    return _("once a month")


@register.filter
def schedule_text(schedule: Schedule) -> str:
    """One line saying when a schedule happens, e.g. "Mondays, 10am to midday".

    Falls back to the schedule's own description when its rule is missing or not
    understood, so a listing never shows an empty "When" row.
    """
    parts = _split_byday(schedule.byday)
    if schedule.freq == ScheduleFrequency.WEEKLY and parts:
        days = list(dict.fromkeys(day for _number, day in parts))
        when = _weekly_days_text(days, schedule.interval or 1)
    elif schedule.freq == ScheduleFrequency.MONTHLY:
        when = _monthly_days_text(parts, schedule.bymonthday)
    else:
        when = ""
    times = times_text(schedule.opens_at, schedule.closes_at)
    if when and times:
        return _sentence_case(_("%(when)s, %(times)s") % {"when": when, "times": times})
    if when or times:
        return _sentence_case(when or times)
    return schedule.description


@register.filter
def age_range_text(service: Service) -> str:
    # A minimum of 0 says nothing a reader needs.
    low = service.minimum_age or None
    high = service.maximum_age
    if low is not None and high is not None:
        return _("%(low)d to %(high)d years old") % {"low": low, "high": high}
    if low is not None:
        return _("%(low)d and over") % {"low": low}
    if high is not None:
        return _("Up to %(high)d years old") % {"high": high}
    return _("Any age")


@register.filter
def is_bsl(language: Language) -> bool:
    return language.code.lower() in BSL_CODES or "sign language" in language.name.lower()


def _choice_labels(field: models.Field, values: Iterable[str]) -> list[str]:
    # Array fields keep their choices on the inner field.
    choices = dict(getattr(field, "base_field", field).flatchoices)
    return [str(choices.get(value, value)) for value in values]


@register.simple_tag
def field_labels(obj: models.Model, field_name: str) -> list[str]:
    """The human labels of a choices array field, e.g. led_by → ["User-led (…)"]."""
    return _choice_labels(obj._meta.get_field(field_name), getattr(obj, field_name))


@register.filter
def genders_text(service: Service) -> str:
    if not service.eligible_genders:
        return _("Everyone")
    return _sentence_case(
        _and_list(
            _choice_labels(service._meta.get_field("eligible_genders"), service.eligible_genders)
        )
    )


CAPACITY_TAG_COLOURS = {
    CapacityStatus.ACCEPTING: "govuk-tag--green",
    CapacityStatus.WAITING_LIST: "govuk-tag--yellow",
    CapacityStatus.NOT_ACCEPTING: "govuk-tag--red",
}


@register.filter
def capacity_text(service: Service) -> str:
    if service.capacity_status == CapacityStatus.WAITING_LIST and service.waiting_list_weeks:
        return ngettext(
            "Waiting list: about %(weeks)d week",
            "Waiting list: about %(weeks)d weeks",
            service.waiting_list_weeks,
        ) % {"weeks": service.waiting_list_weeks}
    return str(CapacityStatus(service.capacity_status).label)


@register.inclusion_tag("includes/capacity_tag.html")
def capacity_tag(service: Service) -> dict[str, str]:
    return {
        "text": capacity_text(service),
        "colour": CAPACITY_TAG_COLOURS.get(service.capacity_status, "govuk-tag--grey"),
    }


@register.filter
def terms_in(service: Service, taxonomy_slug: str) -> list:
    """The service's terms from one taxonomy, read from the prefetched terms (no query)."""
    return [term for term in service.terms.all() if term.taxonomy.slug == taxonomy_slug]


@register.filter
def cost_text(cost_option) -> str:
    """ "£5.00 per session" → "£5 per session"; the description wins when there is no amount."""
    if cost_option.amount is None:
        return cost_option.amount_description or cost_option.option
    amount = cost_option.amount
    price = f"£{amount:.0f}" if amount == amount.to_integral_value() else f"£{amount:.2f}"
    if amount == 0:
        price = _("Free")
    label = cost_option.option or cost_option.amount_description
    return _("%(price)s: %(what)s") % {"price": price, "what": label} if label else price


@register.filter
def miles(distance_m: float | None) -> str:
    """A distance in metres as people say it: "0.4 miles", "3 miles", "12 miles"."""
    if distance_m is None:
        return ""
    value = distance_m / 1609.344
    if value < 0.1:
        return _("less than 0.1 miles")
    if value < 10:
        text = f"{value:.1f}".removesuffix(".0")
    else:
        text = f"{value:.0f}"
    return ngettext("%(miles)s mile", "%(miles)s miles", 1 if text == "1" else 2) % {"miles": text}
