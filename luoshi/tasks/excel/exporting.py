"""The 分解表 written back in the published layout: a title row, the header, one row per task
or sub-item (a sub-item right under its parent), 报告任务原文 merged over consecutive rows
that share it, wrapped text, a frozen header — the file imports again unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from luoshi.tasks.excel.cells import CellError, milestones_text, parse_deadline
from luoshi.tasks.excel.columns import COLUMNS
from luoshi.tasks.models import Task

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_NAME = "宋体"
THIN = Side(style="thin", color="9AA5B1")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
WRAP = Alignment(vertical="top", wrap_text=True)
SOURCE_COLUMN = 2


def deadline_cell(task: Task) -> str:
    """The words as written (6月底前, 长期坚持) while they still mean the stored date — an
    approved extension changes the date, and then the date is written instead."""
    if task.deadline_text:
        try:
            if parse_deadline(task.deadline_text, task.year).date == task.deadline:
                return task.deadline_text
        except CellError:
            pass
    return f"{task.deadline.year}年{task.deadline.month}月{task.deadline.day}日"


def in_tree_order(tasks: Sequence[Task]) -> list[Task]:
    """Each task followed by its sub-items (depth first), keeping the given order among
    siblings; a sub-item whose parent is not in the list stands on its own."""
    present = {t.pk for t in tasks}
    children: dict[int, list[Task]] = {}
    roots = []
    for task in tasks:
        if task.parent_id in present:
            children.setdefault(task.parent_id, []).append(task)
        else:
            roots.append(task)
    ordered: list[Task] = []
    stack = list(reversed(roots))
    while stack:
        task = stack.pop()
        ordered.append(task)
        stack.extend(reversed(children.get(task.pk, [])))
    return ordered


def _row_values(task: Task) -> list[str]:
    co_units = [u.name for u in task.co_units.all()]
    milestones = [(m.quarter, m.text) for m in task.milestones.all()]
    return [
        task.number,
        task.source_text,
        task.title,
        task.leader,
        task.lead_unit.name,
        "、".join(co_units),
        deadline_cell(task),
        milestones_text(milestones),
    ]


def tasks_workbook(*, title: str, tasks: Sequence[Task]) -> bytes:
    """`tasks` with lead_unit selected and co_units and milestones prefetched."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "任务分解表"
    count = len(COLUMNS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
    heading = sheet.cell(row=1, column=1, value=title)
    heading.font = Font(name=FONT_NAME, bold=True, size=16)
    heading.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=2, column=position, value=column.heading)
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    ordered = in_tree_order(tasks)
    for line, task in enumerate(ordered, start=3):
        for position, value in enumerate(_row_values(task), start=1):
            cell = sheet.cell(row=line, column=position, value=value or None)
            cell.font = Font(name=FONT_NAME, bold=task.parent_id is None and position == 1)
            cell.border = BOX
            cell.alignment = WRAP
            cell.number_format = "@"  # 1.10 stays 1.10, not the number 1.1
    _merge_shared_sources(sheet, [t.source_text for t in ordered], first_line=3)
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _merge_shared_sources(sheet: object, texts: list[str], *, first_line: int) -> None:
    """One 报告任务原文 cell over the consecutive rows that carry the same text, as printed."""
    start = 0
    for index in range(1, len(texts) + 1):
        if index < len(texts) and texts[index] and texts[index] == texts[start]:
            continue
        if index - start > 1 and texts[start]:
            sheet.merge_cells(  # type: ignore[attr-defined]
                start_row=first_line + start,
                start_column=SOURCE_COLUMN,
                end_row=first_line + index - 1,
                end_column=SOURCE_COLUMN,
            )
        start = index
