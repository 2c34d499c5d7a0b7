"""A 分解表 imported as an update of the region's tasks of the year: plan, then apply.

Offices revise deadlines, units and wording in the exported Excel and upload it again. Each row
is matched with the task of the same region, year and 序号:

- a row whose 序号 the year has no task for is **added** (under the task its 序号 places it);
- a matched row that differs is **changed**, cell by cell, through the same services as a
  change made on the task page (`task_update`, `milestones_set`), each logged;
- a matched row that says what the task says is **unchanged**;
- a row with an error is **refused**, with its row and column; then nothing is applied.

Tasks the file leaves out are kept as they are (an export of one unit's tasks must not delete
the others'); the preview says how many. A matched row may not move its task to another parent
(that is done on the task page, where sub-items and reports follow it). Rows without a 序号
cannot be matched and are added. The apply recomputes the plan and goes ahead only if it is
the one previewed (its digest), all in one transaction.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region
from luoshi.core.spreadsheets.applying import apply_plan
from luoshi.core.spreadsheets.outcome import (
    ChangePlan,
    PlannedRow,
    RowAction,
    RowError,
    SheetPlan,
    cell_changes,
)
from luoshi.core.spreadsheets.reading import SheetError
from luoshi.tasks.excel.cells import milestones_text
from luoshi.tasks.excel.columns import HEADINGS
from luoshi.tasks.excel.exporting import deadline_words, task_cells
from luoshi.tasks.excel.importing import TaskRow, UnitLookup, tasks_validate
from luoshi.tasks.excel.reading import read_sheet
from luoshi.tasks.models import Task, TaskSource
from luoshi.tasks.services.decomposition import (
    MilestoneInput,
    TaskInput,
    milestones_set,
    next_order,
    quarter_end,
    task_create,
    task_update,
)
from luoshi.tasks.services.evaluation import tasks_evaluate

TaskPlan = SheetPlan[TaskRow]


def row_cells(row: TaskRow, year: int) -> dict[str, str]:
    """What the row says, in the words the export would write for it after the apply."""
    assert row.lead_unit is not None and row.deadline is not None
    return {
        "number": row.number,
        "source_text": row.source_text,
        "title": row.title,
        "leader": row.leader,
        "lead_unit": row.lead_unit.name,
        "co_units": "、".join(u.name for u in row.co_units),
        "deadline": deadline_words(row.deadline.date, row.deadline.text, year),
        "milestones": milestones_text([(m.quarter, m.text) for m in row.milestones]),
    }


def _same_units(task: Task, row: TaskRow) -> bool:
    return task.lead_unit_id == getattr(row.lead_unit, "pk", None) and {
        u.pk for u in task.co_units.all()
    } == {u.pk for u in row.co_units}


def tasks_plan(*, actor: Actor, data: bytes, region: Region, year: int) -> TaskPlan:
    """What the file would do, written nowhere. Raises PermissionDenied when the actor may not
    decompose tasks of `region`."""
    ensure_allowed(actor, "tasks.add_task", Task(region=region))
    try:
        sheet_rows = read_sheet(data)
    except SheetError as error:
        return SheetPlan(ChangePlan(file_error=str(error)))
    judged = tasks_validate(
        sheet_rows, region=region, year=year, lookup=UnitLookup.for_region(region)
    )
    existing: dict[str, list[Task]] = {}
    year_tasks = (
        Task.objects.filter(region=region, year=year)
        .select_related("lead_unit", "parent")
        .prefetch_related("co_units", "milestones")
    )
    for task in year_tasks:
        existing.setdefault(task.number, []).append(task)
    result = SheetPlan(ChangePlan(), rows=judged.rows)
    errors_by_row: dict[int, list[RowError]] = {}
    for row_error in judged.errors:
        errors_by_row.setdefault(row_error.row, []).append(row_error)
    for row in judged.rows:
        errors = errors_by_row.get(row.row, [])
        match = _match(row, existing, errors, region, year)
        key = row.number or row.title[:20]
        if errors or row.failed:
            result.plan.rows.append(PlannedRow(row.row, key, RowAction.REFUSED, errors=errors))
            continue
        after = row_cells(row, year)
        if match is None:
            changes = cell_changes({}, {k: v for k, v in after.items() if v}, HEADINGS)
            result.plan.rows.append(PlannedRow(row.row, key, RowAction.ADDED, changes))
            continue
        result.matches[row.row] = match
        before = task_cells(match)
        if {u.pk for u in match.co_units.all()} == {u.pk for u in row.co_units}:
            after["co_units"] = before["co_units"]  # the same units listed in another order
        changes = cell_changes(before, after, HEADINGS)
        if not changes and not _same_units(match, row):
            changes = cell_changes({"lead_unit": ""}, {"lead_unit": after["lead_unit"]}, HEADINGS)
        action = RowAction.CHANGED if changes else RowAction.UNCHANGED
        result.plan.rows.append(PlannedRow(row.row, key, action, changes))
    matched = {t.pk for t in result.matches.values()}
    result.plan.untouched = sum(1 for t in year_tasks if t.pk not in matched)
    return result


def _match(
    row: TaskRow,
    existing: dict[str, list[Task]],
    errors: list[RowError],
    region: Region,
    year: int,
) -> Task | None:
    if not row.number:
        return None
    found = existing.get(row.number, [])
    if len(found) > 1:
        errors.append(
            RowError(
                row.row,
                HEADINGS["number"],
                _(
                    "%(region)s%(year)d年有 %(n)d 项序号为 %(number)s 的任务，无法对应，"
                    "请先在系统中改正序号"
                )
                % {"region": region.name, "year": year, "n": len(found), "number": row.number},
            )
        )
        return None
    if not found:
        return None
    task = found[0]
    wanted = row.parent.number if row.parent is not None else ""
    actual = task.parent.number if task.parent is not None else ""
    if wanted != actual:
        errors.append(
            RowError(
                row.row,
                HEADINGS["number"],
                _(
                    "序号 %(number)s 的任务在系统中属于“%(actual)s”，表中属于“%(wanted)s”；"
                    "调整上下级请在任务页面操作"
                )
                % {
                    "number": row.number,
                    "actual": actual or _("无上级"),
                    "wanted": wanted or _("无上级"),
                },
            )
        )
        return None
    return task


def _milestones(row: TaskRow, year: int) -> list[MilestoneInput]:
    return [MilestoneInput(m.quarter, m.text, quarter_end(year, m.quarter)) for m in row.milestones]


def tasks_apply(
    *, actor: Actor, data: bytes, region: Region, year: int, digest: str | None = None
) -> TaskPlan:
    """Plan again and, when every row is valid (and the plan is the one previewed, if a
    `digest` is given), add and change the tasks in one transaction. A refusal by a service
    midway leaves nothing written and is reported against its row."""
    result = tasks_plan(actor=actor, data=data, region=region, year=year)
    # Each row's task: the matched one, or the one created for it (a sub-item's parent).
    saved: dict[int, Task] = dict(result.matches)
    order = next_order(region, year) if result.ok else 0

    def add(row: TaskRow) -> None:
        nonlocal order
        saved[row.row] = _create(actor, row, region, year, saved, order)
        if row.parent is None:
            order += 1

    def change(row: TaskRow, task: Task) -> None:
        _update(actor, task, row, year)

    def lights() -> None:
        # At once, not at the next daily run: a task imported in December at 0% is already
        # behind its schedule; a later deadline may lift a red.
        touched = [
            saved[p.row].pk
            for p in result.plan.rows
            if p.action in (RowAction.ADDED, RowAction.CHANGED)
        ]
        tasks_evaluate(actor=None, as_of=timezone.localdate(), task_ids=touched)

    return apply_plan(
        result,
        digest=digest,
        changed_message=_("预览之后，文件或系统中的任务已有变化：请核对新的预览后再确认。"),
        add=add,
        change=change,
        after=lights,
    )


def _create(
    actor: Actor,
    row: TaskRow,
    region: Region,
    year: int,
    saved: dict[int, Task],
    order: int,
) -> Task:
    assert row.lead_unit is not None and row.deadline is not None
    parent = saved[row.parent.row] if row.parent is not None else None
    return task_create(
        actor=actor,
        data=TaskInput(
            region=region,
            year=year,
            title=row.title,
            lead_unit=row.lead_unit,
            co_units=row.co_units,
            deadline=row.deadline.date,
            deadline_text=row.deadline.text,
            leader=row.leader,
            number=row.number,
            source=TaskSource.REPORT if row.source_text else TaskSource.MANUAL,
            source_text=row.source_text,
            parent=parent,
            order=order,
            milestones=_milestones(row, year),
        ),
    )


def _update(actor: Actor, task: Task, row: TaskRow, year: int) -> None:
    assert row.lead_unit is not None and row.deadline is not None
    task_update(
        actor=actor,
        task=task,
        changes={
            "source_text": row.source_text,
            "title": row.title,
            "leader": row.leader,
            "lead_unit": row.lead_unit,
            "co_units": row.co_units,
            "deadline": row.deadline.date,
            "deadline_text": row.deadline.text,
        },
    )
    wanted = {m.quarter: m.text for m in row.milestones}
    milestones_set(actor=actor, task=task, texts={q: wanted.get(q, "") for q in (1, 2, 3, 4)})
