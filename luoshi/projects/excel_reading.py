"""Read the first sheet of an uploaded .xlsx into numbered rows, allowing optional columns.

Pure: bytes in, rows or a `SheetError` with a Chinese message out. Like the indicators' reader
(whose errors and limits it shares), but a column may be optional (项目编号 or 项目名称: either
identifies the project) and the header must name every required column. A file of the wrong
kind — an exported list, another template — is refused here, by what its header lacks.
"""

from __future__ import annotations

from collections.abc import Sequence

from luoshi.core.spreadsheets import SheetError, SheetRow, opened_workbook, scan_first_sheet
from luoshi.indicators.excel_columns import Column

HEADER_SEARCH_ROWS = 6


def read_rows(
    data: bytes, columns: Sequence[Column], *, one_of: Sequence[str] = ()
) -> list[SheetRow]:
    """The data rows of the first worksheet, keyed by column. Every required column must be
    in the header, and at least one of the `one_of` columns."""
    with opened_workbook(data) as workbook:
        scan = scan_first_sheet(workbook, columns, header_search_rows=HEADER_SEARCH_ROWS)
    header, header_number, rows = scan.header, scan.header_number, scan.rows
    required = "、".join(c.heading for c in columns if c.required)
    if header is None:
        raise SheetError(f"第一个工作表中找不到表头。表头应包括：{required}。请下载模板填写。")
    missing = [c.heading for c in columns if c.required and c.key not in header]
    if one_of and not any(key in header for key in one_of):
        names = "或".join(c.heading for c in columns if c.key in one_of)
        missing.append(names)
    if missing:
        raise SheetError(
            f"表头（第{header_number}行）缺少列：{'、'.join(missing)}。"
            f"这可能不是月度投资导入表，请下载模板填写。"
        )
    if not rows:
        raise SheetError("文件中没有数据行（表头下面是空的）。")
    return rows
