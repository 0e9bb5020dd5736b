"""Working days: Monday to Friday, except bank holidays in England and Wales (from the
``holidays`` package, which follows the published GOV.UK list and its substitute days).

Days are counted in the site's time zone (Europe/London): a referral sent at 23:30 UTC on
a Sunday in summer was sent at 00:30 on Monday for the people who read it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

_SATURDAY = 5


@lru_cache(maxsize=1)
def _bank_holidays() -> holidays.HolidayBase:
    # England and Wales share one list; the object fills in further years as they are asked.
    return holidays.country_holidays("GB", subdiv="ENG")


def is_bank_holiday(day: dt.date) -> bool:
    return day in _bank_holidays()


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < _SATURDAY and not is_bank_holiday(day)


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """``start`` moved forward by ``days`` working days, keeping its time of day. From a
    weekend or a bank holiday, the count starts on the next working day."""
    current = _local(start)
    while not is_working_day(current.date()):
        current += dt.timedelta(days=1)
        current = current.replace(hour=0, minute=0, second=0, microsecond=0)
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if is_working_day(current.date()):
            added += 1
    return current


def working_days_between(a: dt.datetime, b: dt.datetime) -> int:
    """Whole working days from ``a`` to ``b`` (0 if ``b`` is not later): the working days
    after ``a``'s date up to and including ``b``'s date."""
    if b <= a:
        return 0
    a, b = _local(a), _local(b)
    count = 0
    day = a.date()
    while day < b.date():
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
