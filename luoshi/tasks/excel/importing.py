"""Judging the rows of a 分解表: each row read into a `TaskRow` (its place in the tree, text,
units, deadline, milestones), every problem listed with its row and column. Nothing is
written here; `luoshi.tasks.excel.applying` plans and applies what the rows say."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from luoshi.core.models import Region, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.spreadsheets.cells import CellError, cell_text
from luoshi.core.spreadsheets.outcome import ImportOutcome, RowError
from luoshi.core.spreadsheets.reading import SheetRow
from luoshi.tasks.excel.cells import (
    Deadline,
    MilestoneText,
    clean_number,
    number_level,
    parse_deadline,
    parse_milestones,
    split_units,
)
from luoshi.tasks.excel.columns import HEADINGS


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
    outcome: ImportOutcome[TaskRow],
    *,
    region: Region,
    year: int,
    lookup: UnitLookup,
    seen: dict[str, int],
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
    """Every row judged against the units of `region`, in file order."""
    outcome: ImportOutcome[TaskRow] = ImportOutcome()
    seen: dict[str, int] = {}
    for sheet_row in sheet_rows:
        outcome.rows.append(
            _judge_row(sheet_row, outcome, region=region, year=year, lookup=lookup, seen=seen)
        )
    return outcome
