"""The spreadsheet kit: cells written safely, uploads held between preview and apply, plans."""

from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from openpyxl import Workbook, load_workbook

from luoshi.core.spreadsheets import held
from luoshi.core.spreadsheets.outcome import ChangePlan, PlannedRow, cell_changes
from luoshi.core.spreadsheets.writing import csv_safe, put, workbook_bytes


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil.example","x")', "+1+2", "-3-4", "@SUM(A1)", "=1+1"]
)
def test_text_that_starts_like_a_formula_is_written_and_read_back_as_text(text):
    book = Workbook()
    sheet = book.active
    put(sheet, 1, 1, text)
    back = load_workbook(BytesIO(workbook_bytes(book))).active["A1"]
    assert back.data_type == "s" and back.value == text
    assert csv_safe(text) == "'" + text


def test_numbers_and_dates_stay_numbers_and_dates_with_formats():
    book = Workbook()
    sheet = book.active
    put(sheet, 1, 1, Decimal("63.78"))
    put(sheet, 1, 2, Decimal("24156.7200"))
    put(sheet, 1, 3, dt.date(2026, 6, 30))
    put(sheet, 1, 4, "1.10", as_text=True)
    back = load_workbook(BytesIO(workbook_bytes(book))).active
    assert back["A1"].value == 63.78 and back["A1"].number_format == "0.00"
    assert back["B1"].value == 24156.72 and back["B1"].number_format == "0.00"
    assert back["C1"].value == dt.datetime(2026, 6, 30) and back["C1"].number_format == "yyyy-mm-dd"
    assert back["D1"].value == "1.10" and back["D1"].data_type == "s"
    assert csv_safe(12) == 12 and csv_safe("正常") == "正常"


def test_a_held_upload_is_only_its_owners_and_goes_when_released():
    token = held.hold(7, b"PK-some-bytes")
    assert held.fetch(7, token) == b"PK-some-bytes"
    assert held.fetch(8, token) is None  # another user's token opens nothing
    assert held.fetch(7, "../../secret") is None
    assert held.fetch(7, "0" * 64) is None
    held.release(7, token)
    assert held.fetch(7, token) is None


def test_held_uploads_older_than_a_day_are_removed_by_the_next_hold():
    old = held.hold(9, b"old file")
    path = default_storage.path(f"{held.FOLDER}/9/{old}.xlsx")
    two_days_ago = time.time() - 2 * 86400
    os.utime(path, (two_days_ago, two_days_ago))
    new = held.hold(9, b"new file")
    assert held.fetch(9, old) is None and held.fetch(9, new) == b"new file"


def test_a_plan_digest_changes_with_what_it_would_do():
    headings = {"title": "具体工作", "deadline": "完成时限"}
    changes = cell_changes({"title": "修路", "deadline": "6月底前"}, {"title": "修路"}, headings)
    assert changes == []
    changed = cell_changes({"title": "修路"}, {"title": "修桥", "deadline": "年底前"}, headings)
    assert [(c.column, c.before, c.after) for c in changed] == [
        ("具体工作", "修路", "修桥"),
        ("完成时限", "", "年底前"),
    ]
    one = ChangePlan(rows=[PlannedRow(3, "1", "changed", changed)])
    same = ChangePlan(rows=[PlannedRow(3, "1", "changed", list(changed))])
    other = ChangePlan(rows=[PlannedRow(3, "1", "unchanged")])
    assert one.digest() == same.digest() != other.digest()
    assert one.ok and one.has_work and not other.has_work
