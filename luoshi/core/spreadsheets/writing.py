"""Writing cells of an exported workbook safely and alike in every export.

- Text stays text. openpyxl turns any string that begins with "=" into a formula, and Excel
  runs text beginning with =, +, - or @ when a cell is edited: what units typed (a title
  "=HYPERLINK(…)") must never become a live formula in an office's spreadsheet. Every string
  is written with the string type, whatever it begins with.
- Numbers stay numbers: a Decimal is written as a number with a number format, never as the
  text "63.78" that Excel cannot add up.
- Dates are dates, formatted as Chinese offices write them; a moment is written in the
  region's time zone (a cell cannot hold a zone: the local wall time, as the pages show it),
  never in UTC.
- Control characters are dropped: a workbook cannot hold them, and one stored before input was
  cleaned (a title pasted with a vertical tab) must not make the whole export fail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.core.text_input import strip_control

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_NAME = "宋体"
THIN = Side(style="thin", color="9AA5B1")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
WRAP = Alignment(vertical="top", wrap_text=True)
DATE_FORMAT = "yyyy-mm-dd"
# Characters a spreadsheet reads as the start of a formula (and CSV injection's tab / CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def number_format_for(value: Decimal, places: int | None = None) -> str:
    """0 · 0.0 · 0.00…: as many decimals as the figure carries (or `places`)."""
    if places is None:
        exponent = value.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    return "0" if places == 0 else "0." + "0" * min(places, 6)


def put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: Any,
    *,
    number_format: str | None = None,
    as_text: bool = False,
) -> Cell:
    """Write one cell: strings as strings (never formulas), Decimals as numbers with a format,
    dates as dates. `as_text`: a code or 序号 written as text (1.10 stays 1.10)."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        cell.value = None
    elif as_text or isinstance(value, str):
        cell.value = strip_control(str(value))
        cell.data_type = "s"
        cell.number_format = "@"
        return cell
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = number_format or number_format_for(value)
        return cell
    elif isinstance(value, dt.datetime):
        cell.value = local_naive(value)
        cell.number_format = number_format or "yyyy-mm-dd hh:mm"
        return cell
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = number_format or DATE_FORMAT
        return cell
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def local_naive(moment: dt.datetime) -> dt.datetime:
    """The wall time in settings.TIME_ZONE without its zone: 14:58 UTC is 22:58 in Shanghai,
    and 22:58 is what an office reads in its spreadsheet. A naive moment is taken as local."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


def local_text(moment: dt.datetime) -> str:
    """A moment as a CSV field: 2026-12-04 22:58:25, local time."""
    return local_naive(moment).isoformat(sep=" ", timespec="seconds")


# A figure written as text (-1.3, +5, 60%) is a number to a spreadsheet, never a formula.
_PLAIN_FIGURE = re.compile(r"[-+]?\d+(\.\d+)?%?")


def csv_safe(value: Any) -> Any:
    """A CSV field that a spreadsheet would run as a formula gets a leading apostrophe; a
    plain figure (-1.3) is left as it is; control characters are dropped; a moment is written
    in local time (2026-12-04 22:58:25), never as UTC with +00:00."""
    if isinstance(value, dt.datetime):
        return local_text(value)
    if isinstance(value, str):
        value = strip_control(value)
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_FIGURE.fullmatch(value)
    ):
        return "'" + value
    return value


def title_row(sheet: Worksheet, title: str, width: int, *, size: int = 16) -> None:
    """The title across the table, as printed tables carry it."""
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    cell = put(sheet, 1, 1, title)
    cell.font = Font(name=FONT_NAME, bold=True, size=size)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32


def header_row(
    sheet: Worksheet, row: int, headings: Sequence[str], widths: Sequence[int] = ()
) -> None:
    """Bold, boxed, shaded headings; column widths when given."""
    for position, heading in enumerate(headings, start=1):
        cell = put(sheet, row, position, heading)
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
