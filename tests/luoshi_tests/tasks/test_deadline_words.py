"""Deadline words rewritten for an approved extension, in the form they were written in."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.tasks.deadline_words import plain_words, rewrite_deadline_words
from luoshi.tasks.excel.cells import parse_deadline


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("9月底前", date(2026, 11, 30), "11月底前"),
        ("9月底", date(2026, 11, 30), "11月底"),
        ("9月前", date(2026, 11, 30), "11月前"),
        ("9月底前", date(2026, 11, 15), "11月15日前"),
        ("9月30日前", date(2026, 11, 15), "11月15日前"),
        ("9月30号之前", date(2026, 10, 31), "10月31号之前"),
        ("2026年9月底前", date(2026, 12, 31), "2026年12月底前"),
        ("9月底前", date(2027, 3, 31), "2027年3月底前"),
        ("三季度末", date(2026, 12, 31), "四季度末"),
        ("第3季度末", date(2026, 12, 31), "第4季度末"),
        ("三季度末", date(2026, 11, 30), "11月底前"),
        ("二季度末", date(2027, 3, 31), "2027年一季度末"),
        ("2026年底前", date(2027, 12, 31), "2027年底前"),
        ("年底前", date(2027, 12, 31), "2027年底前"),
        ("年底前", date(2027, 6, 30), "2027年6月底前"),
        ("上半年", date(2026, 9, 30), "9月底前"),
        ("长期坚持", date(2027, 6, 30), "2027年6月底前"),
        ("9月底前完成主体工程", date(2026, 11, 30), "11月底前"),
        ("", date(2026, 11, 30), ""),
    ],
)
def test_the_words_keep_their_form_and_say_the_new_date(old, new, expected):
    words = rewrite_deadline_words(old, new, 2026)
    assert words == expected
    if words:
        assert parse_deadline(words, 2026).date == new


@pytest.mark.parametrize(
    "day", [date(2026, 2, 28), date(2026, 2, 27), date(2027, 1, 31), date(2028, 2, 29)]
)
def test_plain_words_always_read_back_as_the_date(day):
    assert parse_deadline(plain_words(day, 2026), 2026).date == day
