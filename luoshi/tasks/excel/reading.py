"""The first sheet of an uploaded 分解表 as numbered rows keyed by column.

A 分解表 comes with merged cells (one 报告任务原文 spanning the rows of its sub-items), so the
kit reads it in full mode, where merges are visible, and spreads each vertical merge to every
row it covers — but never a merged 序号, which would number several rows alike.
"""

from __future__ import annotations

from luoshi.core.spreadsheets.reading import MAX_UPLOAD_BYTES, SheetError, SheetRow, read_rows
from luoshi.tasks.excel.columns import COLUMNS

__all__ = ["MAX_UPLOAD_BYTES", "SheetError", "SheetRow", "expected_layout", "read_sheet"]

# Full mode holds the whole workbook in memory: a lower ceiling than the streaming readers'.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_DATA_ROWS = 5_000
ADVICE = "请上传按分解表格式填写的 .xlsx 文件。"


def expected_layout() -> str:
    return " · ".join(c.heading for c in COLUMNS)


def read_sheet(data: bytes) -> list[SheetRow]:
    """The data rows of the first worksheet. Raises SheetError for an unusable file."""
    return read_rows(
        data,
        COLUMNS,
        merged=True,
        not_spread=frozenset({"number"}),
        header_search_rows=6,
        min_header_columns=3,  # a title row above the header names none of our columns
        max_rows=MAX_DATA_ROWS,
        max_unzipped=MAX_UNZIPPED_BYTES,
        advice=f"分解表的列为：{expected_layout()}。{ADVICE}",
    )
