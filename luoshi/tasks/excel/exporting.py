"""The 分解表 written back in the published layout: a title row, the header, one row per task
or sub-item (a sub-item right under its parent), 报告任务原文 merged over consecutive rows
that share it, wrapped text, a frozen header — the file imports again, and an edited copy
imports as an update of the same tasks (matched by 序号)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from luoshi.core.spreadsheets.cells import CellError
from luoshi.core.spreadsheets.writing import (
    BOX,
    FONT_NAME,
    WRAP,
    header_row,
    put,
    title_row,
    workbook_bytes,
)
from luoshi.tasks.excel.cells import milestones_text, parse_deadline
from luoshi.tasks.excel.columns import COLUMNS
from luoshi.tasks.models import Task

SOURCE_COLUMN = 2


def deadline_words(date: dt.date, text: str, year: int) -> str:
    """The words as written (6月底前, 长期坚持) while they still mean the date — an approved
    extension changes the date, and then the date is written instead."""
    if text:
        try:
            if parse_deadline(text, year).date == date:
                return text
        except CellError:
            pass
    return f"{date.year}年{date.month}月{date.day}日"


def deadline_cell(task: Task) -> str:
    return deadline_words(task.deadline, task.deadline_text, task.year)


def task_cells(task: Task) -> dict[str, str]:
    """The task as its row of the 分解表, column key → text (co_units and milestones
    prefetched). The import compares an edited row with this to say what changes."""
    return {
        "number": task.number,
        "source_text": task.source_text,
        "title": task.title,
        "leader": task.leader,
        "lead_unit": task.lead_unit.name,
        "co_units": "、".join(u.name for u in task.co_units.all()),
        "deadline": deadline_cell(task),
        "milestones": milestones_text([(m.quarter, m.text) for m in task.milestones.all()]),
    }


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


def tasks_workbook(*, title: str, tasks: Sequence[Task]) -> bytes:
    """`tasks` with lead_unit selected and co_units and milestones prefetched."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "任务分解表"
    title_row(sheet, title, len(COLUMNS))
    header_row(sheet, 2, [c.heading for c in COLUMNS], [c.width for c in COLUMNS])
    ordered = in_tree_order(tasks)
    for line, task in enumerate(ordered, start=3):
        cells = task_cells(task)
        for position, column in enumerate(COLUMNS, start=1):
            # Every cell is text: 序号 1.10 stays 1.10, and a title typed as "=…" stays words.
            cell = put(sheet, line, position, cells[column.key], as_text=True)
            cell.font = Font(name=FONT_NAME, bold=task.parent_id is None and position == 1)
            cell.border = BOX
            cell.alignment = WRAP
    _merge_shared_sources(sheet, [t.source_text for t in ordered], first_line=3)
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return workbook_bytes(workbook)


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
