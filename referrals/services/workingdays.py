"""Working days: Monday to Friday. Bank holidays are not counted as days off because no
maintained holiday calendar is installed; a day early is the safe side for "overdue"."""

from __future__ import annotations

import datetime as dt

_SATURDAY = 5


def _is_working_day(day: dt.date) -> bool:
    return day.weekday() < _SATURDAY


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """``start`` moved forward by ``days`` working days, keeping its time of day. From a
    weekend, the count starts on the next Monday."""
    current = start
    while not _is_working_day(current.date()):
        current += dt.timedelta(days=1)
        current = current.replace(hour=0, minute=0, second=0, microsecond=0)
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if _is_working_day(current.date()):
            added += 1
    return current


def working_days_between(a: dt.datetime, b: dt.datetime) -> int:
    """Whole working days from ``a`` to ``b`` (0 if ``b`` is not later): the working days
    after ``a``'s date up to and including ``b``'s date."""
    if b <= a:
        return 0
    count = 0
    day = a.date()
    while day < b.date():
        day += dt.timedelta(days=1)
        if _is_working_day(day):
            count += 1
    return count
