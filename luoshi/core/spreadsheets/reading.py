"""Reading uploaded .xlsx files: what every import (indicators, key projects, 分解表) shares.

Pure: bytes in, rows or a `SheetError` with a Chinese message out. Every way a file can be
unusable — empty, too large, an old .xls, not a workbook, a damaged zip, a zip that inflates to
gigabytes or far beyond its size, a first sheet of millions of cells (counted by streaming its
XML, before openpyxl builds anything), a damaged sheet part — ends here as one message, before
any row is judged; reading stops at a cell budget. Each
import keeps its own columns and its own judgement of the header and the rows.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, Protocol
from xml.etree import ElementTree

from openpyxl import load_workbook

from luoshi.core.spreadsheets import progress

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# A real workbook's parts shrink 5 to 20 times in the zip; a part that shrank far more than
# that is padding built to exhaust the reader (a 0.5 MB file unpacking to 189 MB).
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 10 * 1024 * 1024
# Cells of the first sheet read at all: streaming (read-only) and whole-sheet (merged cells:
# openpyxl then holds every cell in memory, several hundred bytes each).
MAX_CELLS = 2_000_000
MAX_CELLS_IN_MEMORY = 400_000
MAX_DATA_ROWS = 20_000
MAX_SCANNED_ROWS = 100_000  # rows read at all, blank or not, before the file is refused
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files
TEMPLATE_ADVICE = "请下载模板填写后上传。"


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows
    cells: dict[str, Any]  # column key → raw cell value


class Heading(Protocol):
    """A column of an import: its key, its heading and (optionally) other names it goes by."""

    @property
    def key(self) -> str: ...

    @property
    def heading(self) -> str: ...


def heading_keys(text: str) -> set[str]:
    """A heading matches with or without its bracketed hint: 增速(%) ~ 增速 ~ 增速（%）."""
    full = re.sub(r"\s+", "", str(text)).replace("（", "(").replace("）", ")").lower()
    return {full, full.split("(", 1)[0]} - {""}


def header_map(values: Sequence[Any], columns: Sequence[Heading]) -> dict[str, int]:
    """Column key → position, for the cells of a row that name one of `columns`."""
    found: dict[str, int] = {}
    for position, value in enumerate(values):
        if value is None:
            continue
        keys = heading_keys(str(value))
        for column in columns:
            names = (column.heading, *getattr(column, "aliases", ()))
            if column.key not in found and any(keys & heading_keys(name) for name in names):
                found[column.key] = position
                break
    return found


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_container(
    data: bytes, *, advice: str = TEMPLATE_ADVICE, max_unzipped: int = MAX_UNZIPPED_BYTES
) -> None:
    """Refuse what is not a sane .xlsx before openpyxl sees it."""
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
    not_a_workbook = f"文件不是 Excel 工作簿（.xlsx）。{advice}"
    if not data.startswith(b"PK"):
        raise SheetError(not_a_workbook)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SheetError(
            "文件已损坏，无法打开。请在 Excel 中重新保存为 .xlsx 后再上传。"
        ) from error
    if "xl/workbook.xml" not in names:
        raise SheetError(not_a_workbook)
    if unzipped > max_unzipped or (
        unzipped > RATIO_CHECKED_FROM and unzipped > MAX_COMPRESSION_RATIO * len(data)
    ):
        raise SheetError("文件内容过大，无法读取。请只保留需要导入的工作表。")


def too_many_cells(cells: int, budget: int) -> SheetError:
    return SheetError(
        f"工作表过大（超过 {budget // 10_000} 万个单元格），无法读取。"
        "请只保留需要导入的行和列，或分成几个文件导入。"
    )


def check_first_sheet_cells(data: bytes, budget: int) -> int:
    """Count the cells the first worksheet really holds, streaming its XML and stopping at
    `budget`, before openpyxl builds anything: neither a declared dimension (which a file may
    leave out or understate) nor the file size says how many there are. Returns the number
    of rows that hold any cell."""
    rows = cells = 0
    with zipfile.ZipFile(BytesIO(data)) as archive:
        part = first_sheet_part(archive)
        if part is None:
            return 0
        with archive.open(part) as stream:
            for _event, element in ElementTree.iterparse(stream, events=("end",)):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    cells += 1
                    if cells > budget:
                        raise too_many_cells(cells, budget)
                elif tag == "row":
                    rows += 1
                element.clear()
    return rows


def first_sheet_rows(data: bytes) -> int:
    """How many rows the first worksheet holds (0 when the file cannot be read: its reading
    then says why)."""
    try:
        check_container(data)
        return check_first_sheet_cells(data, MAX_CELLS)
    except (SheetError, ElementTree.ParseError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        return 0


def first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The zip member holding the workbook's first worksheet, as the workbook names it."""
    relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheet = next(e for e in workbook.iter() if e.tag.endswith("}sheet"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        target = next(
            e.get("Target", "") for e in rels.iter() if e.get("Id") == sheet.get(relationship)
        )
    except (KeyError, StopIteration, ElementTree.ParseError):
        return None
    part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return part if part in archive.namelist() else None


@contextmanager
def opened_workbook(
    data: bytes,
    *,
    read_only: bool = True,
    advice: str = TEMPLATE_ADVICE,
    max_unzipped: int = MAX_UNZIPPED_BYTES,
) -> Iterator[Any]:
    """The workbook, checked and opened; a damaged part met while reading is a SheetError too.
    (Read-only mode streams rows; full mode is needed to see merged cells.)"""
    check_container(data, advice=advice, max_unzipped=max_unzipped)
    try:
        rows = check_first_sheet_cells(data, MAX_CELLS if read_only else MAX_CELLS_IN_MEMORY)
    except ElementTree.ParseError as error:
        raise SheetError("文件已损坏或不是有效的 Excel 工作簿，无法打开。") from error
    progress.report(progress.READING, 0, rows)
    try:
        workbook = load_workbook(BytesIO(data), read_only=read_only, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged parts; all mean the same
        raise SheetError("文件已损坏或不是有效的 Excel 工作簿，无法打开。") from error
    try:
        if not workbook.worksheets:
            raise SheetError("文件中没有工作表。")
        yield workbook
    except SheetError:
        raise
    except Exception as error:  # a damaged sheet part surfaces only while rows are read
        raise SheetError("文件已损坏或不是有效的 Excel 工作簿，无法读取。") from error
    finally:
        workbook.close()


@dataclass
class HeaderScan:
    """What a streaming read of the first sheet found: the header (None when no row of the
    first `header_search_rows` names two columns) and the non-blank rows below it."""

    header: dict[str, int] | None = None
    header_number: int = 0
    rows: list[SheetRow] = field(default_factory=list)


def scan_first_sheet(
    workbook: Any,
    columns: Sequence[Heading],
    *,
    header_search_rows: int,
    max_rows: int = MAX_DATA_ROWS,
) -> HeaderScan:
    """Stream the first worksheet: find the header, then keep the rows that are not blank."""
    scan = HeaderScan()
    seen = 0
    for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
        progress.report(progress.READING, number)
        seen += len(values)  # read-only rows are padded to the sheet's width: count them all
        if seen > MAX_CELLS:
            raise too_many_cells(seen, MAX_CELLS)
        if number > MAX_SCANNED_ROWS:
            raise SheetError(f"工作表行数过多（超过 {max_rows} 行），请分成几个文件导入。")
        if scan.header is None:
            if number > header_search_rows:
                break
            candidate = header_map(values, columns)
            if len(candidate) >= 2:  # the first row naming at least two of our columns
                scan.header, scan.header_number = candidate, number
            continue
        cells = {key: values[at] if at < len(values) else None for key, at in scan.header.items()}
        # A row blank in every column read (a note under the table in a column not read)
        # is no data row.
        if all(is_blank(v) for v in cells.values()):
            continue
        if len(scan.rows) >= max_rows:
            raise SheetError(f"数据超过 {max_rows} 行，请分成几个文件导入。")
        scan.rows.append(SheetRow(number, cells))
    return scan


def read_rows(
    data: bytes,
    columns: Sequence[Heading],
    *,
    needed: Sequence[str] | None = None,
    one_of: Sequence[str] = (),
    header_search_rows: int = 6,
    min_header_columns: int = 2,
    merged: bool = False,
    not_spread: frozenset[str] = frozenset(),
    max_rows: int = MAX_DATA_ROWS,
    max_unzipped: int = MAX_UNZIPPED_BYTES,
    advice: str = TEMPLATE_ADVICE,
) -> list[SheetRow]:
    """The non-blank data rows of the first worksheet, keyed by column. The header is the
    first of the top `header_search_rows` rows naming `min_header_columns` of the columns; it
    must name every column in `needed` (default: the required ones) and one of `one_of`.

    `merged`: open the workbook in full mode (which sees merged cells; it holds the whole
    sheet in memory, so it takes a lower ceiling) and spread each vertical merge to every
    row it covers, except in the `not_spread` columns (a merged 序号 would number rows alike).
    Raises SheetError for an unusable file, before any row is judged."""
    if needed is None:
        needed = [c.key for c in columns if getattr(c, "required", True)]
    expected = "、".join(c.heading for c in columns if c.key in needed)
    with opened_workbook(
        data, read_only=not merged, advice=advice, max_unzipped=max_unzipped
    ) as workbook:
        if merged:
            scan = _scan_with_merges(
                workbook.worksheets[0],
                columns,
                header_search_rows=header_search_rows,
                min_header_columns=min_header_columns,
                not_spread=not_spread,
                max_rows=max_rows,
            )
        else:
            scan = scan_first_sheet(
                workbook, columns, header_search_rows=header_search_rows, max_rows=max_rows
            )
    if scan.header is None:
        raise SheetError(f"第一个工作表的前几行中找不到表头。表头应包括：{expected}。{advice}")
    missing = [c.heading for c in columns if c.key in needed and c.key not in scan.header]
    if one_of and not any(key in scan.header for key in one_of):
        missing.append("或".join(c.heading for c in columns if c.key in one_of))
    if missing:
        raise SheetError(
            f"表头（第{scan.header_number}行）缺少列：{'、'.join(missing)}。"
            f"表头应包括：{expected}。{advice}"
        )
    if not scan.rows:
        raise SheetError("文件中没有数据行（表头下面是空的）。")
    return scan.rows


def _scan_with_merges(
    sheet: Any,
    columns: Sequence[Heading],
    *,
    header_search_rows: int,
    min_header_columns: int,
    not_spread: frozenset[str],
    max_rows: int,
) -> HeaderScan:
    # The declared size first: a sheet claiming a million rows is refused unread.
    if sheet.max_row > max_rows + header_search_rows:
        raise SheetError(f"数据超过 {max_rows} 行，请分成几个文件导入。")
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    progress.report(progress.READING, len(grid))
    scan = HeaderScan()
    for number, values in enumerate(grid[:header_search_rows], start=1):
        candidate = header_map(values, columns)
        if len(candidate) >= min_header_columns:
            scan.header, scan.header_number = candidate, number
            break
    if scan.header is None:
        return scan
    skip = {scan.header[key] for key in not_spread if key in scan.header}
    for merge in sheet.merged_cells.ranges:
        if merge.max_row == merge.min_row or merge.min_row <= scan.header_number:
            continue
        value = grid[merge.min_row - 1][merge.min_col - 1]
        for row in range(merge.min_row, merge.max_row + 1):
            for column in range(merge.min_col, merge.max_col + 1):
                if column - 1 not in skip and column - 1 < len(grid[row - 1]):
                    grid[row - 1][column - 1] = value
    for number, values in enumerate(grid[scan.header_number :], start=scan.header_number + 1):
        cells = {k: values[p] if p < len(values) else None for k, p in scan.header.items()}
        if not all(is_blank(v) for v in cells.values()):
            scan.rows.append(SheetRow(number, cells))
    return scan
