"""The portal's downloadable tables, shared by the page's download links and the open-data
API: every public line (not one page), as CSV or Excel."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from luoshi.core.models import Region
from luoshi.portal import selectors
from luoshi.portal.disclosure import (
    TARGET_HEADERS,
    TASK_HEADERS,
    TaskLine,
    disclosure_title,
    target_line,
    target_sheet_cells,
    targets_title,
    task_lines,
)
from luoshi.portal.exports import csv_response, xlsx_response

# A county publishes tens to hundreds of tasks; a cap keeps a mistaken province-wide
# request from building an unbounded file.
DOWNLOAD_LIMIT = 20000
TASK_WIDTHS = (8, 48, 22, 14, 60, 10, 10)
TARGET_WIDTHS = (24, 18, 14, 10, 10, 10, 10)
FORMATS = ("csv", "xlsx")
COMPLETION_COLUMN = 5  # 完成进度, in both tables: percent points, shown with the sign


def all_task_lines(region: Region, year: int) -> list[TaskLine]:
    tasks = list(selectors.public_tasks(region, year)[:DOWNLOAD_LIMIT])
    return task_lines(tasks, selectors.status_words(region))


def table_file(region: Region, year: int, table: str, file_format: str) -> HttpResponse:
    """`table` is "tasks" or "targets"; `file_format` "csv" or "xlsx" (the same words; in
    Excel the figures are numbers)."""
    if file_format not in FORMATS:
        raise Http404(_("只提供 CSV 和 Excel（xlsx）格式下载。"))
    if table == "tasks":
        title = disclosure_title(region, year)
        headers, widths = TASK_HEADERS, TASK_WIDTHS
        lines = all_task_lines(region, year)
        rows = [line.cells() for line in lines]
        sheet_rows = [line.sheet_cells() for line in lines]
    elif table == "targets":
        title = targets_title(region, year)
        headers, widths = TARGET_HEADERS, TARGET_WIDTHS
        table_rows = selectors.public_targets(region, year).rows
        rows = [target_line(row).cells() for row in table_rows]
        sheet_rows = [target_sheet_cells(row) for row in table_rows]
    else:
        raise Http404(_("没有这个数据表。"))
    filename = f"{title}.{file_format}"
    if file_format == "csv":
        return csv_response(headers, rows, filename)
    return xlsx_response(
        title, headers, sheet_rows, widths, filename, percent_columns={COMPLETION_COLUMN}
    )
