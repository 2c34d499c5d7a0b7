"""Dates as words: 2026年12月4日, the way Chinese official documents write them.

The rule (README, "Dates on pages"): where a date is read as words — a detail page's field, a
sentence, a message, a heading — it is written 2026年12月4日 (年 in full, month and day without a
leading zero, as GB/T 9704 writes a document's date), a moment 2026年12月4日 22:58. In a table
or a compact list of many rows a date stays 2026-12-04 (same width on every row, sorts as
text, never wraps): those templates keep `|date:"Y-m-d"`.

    {% load chinese_dates %}
    {{ task.deadline|cn_date }}          2026年12月4日
    {{ notice.received_at|cn_datetime }}  2026年12月4日 22:58

The words follow the interface language (Django's DATE_FORMAT and DATETIME_FORMAT: the same
form in Traditional Chinese, "Dec. 4, 2026" in English). A moment is shown in the region's
time zone (settings.TIME_ZONE), never in UTC. Python code writing a message calls
`chinese_date` / `chinese_datetime`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def chinese_date(value: dt.date | dt.datetime | None) -> str:
    """2026年12月4日; a moment gives its local day; nothing gives ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return date_format(value, "DATE_FORMAT")


def chinese_datetime(value: dt.date | dt.datetime | None) -> str:
    """2026年12月4日 22:58 in local time; a date without a time gives 2026年12月4日."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return chinese_date(value)
    return date_format(_local(value), "DATETIME_FORMAT")


@register.filter(name="cn_date", expects_localtime=True)
def cn_date(value: Any) -> Any:
    """`{{ value|cn_date }}`: a date or a moment as 2026年12月4日; anything else unchanged."""
    if isinstance(value, dt.date):
        return chinese_date(value)
    return value if value not in (None, "") else ""


@register.filter(name="cn_datetime", expects_localtime=True)
def cn_datetime(value: Any) -> Any:
    """`{{ value|cn_datetime }}`: a moment as 2026年12月4日 22:58 (local time)."""
    if isinstance(value, dt.date):
        return chinese_datetime(value)
    return value if value not in (None, "") else ""
