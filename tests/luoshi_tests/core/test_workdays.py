"""Working days on the Chinese calendar: the published arrangement of a year (make-up
Saturdays and Sundays included), the statutory holidays of a year not yet published, and the
office's own days overriding both."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.core.models import CalendarDay
from luoshi.core.workdays import (
    LAST_PUBLISHED_YEAR,
    add_workdays,
    is_published,
    is_workday,
    workdays_after,
)

D = dt.date


def test_the_published_national_day_week_and_its_make_up_days():
    # 2026: 1–7 October off, Sunday 20 September and Saturday 10 October worked.
    assert not any(is_workday(D(2026, 10, day), {}) for day in range(1, 8))
    assert is_workday(D(2026, 9, 20), {}) and is_workday(D(2026, 10, 10), {})
    assert is_workday(D(2026, 10, 9), {}) and not is_workday(D(2026, 10, 11), {})


def test_counting_across_a_holiday():
    # Handed in on Wednesday 30 September 2026: the days after it are 8, 9, 10 (a make-up
    # Saturday), 12 and 13 October — five working days end on the 13th, not on 7 October.
    assert add_workdays(D(2026, 9, 30), 1, {}) == D(2026, 10, 8)
    assert add_workdays(D(2026, 9, 30), 3, {}) == D(2026, 10, 10)
    assert add_workdays(D(2026, 9, 30), 5, {}) == D(2026, 10, 13)
    # On a Sunday, the clock starts on Monday; zero days is that Monday.
    assert add_workdays(D(2026, 12, 6), 0, {}) == D(2026, 12, 7)
    assert add_workdays(D(2026, 12, 6), 1, {}) == D(2026, 12, 8)
    assert workdays_after(D(2026, 9, 30), D(2026, 10, 13), {}) == 5
    assert workdays_after(D(2026, 10, 12), D(2026, 9, 30), {}) == 0


def test_a_year_not_yet_published_still_keeps_its_statutory_holidays():
    year = LAST_PUBLISHED_YEAR + 1
    # The Spring Festival of 2027 falls on Saturday 6 February: the weekdays around it are
    # off (the law gives four days, moved off the weekend), whatever the arrangement adds.
    if year == 2027:
        assert not is_workday(D(2027, 2, 5), {}) and not is_workday(D(2027, 2, 8), {})
        assert is_workday(D(2027, 2, 11), {})
    assert not is_workday(D(year, 1, 1), {}) or D(year, 1, 1).weekday() >= 5
    assert not is_workday(D(year, 10, 1), {}) or D(year, 10, 1).weekday() >= 5


@pytest.mark.django_db
def test_the_office_sets_the_arrangement_the_packages_do_not_know():
    year = LAST_PUBLISHED_YEAR + 1
    # Early March has no holiday: a make-up Saturday and a local day off on a Wednesday.
    saturday = next(D(year, 3, day) for day in range(8, 15) if D(year, 3, day).weekday() == 5)
    wednesday = saturday - dt.timedelta(days=3)
    assert not is_published(year)
    assert add_workdays(saturday - dt.timedelta(days=1), 1) == saturday + dt.timedelta(days=2)
    CalendarDay.objects.create(date=saturday, is_workday=True, note="调休上班")
    CalendarDay.objects.create(date=wednesday, is_workday=False, note="地方假日")
    assert is_published(year)
    assert add_workdays(saturday - dt.timedelta(days=1), 1) == saturday
    assert add_workdays(wednesday - dt.timedelta(days=1), 1) == wednesday + dt.timedelta(days=1)
    assert workdays_after(wednesday - dt.timedelta(days=1), saturday) == 3
