"""Working days on the Chinese calendar: weekends, the statutory holidays and the State
Council's yearly arrangement of days off and make-up working days (调休).

Three sources, the later overriding the earlier:
1. `chinese_calendar` holds each year's published arrangement, make-up working days included,
   up to the year its release knows;
2. for a later year, `holidays` computes the statutory holidays from the law and the lunar
   calendar, a holiday on a weekend moved to the next working day — the arrangement published
   each November follows it closely, but its make-up Saturdays cannot be foreseen;
3. the office's own `CalendarDay` rows (节假日调整 in the admin): the published arrangement of a
   year the packages do not know yet, or a local day off.

Time limits counted here (an appeal's 签收 and 办结 dates) are fixed when they are set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

import holidays
from chinese_calendar import constants as published

from luoshi.core.models import CalendarDay

LAST_PUBLISHED_YEAR = max(day.year for day in published.holidays)


@lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(days off on weekdays, working days on weekends) of `year` by the packages."""
    if year <= LAST_PUBLISHED_YEAR:
        off = frozenset(day for day in published.holidays if day.year == year and day.weekday() < 5)
        on = frozenset(day for day in published.workdays if day.year == year)
        return off, on
    off = frozenset(day for day in holidays.China(years=year) if day.weekday() < 5)
    return off, frozenset()


def is_published(year: int) -> bool:
    """Whether `year`'s arrangement of days off is known (not only estimated from the law)."""
    return year <= LAST_PUBLISHED_YEAR or CalendarDay.objects.filter(date__year=year).exists()


def adjustments() -> dict[dt.date, bool]:
    """The office's own days: date → is a working day."""
    return dict(CalendarDay.objects.values_list("date", "is_workday"))


def is_workday(day: dt.date, overrides: Mapping[dt.date, bool] | None = None) -> bool:
    if overrides and day in overrides:
        return overrides[day]
    off, on = _statutory(day.year)
    if day in on:
        return True
    return day.weekday() < 5 and day not in off


def add_workdays(
    start: dt.date, count: int, overrides: Mapping[dt.date, bool] | None = None
) -> dt.date:
    """The `count`-th working day after `start`; with `count` 0, `start` itself when it is a
    working day, else the next one (an appeal handed in on a Sunday starts on Monday)."""
    if overrides is None:
        overrides = adjustments()
    day = start
    while not is_workday(day, overrides):
        day += dt.timedelta(days=1)
    for _n in range(count):
        day += dt.timedelta(days=1)
        while not is_workday(day, overrides):
            day += dt.timedelta(days=1)
    return day


def workdays_after(
    start: dt.date, end: dt.date, overrides: Mapping[dt.date, bool] | None = None
) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    if overrides is None:
        overrides = adjustments()
    days = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        days += is_workday(day, overrides)
    return days
