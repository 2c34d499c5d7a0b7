"""The first sheet of an uploaded 分解表 as numbered rows keyed by column.

Unlike the indicator sheets, a 分解表 comes with merged cells (one 报告任务原文 spanning the
rows of its sub-items), so the workbook is opened in full mode, where merges are visible, and
each vertical merge is spread to every row it covers. Every way a file can be unusable ends
here as a `SheetError` with one message, before any row is judged.
"""

from __future__ import annotations

from typing import Any

from luoshi.core.spreadsheets import (
    MAX_UPLOAD_BYTES,
    SheetError,
    SheetRow,
    header_map,
    is_blank,
    opened_workbook,
)
from luoshi.tasks.excel.columns import COLUMNS

__all__ = ["MAX_UPLOAD_BYTES", "SheetError", "SheetRow", "expected_layout", "read_sheet"]

# Full mode (to see merges) holds the whole workbook in memory: a lower ceiling than the
# streaming readers'.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_DATA_ROWS = 5_000
HEADER_SEARCH_ROWS = 6
NOT_SPREAD = frozenset({"number"})  # a merged 序号 would number several rows alike
ADVICE = "请上传按分解表格式填写的 .xlsx 文件。"


def expected_layout() -> str:
    return " · ".join(c.heading for c in COLUMNS)


def read_sheet(data: bytes) -> list[SheetRow]:
    """The data rows of the first worksheet. Raises SheetError for an unusable file."""
    with opened_workbook(
        data, read_only=False, advice=ADVICE, max_unzipped=MAX_UNZIPPED_BYTES
    ) as workbook:
        return _read_rows(workbook)


def _grid(sheet: Any) -> list[list[Any]]:
    if sheet.max_row > MAX_DATA_ROWS + HEADER_SEARCH_ROWS:
        raise SheetError(f"数据超过 {MAX_DATA_ROWS} 行，请分成几个文件导入。")
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _spread_merges(sheet: Any, grid: list[list[Any]], header_row: int, skip: set[int]) -> None:
    """A value merged down over several rows belongs to each of them."""
    for merged in sheet.merged_cells.ranges:
        if merged.max_row == merged.min_row or merged.min_row <= header_row:
            continue
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if column - 1 not in skip and column - 1 < len(grid[row - 1]):
                    grid[row - 1][column - 1] = value


def _read_rows(workbook: Any) -> list[SheetRow]:
    sheet = workbook.worksheets[0]
    grid = _grid(sheet)
    header: dict[str, int] = {}
    header_row = 0
    for number, values in enumerate(grid[:HEADER_SEARCH_ROWS], start=1):
        candidate = header_map(values, COLUMNS)
        if len(candidate) >= 3:  # a title row above the header names none of our columns
            header, header_row = candidate, number
            break
    if not header:
        raise SheetError(
            f"第一个工作表的前几行中找不到分解表的表头。表头应为：{expected_layout()}。"
        )
    missing = [c.heading for c in COLUMNS if c.required and c.key not in header]
    if missing:
        raise SheetError(
            f"表头（第{header_row}行）缺少列：{'、'.join(missing)}。表头应为：{expected_layout()}。"
        )
    _spread_merges(sheet, grid, header_row, {header[k] for k in NOT_SPREAD if k in header})
    rows = []
    for number, values in enumerate(grid[header_row:], start=header_row + 1):
        cells = {k: values[p] if p < len(values) else None for k, p in header.items()}
        if all(is_blank(v) for v in cells.values()):
            continue
        rows.append(SheetRow(number, cells))
    if not rows:
        raise SheetError("文件中没有数据行（表头下面是空的）。")
    return rows
