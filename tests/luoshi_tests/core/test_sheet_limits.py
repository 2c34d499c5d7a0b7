"""A spreadsheet built to exhaust the reader is refused quickly, with a sentence, unread.

Seen before this: a 0.5 MB .xlsx unpacking to a 189 MB sheet held a web worker for 181 s and
ended in a 500; a 197 KB 分解表 with 6 million cells took 72 s and 2.6 GB. Each file here is
a real .xlsx (written by openpyxl, one part then replaced by what an attacker would put there).
"""

from __future__ import annotations

import time
import zipfile
from io import BytesIO

import pytest
from openpyxl import Workbook

from luoshi.core.spreadsheets.reading import (
    MAX_CELLS_IN_MEMORY,
    SheetError,
    check_first_sheet_cells,
    first_sheet_part,
)
from luoshi.tasks.excel.reading import read_sheet

SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:B2"/><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def workbook_with_first_sheet(sheet_xml: str) -> bytes:
    """A valid .xlsx whose first sheet's part is `sheet_xml`."""
    workbook = Workbook()
    workbook.active.title = "分解表"
    workbook.active["A1"] = "序号"
    buffer = BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(BytesIO(buffer.getvalue()))
    part = first_sheet_part(source)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet_xml.encode() if info.filename == part else source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue()


def rows_of_cells(rows: int, columns: int) -> str:
    """Varied figures, so that the part compresses as real data does (not as padding)."""
    body = "".join(
        "<row>"
        + "".join(f"<c><v>{(r * 7919 + c * 104729) % 1000003}</v></c>" for c in range(columns))
        + "</row>"
        for r in range(rows)
    )
    return SHEET_HEAD + body + SHEET_TAIL


def test_a_sheet_with_more_cells_than_its_dimension_claims_is_refused_before_loading():
    # Declares A1:B2, holds 500,000 cells: the 分解表 (read whole, with merges) stops at its
    # budget while counting, before openpyxl builds a single cell.
    data = workbook_with_first_sheet(rows_of_cells(10_000, 50))
    assert len(data) < 4 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(SheetError, match="工作表过大"):
        read_sheet(data)
    assert time.monotonic() - started < 10


def test_a_zip_that_inflates_far_beyond_its_size_is_refused_unread():
    padding = "a" * (1024 * 1024)
    cells = "".join(f'<row><c t="inlineStr"><is><t>{padding}</t></is></c></row>' for _ in range(12))
    data = workbook_with_first_sheet(SHEET_HEAD + cells + SHEET_TAIL)
    assert len(data) < 200 * 1024  # 12 MB of sheet in a file of tens of kilobytes
    with pytest.raises(SheetError, match="文件内容过大"):
        read_sheet(data)


def test_the_cell_count_stops_at_the_budget_and_passes_a_normal_sheet():
    normal = workbook_with_first_sheet(rows_of_cells(100, 10))
    check_first_sheet_cells(normal, budget=MAX_CELLS_IN_MEMORY)  # 1,000 cells: fine
    with pytest.raises(SheetError, match="工作表过大"):
        check_first_sheet_cells(normal, budget=999)


def test_a_damaged_sheet_part_is_a_sheet_error():
    data = workbook_with_first_sheet(SHEET_HEAD + "<row><c><v>1</v></row>")
    with pytest.raises(SheetError):
        read_sheet(data)
