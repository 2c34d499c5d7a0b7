"""The first sheet of an uploaded 分解表 as numbered rows keyed by column.

Unlike the indicator sheets, a 分解表 comes with merged cells (one 报告任务原文 spanning the
rows of its sub-items), so the workbook is opened in full mode, where merges are visible, and
each vertical merge is spread to every row it covers. Every way a file can be unusable ends
here as a `SheetError` with one message, before any row is judged.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from luoshi.tasks.excel.columns import COLUMNS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_DATA_ROWS = 5_000
HEADER_SEARCH_ROWS = 6
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files
NOT_SPREAD = frozenset({"number"})  # a merged 序号 would number several rows alike


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows
    cells: dict[str, Any]


def expected_layout() -> str:
    return " · ".join(c.heading for c in COLUMNS)


def _normalised(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).replace("（", "(").replace("）", ")").lower()


def _heading_keys(text: str) -> set[str]:
    full = _normalised(text)
    return {full, full.split("(", 1)[0]} - {""}


def _check_container(data: bytes) -> None:
    if not data:
        raise SheetError("上传的文件是空的。")
    if len(data) > MAX_UPLOAD_BYTES:
        raise SheetError("文件超过 10 MB，请删去无关内容后再上传。")
    if data.startswith(OLE_SIGNATURE):
        raise SheetError("这是旧版 Excel（.xls）或加密的文件，请在 Excel 中另存为 .xlsx 后再上传。")
    if not data.startswith(b"PK"):
        raise SheetError("文件不是 Excel 工作簿（.xlsx），请上传按分解表格式填写的 .xlsx 文件。")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SheetError(
            "文件已损坏，无法打开。请在 Excel 中重新保存为 .xlsx 后再上传。"
        ) from error
    if "xl/workbook.xml" not in names:
        raise SheetError("文件不是 Excel 工作簿（.xlsx），请上传按分解表格式填写的 .xlsx 文件。")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SheetError("文件内容过大，无法读取。请只保留分解表所在的工作表。")


def _header_map(values: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, value in enumerate(values):
        if value is None:
            continue
        keys = _heading_keys(str(value))
        for column in COLUMNS:
            names = {column.heading, *column.aliases}
            if column.key not in found and any(keys & _heading_keys(n) for n in names):
                found[column.key] = position
                break
    return found


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(data: bytes) -> list[SheetRow]:
    """The data rows of the first worksheet. Raises SheetError for an unusable file."""
    _check_container(data)
    try:
        workbook = load_workbook(BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged parts; all mean the same
        raise SheetError("文件已损坏或不是有效的 Excel 工作簿，无法打开。") from error
    try:
        return _read_rows(workbook)
    finally:
        workbook.close()


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
    if not workbook.worksheets:
        raise SheetError("文件中没有工作表。")
    sheet = workbook.worksheets[0]
    grid = _grid(sheet)
    header: dict[str, int] = {}
    header_row = 0
    for number, values in enumerate(grid[:HEADER_SEARCH_ROWS], start=1):
        candidate = _header_map(values)
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
        if all(_blank(v) for v in cells.values()):
            continue
        rows.append(SheetRow(number, cells))
    if not rows:
        raise SheetError("文件中没有数据行（表头下面是空的）。")
    return rows
