"""Import of a 分解表: every row judged, every error listed with its row and column, and
nothing saved unless the whole file is valid (one transaction through `task_create`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from luoshi.core.action_log import Actor
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.tasks.excel.cells import (
    CellError,
    Deadline,
    MilestoneText,
    cell_text,
    clean_number,
    number_level,
    parse_deadline,
    parse_milestones,
    split_units,
)
from luoshi.tasks.excel.columns import HEADINGS
from luoshi.tasks.excel.reading import SheetError, SheetRow, read_sheet
from luoshi.tasks.models import Task, TaskSource
from luoshi.tasks.services.decomposition import (
    MilestoneInput,
    TaskInput,
    next_order,
    task_create,
)
from luoshi.tasks.services.evaluation import tasks_evaluate

MAX_ERRORS_SHOWN = 300
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column heading, or "" for the row as a whole
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.reason}"


@dataclass
class TaskRow:
    row: int
    number: str
    level: int
    parent: TaskRow | None
    source_text: str = ""
    title: str = ""
    leader: str = ""
    lead_unit: Unit | None = None
    co_units: list[Unit] = field(default_factory=list)
    deadline: Deadline | None = None
    milestones: list[MilestoneText] = field(default_factory=list)
    failed: bool = False


@dataclass
class ImportOutcome:
    rows: list[TaskRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


class UnitLookup:
    """Units of the region and the regions below it, by full name or short name."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.by_name: dict[str, list[Unit]] = {}
        for unit in units:
            for name in {unit.name, unit.short_name} - {""}:
                self.by_name.setdefault(name, []).append(unit)

    @classmethod
    def for_region(cls, region: Region) -> UnitLookup:
        prefix = region_code_prefix(region.code) or region.code
        units = Unit.objects.filter(is_active=True, region__code__startswith=prefix)
        return cls(list(units.select_related("region")))

    def find(self, name: str, region: Region) -> Unit:
        found = self.by_name.get(name, [])
        if not found:
            raise CellError(f"“{name}”不是{region.name}及下属地区的单位（请用单位全称或简称）")
        if len(found) > 1:
            raise CellError(f"“{name}”对应多个单位，请写全称")
        return found[0]


class _RowJudge:
    def __init__(self, sheet_row: SheetRow, errors: list[RowError], task_row: TaskRow) -> None:
        self.cells = sheet_row.cells
        self.errors = errors
        self.task_row = task_row

    def fail(self, key: str, reason: str) -> None:
        self.errors.append(RowError(self.task_row.row, HEADINGS.get(key, ""), reason))
        self.task_row.failed = True

    def units(self, key: str, lookup: UnitLookup, region: Region) -> list[Unit]:
        units = []
        for name in split_units(self.cells.get(key)):
            try:
                units.append(lookup.find(name, region))
            except CellError as error:
                self.fail(key, str(error))
        return units


def _place(rows: list[TaskRow], number: str) -> tuple[int, TaskRow | None]:
    """Level and parent: the nearest row above with a smaller level (a shorter number)."""
    # An unnumbered row continues the list it stands in.
    level = number_level(number) if number else (rows[-1].level if rows else 3)
    for candidate in reversed(rows):
        if candidate.level < level:
            return level, candidate
    return level, None


def _judge_row(
    sheet_row: SheetRow,
    outcome: ImportOutcome,
    *,
    region: Region,
    year: int,
    lookup: UnitLookup,
    seen: dict[str, int],
    taken: set[str],
) -> TaskRow:
    number = clean_number(sheet_row.cells.get("number"))
    task_row = TaskRow(sheet_row.number, number, 3, None)
    judge = _RowJudge(sheet_row, outcome.errors, task_row)
    try:
        task_row.level, task_row.parent = _place(outcome.rows, number)
    except CellError as error:
        judge.fail("number", str(error))
        task_row.level, task_row.parent = (outcome.rows[-1].level if outcome.rows else 3), None
    if number:
        if len(number) > 20:
            judge.fail("number", "序号过长（最多 20 个字符）")
        elif number in seen:
            judge.fail("number", f"序号 {number} 与第{seen[number]}行重复")
        elif number in taken:
            judge.fail("number", f"{region.name}{year}年已有序号为 {number} 的任务，请勿重复导入")
        seen.setdefault(number, sheet_row.number)
    parent = task_row.parent
    task_row.source_text = cell_text(sheet_row.cells.get("source_text")) or (
        parent.source_text if parent else ""
    )
    task_row.title = cell_text(sheet_row.cells.get("title")) or task_row.source_text
    if not task_row.title:
        judge.fail("title", "未填写具体工作（也没有报告任务原文可用）")
    task_row.leader = cell_text(sheet_row.cells.get("leader")) or (parent.leader if parent else "")
    if len(task_row.leader) > 100:
        judge.fail("leader", "责任领导过长（最多 100 个字）")
    leads = judge.units("lead_unit", lookup, region)
    co_units = judge.units("co_units", lookup, region)
    if leads:
        task_row.lead_unit, task_row.co_units = leads[0], [*leads[1:], *co_units]
    elif not split_units(sheet_row.cells.get("lead_unit")):
        if parent is not None and parent.lead_unit is not None:
            task_row.lead_unit = parent.lead_unit
            task_row.co_units = co_units or list(parent.co_units)
        elif parent is None or not parent.failed:
            judge.fail("lead_unit", "未填写牵头单位")
    raw_deadline = sheet_row.cells.get("deadline")
    if cell_text(raw_deadline) == "" and parent is not None and parent.deadline is not None:
        task_row.deadline = parent.deadline
    else:
        try:
            task_row.deadline = parse_deadline(raw_deadline, year)
        except CellError as error:
            judge.fail("deadline", str(error))
        else:
            if task_row.deadline.date.year < year:
                judge.fail("deadline", f"完成时限早于{year}年，请检查年份")
    try:
        task_row.milestones = parse_milestones(sheet_row.cells.get("milestones"))
    except CellError as error:
        judge.fail("milestones", str(error))
    return task_row


def tasks_validate(
    sheet_rows: Sequence[SheetRow], *, region: Region, year: int, lookup: UnitLookup
) -> ImportOutcome:
    outcome = ImportOutcome()
    taken = set(
        Task.objects.filter(region=region, year=year)
        .exclude(number="")
        .values_list("number", flat=True)
    )
    seen: dict[str, int] = {}
    for sheet_row in sheet_rows:
        outcome.rows.append(
            _judge_row(
                sheet_row, outcome, region=region, year=year, lookup=lookup, seen=seen, taken=taken
            )
        )
    return outcome


def _milestone_inputs(row: TaskRow, year: int) -> list[MilestoneInput]:
    return [
        MilestoneInput(m.quarter, m.text, dt.date(year, *QUARTER_END[m.quarter]))
        for m in row.milestones
    ]


def tasks_import(*, actor: Actor, data: bytes, region: Region, year: int) -> ImportOutcome:
    """Validate every row; when all are valid, create every task in one transaction.
    Raises PermissionDenied when the actor may not decompose tasks of `region`."""
    ensure_allowed(actor, "tasks.add_task", Task(region=region))
    try:
        sheet_rows = read_sheet(data)
    except SheetError as error:
        return ImportOutcome(file_error=str(error))
    outcome = tasks_validate(
        sheet_rows, region=region, year=year, lookup=UnitLookup.for_region(region)
    )
    if not outcome.ok:
        return outcome
    saved: dict[int, Task] = {}
    row: TaskRow | None = None
    try:
        with transaction.atomic():
            order = next_order(region, year)
            for row in outcome.rows:
                assert row.lead_unit is not None and row.deadline is not None
                parent = saved[row.parent.row] if row.parent is not None else None
                if parent is None:
                    order += 1
                saved[row.row] = task_create(
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
                        order=order - 1,
                        milestones=_milestone_inputs(row, year),
                    ),
                )
            # Lights at once, not at the next daily run: a task imported in December at 0%
            # is already behind its schedule.
            tasks_evaluate(
                actor=None, as_of=timezone.localdate(), task_ids=[t.pk for t in saved.values()]
            )
    except (ValidationError, PermissionDenied) as error:
        reason = "；".join(getattr(error, "messages", [str(error)]))
        outcome.errors.append(RowError(row.row if row else 0, "", f"{reason}（整个文件未保存）"))
        return outcome
    outcome.created = len(saved)
    return outcome
