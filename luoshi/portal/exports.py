"""CSV and Excel files of the portal's tables.

CSV is UTF-8 with a byte-order mark, so that Excel on Windows opens Chinese correctly; a field
that a spreadsheet would run as a formula gets the kit's leading apostrophe (`csv_safe`).
Excel cells go through the kit's `put`: the portal publishes what units typed, and text stays
text whatever it begins with; figures stay numbers. A percentage is written as percent
points — 60 for 60 % — numeric, with a number format that shows the sign (0"%", 0.0"%"),
never as the text "60%".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from luoshi.core.downloads import download
from luoshi.core.spreadsheets.writing import (
    XLSX_CONTENT_TYPE,
    csv_safe,
    header_row,
    number_format_for,
    put,
    title_row,
    workbook_bytes,
)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def percent_format(value: Decimal) -> str:
    """Percent points with the sign shown: 60 → 60%, 63.8 → 63.8% (the cell holds 60, 63.8)."""
    return number_format_for(value) + '"%"'


def xlsx_bytes(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int],
    *,
    percent_columns: Collection[int] = (),
) -> bytes:
    """One sheet: the title over the table, a bold header row, long text wrapped.
    `percent_columns` (positions from 0) hold percent points."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "公开数据"
    title_row(sheet, title, len(headers), size=14)
    header_row(sheet, 2, headers, widths)
    for row_number, row in enumerate(rows, start=3):
        for position, value in enumerate(row):
            shown = (
                percent_format(value)
                if position in percent_columns and isinstance(value, Decimal)
                else None
            )
            cell = put(sheet, row_number, position + 1, value, number_format=shown)
            cell.alignment = WRAP_TOP
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    return workbook_bytes(workbook)


def csv_response(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str
) -> HttpResponse:
    return download(csv_bytes(headers, rows), filename, CSV_CONTENT_TYPE)


def xlsx_response(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int],
    filename: str,
    *,
    percent_columns: Collection[int] = (),
) -> HttpResponse:
    content = xlsx_bytes(title, headers, rows, widths, percent_columns=percent_columns)
    return download(content, filename, XLSX_CONTENT_TYPE)
