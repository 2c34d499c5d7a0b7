"""Read the first sheet of an uploaded .xlsx into numbered rows keyed by column.

Pure: bytes in, rows or a `SheetError` with a Chinese message out. Every way a file can be
unusable — not a workbook, an old .xls, a damaged zip, a zip that inflates to gigabytes, no
header row, missing columns, no data, too many rows — ends here, before any row is judged.
"""

from __future__ import annotations

from collections.abc import Sequence

from luoshi.core.spreadsheets import (
    MAX_DATA_ROWS,
    MAX_UPLOAD_BYTES,
    SheetError,
    SheetRow,
    opened_workbook,
    scan_first_sheet,
)
from luoshi.indicators.excel_columns import Column

__all__ = ["MAX_UPLOAD_BYTES", "SheetError", "SheetRow", "read_sheet"]

HEADER_SEARCH_ROWS = 5


def read_sheet(data: bytes, columns: Sequence[Column]) -> list[SheetRow]:
    """The data rows of the first worksheet. Raises SheetError for an unusable file."""
    with opened_workbook(data) as workbook:
        scan = scan_first_sheet(
            workbook, columns, header_search_rows=HEADER_SEARCH_ROWS, max_rows=MAX_DATA_ROWS
        )
    expected = "、".join(c.heading for c in columns)
    if scan.header is None:
        raise SheetError(f"第一个工作表中找不到表头。表头应为：{expected}。请下载模板填写。")
    missing = [c.heading for c in columns if c.key not in scan.header]
    if missing:
        raise SheetError(
            f"表头（第{scan.header_number}行）缺少列：{'、'.join(missing)}。表头应为：{expected}。"
        )
    if not scan.rows:
        raise SheetError("文件中没有数据行（表头下面是空的）。")
    return scan.rows
