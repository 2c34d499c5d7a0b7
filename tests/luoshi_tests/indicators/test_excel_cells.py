"""Reading cells as a clerk means them (pure; no database)."""

from datetime import datetime
from decimal import Decimal

import pytest

from luoshi.core.spreadsheets.cells import CellError, cell_text, parse_number, parse_whole


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        (5, Decimal("5")),
        (5.1000000000000005, Decimal("5.1")),
        ("1,234.5", Decimal("1234.5")),
        ("6.1%", Decimal("6.1")),
        ("－2.8", Decimal("-2.8")),
        (" 7 ", Decimal("7")),
        (None, None),
        ("  ", None),
    ],
)
def test_numbers(cell, number):
    assert parse_number(cell) == number


@pytest.mark.parametrize(
    "cell", ["五", "abc", True, datetime(2025, 1, 1), float("nan"), "Infinity", 1e16]
)
def test_not_numbers(cell):
    with pytest.raises(CellError):
        parse_number(cell)


def test_whole_numbers_and_text():
    assert parse_whole("11月", suffix="月") == 11
    assert parse_whole(2025.0) == 2025
    with pytest.raises(CellError, match="应为整数"):
        parse_whole(11.5)
    assert cell_text(930121.0) == "930121"
    assert cell_text(" 甲县 ") == "甲县"
    assert cell_text(None) == ""
