"""Read the first sheet of an uploaded .xlsx into numbered rows keyed by column.

Pure: bytes in, rows or a `SheetError` with a Chinese message out. Every way a file can be
unusable — not a workbook, an old .xls, a damaged zip, a zip that inflates to gigabytes, no
header row, missing columns, no data, too many rows — ends here, before any row is judged.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from luoshi.indicators.excel_columns import Column

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_DATA_ROWS = 20_000
MAX_SCANNED_ROWS = 100_000  # rows read at all, blank or not, before the file is refused
HEADER_SEARCH_ROWS = 5

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows
    cells: dict[str, Any]  # column key → raw cell value


def _normalised(text: str) -> str:
    text = re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")
    return text.lower()


def _heading_keys(text: str) -> set[str]:
    """A heading matches with or without its bracketed hint: 增速(%) ~ 增速 ~ 增速（%）."""
    full = _normalised(text)
    return {full, full.split("(", 1)[0]} - {""}


def _check_container(data: bytes) -> None:
    if not data:
        raise SheetError("上传的文件是空的。")
    if len(data) > MAX_UPLOAD_BYTES:
        raise SheetError(
            f"文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，请删去无关内容后再上传。"
        )
    if data.startswith(OLE_SIGNATURE):
        raise SheetError(
            "这是旧版 Excel（.xls）或加密的文件，请在 Excel 中“另存为” .xlsx 格式后再上传。"
        )
    if not data.startswith(b"PK"):
        raise SheetError("文件不是 Excel 工作簿（.xlsx）。请下载模板填写后上传。")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SheetError(
            "文件已损坏，无法打开。请在 Excel 中重新保存为 .xlsx 后再上传。"
        ) from error
    if "xl/workbook.xml" not in names:
        raise SheetError("文件不是 Excel 工作簿（.xlsx）。请下载模板填写后上传。")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SheetError("文件内容过大，无法读取。请只保留需要导入的工作表。")


def _header_map(row: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, value in enumerate(row):
        if value is None:
            continue
        keys = _heading_keys(str(value))
        for column in columns:
            if column.key not in found and keys & _heading_keys(column.heading):
                found[column.key] = position
    return found


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(data: bytes, columns: Sequence[Column]) -> list[SheetRow]:
    """The data rows of the first worksheet. Raises SheetError for an unusable file."""
    _check_container(data)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged parts; all mean the same
        raise SheetError("文件已损坏或不是有效的 Excel 工作簿，无法打开。") from error
    try:
        return _read_rows(workbook, columns)
    except SheetError:
        raise
    except Exception as error:  # a damaged sheet part surfaces only while rows are read
        raise SheetError("文件已损坏或不是有效的 Excel 工作簿，无法读取。") from error
    finally:
        workbook.close()


def _read_rows(workbook: Any, columns: Sequence[Column]) -> list[SheetRow]:
    if not workbook.worksheets:
        raise SheetError("文件中没有工作表。")
    sheet = workbook.worksheets[0]
    header: dict[str, int] | None = None
    header_number = 0
    rows: list[SheetRow] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_SCANNED_ROWS:
            raise SheetError(f"工作表行数过多（超过 {MAX_DATA_ROWS} 行），请分成几个文件导入。")
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                break
            candidate = _header_map(values, columns)
            if len(candidate) >= 2:  # the first row naming at least two of our columns
                header, header_number = candidate, number
            continue
        if all(_blank(v) for v in values):
            continue
        if len(rows) >= MAX_DATA_ROWS:
            raise SheetError(f"数据超过 {MAX_DATA_ROWS} 行，请分成几个文件导入。")
        rows.append(
            SheetRow(
                number,
                {
                    key: values[position] if position < len(values) else None
                    for key, position in header.items()
                },
            )
        )
    expected = "、".join(c.heading for c in columns)
    if header is None:
        raise SheetError(f"第一个工作表中找不到表头。表头应为：{expected}。请下载模板填写。")
    missing = [c.heading for c in columns if c.key not in header]
    if missing:
        raise SheetError(
            f"表头（第{header_number}行）缺少列：{'、'.join(missing)}。表头应为：{expected}。"
        )
    if not rows:
        raise SheetError("文件中没有数据行（表头下面是空的）。")
    return rows
