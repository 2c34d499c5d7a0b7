"""Read the first sheet of an uploaded .xlsx into numbered rows, allowing optional columns.

Pure: bytes in, rows or a `SheetError` with a Chinese message out. Like the indicators' reader
(whose errors and limits it shares), but a column may be optional (项目编号 or 项目名称: either
identifies the project) and the header must name every required column. A file of the wrong
kind — an exported list, another template — is refused here, by what its header lacks.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from luoshi.indicators.excel_columns import Column
from luoshi.indicators.spreadsheet_reading import (
    MAX_DATA_ROWS,
    MAX_SCANNED_ROWS,
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_BYTES,
    OLE_SIGNATURE,
    SheetError,
    SheetRow,
)

HEADER_SEARCH_ROWS = 6


def _normalised(text: str) -> str:
    text = re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")
    return text.lower()


def heading_keys(text: str) -> set[str]:
    """A heading matches with or without its bracketed hint: 本月完成(万元) ~ 本月完成."""
    full = _normalised(text)
    return {full, full.split("(", 1)[0]} - {""}


def check_container(data: bytes) -> None:
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
        keys = heading_keys(str(value))
        for column in columns:
            if column.key not in found and keys & heading_keys(column.heading):
                found[column.key] = position
    return found


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_rows(
    data: bytes, columns: Sequence[Column], *, one_of: Sequence[str] = ()
) -> list[SheetRow]:
    """The data rows of the first worksheet, keyed by column. Every required column must be
    in the header, and at least one of the `one_of` columns."""
    check_container(data)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged parts; all mean the same
        raise SheetError("文件已损坏或不是有效的 Excel 工作簿，无法打开。") from error
    try:
        return _read(workbook, columns, one_of)
    except SheetError:
        raise
    except Exception as error:  # a damaged sheet part surfaces only while rows are read
        raise SheetError("文件已损坏或不是有效的 Excel 工作簿，无法读取。") from error
    finally:
        workbook.close()


def _read(workbook: Any, columns: Sequence[Column], one_of: Sequence[str]) -> list[SheetRow]:
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
            if len(candidate) >= 2:
                header, header_number = candidate, number
            continue
        if all(_blank(v) for v in values):
            continue
        if len(rows) >= MAX_DATA_ROWS:
            raise SheetError(f"数据超过 {MAX_DATA_ROWS} 行，请分成几个文件导入。")
        rows.append(
            SheetRow(
                number,
                {key: values[at] if at < len(values) else None for key, at in header.items()},
            )
        )
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
