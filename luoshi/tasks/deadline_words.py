"""A task's deadline words (完成时限原文) rewritten for a new date, in the form they were
written in: 9月底前 → 11月底前, 9月30日前 → 11月15日前, 三季度末 → 四季度末, 2026年底前 →
2027年底前. Pure: text and dates in, text out.

The words must keep meaning the stored date (the 分解表 export writes the words only while
`parse_deadline` still reads them as the deadline), so every rewrite is read back; words
whose form cannot say the new date (上半年, 长期坚持, free text) give way to the plain form
"N月底前" or "N月D日前". A year is written only when it differs from the task's year (or
the old words wrote one). Empty words stay empty: the date alone is the deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from luoshi.core.spreadsheets.cells import CellError
from luoshi.tasks.excel.cells import parse_deadline

CN_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}
_BEFORE = r"(前|之前|以前)?"
_MONTH_FORM = re.compile(rf"(?:(\d{{4}})年)?(\d{{1,2}})月(底|末|份)?{_BEFORE}")
_DAY_FORM = re.compile(rf"(?:(\d{{4}})年)?(\d{{1,2}})月(\d{{1,2}})([日号]?){_BEFORE}")
_QUARTER_FORM = re.compile(rf"(?:(\d{{4}})年)?(第?)([一二三四1-4])季度(末|底)?{_BEFORE}")
_YEAR_FORM = re.compile(r"(\d{4})年(底|末|内)?(前)?")


def _is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _year_prefix(day: dt.date, task_year: int, written: str | None) -> str:
    return f"{day.year}年" if written or day.year != task_year else ""


def plain_words(day: dt.date, task_year: int) -> str:
    """The plain form: "11月底前" for a month's end, else "11月15日前"; with the year when it
    is not the task's."""
    prefix = _year_prefix(day, task_year, None)
    if _is_month_end(day):
        return f"{prefix}{day.month}月底前"
    return f"{prefix}{day.month}月{day.day}日前"


def _same_form(text: str, day: dt.date, task_year: int) -> str | None:
    compact = re.sub(r"\s+", "", text)
    if match := _DAY_FORM.fullmatch(compact):
        year, _month, _day, mark, before = match.groups()
        prefix = _year_prefix(day, task_year, year)
        return f"{prefix}{day.month}月{day.day}{mark}{before or ''}"
    if match := _MONTH_FORM.fullmatch(compact):
        year, _month, end, before = match.groups()
        if not _is_month_end(day):
            return None
        return f"{_year_prefix(day, task_year, year)}{day.month}月{end or ''}{before or ''}"
    if match := _QUARTER_FORM.fullmatch(compact):
        year, ordinal, numeral, end, before = match.groups()
        if not (_is_month_end(day) and day.month % 3 == 0):
            return None
        quarter = day.month // 3
        word = CN_QUARTERS[quarter] if numeral in CN_QUARTERS.values() else str(quarter)
        prefix = _year_prefix(day, task_year, year)
        return f"{prefix}{ordinal}{word}季度{end or ''}{before or ''}"
    if match := _YEAR_FORM.fullmatch(compact):
        _year, end, before = match.groups()
        if (day.month, day.day) != (12, 31):
            return None
        return f"{day.year}年{end or ''}{before or ''}"
    return None


def rewrite_deadline_words(text: str, new_deadline: dt.date, task_year: int) -> str:
    """`text` said the old deadline; these words say `new_deadline` in the same form."""
    if not (text or "").strip():
        return ""
    candidate = _same_form(text, new_deadline, task_year)
    if candidate is None and (new_deadline.month, new_deadline.day) == (12, 31):
        # 年底前, 年内, 全年…: the year's end of another year is written with its year.
        candidate = "年底前" if new_deadline.year == task_year else f"{new_deadline.year}年底前"
    for words in (candidate, plain_words(new_deadline, task_year)):
        if words and _reads_as(words, new_deadline, task_year):
            return words
    return f"{new_deadline.year}年{new_deadline.month}月{new_deadline.day}日"


def _reads_as(words: str, day: dt.date, task_year: int) -> bool:
    try:
        return parse_deadline(words, task_year).date == day
    except CellError:
        return False
