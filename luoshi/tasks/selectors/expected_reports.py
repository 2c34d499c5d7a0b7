"""Expected progress reports, and the ones never started (未报送).

A report nobody started is the one that matters most, and no row says it is missing. This
module is the one definition of what is expected: the office's 未报送 list, the liaison's
待填报, the reminders (`luoshi remind`) and the on-time rate of the 红黑榜 all read it.

An **expected report** is a task × unit × reporting period where

- the task counts: no exemption (免责事由), and not marked done without a completion day;
- the unit reports on it: the lead unit, and each co-unit. A co-unit's part is its own
  progress report, which the lead unit consolidates (汇总, "已报 n/m"); a part never sent is
  missing just as a lead unit's own report is;
- the period is one of the task's cadence (`luoshi.tasks.periods`) and its due date lies
  within the task's life: on or after its start (开始日期; without one, the day the task was
  entered — nobody can report on a task before it exists), on or before its deadline, and
  on or before its completion day once done;
- its due date lies in the caller's window: the page, a year up to `DAYS_AHEAD` days ahead;
  the reminders, the last weeks and the next days; the ranking, up to its day.

**Never started** = expected, and no ProgressReport row for (task, unit, period end). A
draft is started: the reminders about unsubmitted reports take it from there.

Each question is one SQL statement, built by `luoshi.tasks.selectors.expected_report_sql`
over an `ExpectedScope` (defined there, imported from here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, overload

from django.db import connection

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.models import Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.tasks.models import ProgressReport, ReportState, Task
from luoshi.tasks.periods import ReportingPeriod, period_containing
from luoshi.tasks.selectors.expected_report_sql import (
    REPORT_OF_SLOT,
    expected_statement,
    fetch_rows,
    row_date,
)
from luoshi.tasks.selectors.expected_report_sql import ExpectedScope as ExpectedScope

DAYS_AHEAD = 3  # a report due within this many days is near: listed and reminded
OFFICE_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER})


@dataclass(frozen=True)
class MissingReport:
    """An expected report that nobody started, as seen on `as_of`."""

    task: Task
    unit: Unit
    period: ReportingPeriod
    as_of: dt.date

    @property
    def is_lead(self) -> bool:
        return self.unit.pk == self.task.lead_unit_id

    @property
    def days_overdue(self) -> int:
        """Days since the due date; 0 on the day, negative while it is still ahead."""
        return (self.as_of - self.period.due).days

    @property
    def days_left(self) -> int:
        return -self.days_overdue

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class UnitMissing:
    """How many of a unit's expected reports were never started, and how old the oldest is."""

    unit: Unit
    missing: int
    overdue: int
    oldest_due: dt.date


@dataclass(frozen=True)
class ExpectedCount:
    """A unit's expected reports, those on time, and those never started."""

    expected: int
    on_time: int
    missing: int


def oversight_prefixes(user: Any) -> list[str] | None:
    """Region-code prefixes of the regions the user's office or leader roles cover (and the
    regions below); None for administrators (everything); empty: none."""
    if is_admin(user):
        return None
    return sorted(
        {
            region_code_prefix(code) or code
            for role, _unit, code in role_grants(user)
            if role in OFFICE_ROLES
        }
    )


def missing_count(scope: ExpectedScope) -> int:
    rows = fetch_rows(expected_statement(scope, "COUNT(*)"))
    return int(rows[0][0]) if rows else 0


@dataclass(frozen=True)
class MissingSlot:
    """A never-started report as its statement returns it: ids and dates, nothing loaded."""

    task_id: int
    unit_id: int
    cadence: str
    period_end: dt.date
    due: dt.date


def _slots(scope: ExpectedScope, *, offset: int = 0, limit: int | None = None) -> list[MissingSlot]:
    """Never-started reports of `scope`, the longest overdue first, then by unit and task.
    One query."""
    tail = f"ORDER BY p.due, u.unit_id, t.{connection.ops.quote_name('order')}, t.id"
    tail_params: list[Any] = []
    if limit is not None:
        tail += " LIMIT %s OFFSET %s"
        tail_params += [limit, offset]
    rows = fetch_rows(
        expected_statement(
            scope,
            "t.id, u.unit_id, p.cadence, p.period_end, p.due",
            tail=tail,
            tail_params=tail_params,
        )
    )
    return [
        MissingSlot(task_id, unit_id, cadence, row_date(period_end), row_date(due))
        for task_id, unit_id, cadence, period_end, due in rows
    ]


def _loaded(slots: list[MissingSlot], as_of: dt.date) -> list[MissingReport]:
    """The slots with their tasks and units: two queries, whatever their number."""
    if not slots:
        return []
    tasks = Task.objects.select_related("region", "lead_unit", "parent").in_bulk(
        {slot.task_id for slot in slots}
    )
    units = Unit.objects.select_related("region").in_bulk({slot.unit_id for slot in slots})
    return [
        MissingReport(
            task=tasks[slot.task_id],
            unit=units[slot.unit_id],
            period=period_containing(slot.cadence, slot.period_end),
            as_of=as_of,
        )
        for slot in slots
    ]


def missing_rows(
    scope: ExpectedScope, as_of: dt.date, *, offset: int = 0, limit: int | None = None
) -> list[MissingReport]:
    """Never-started reports of `scope`, the longest overdue first, then by unit and task.
    Three queries: the rows, their tasks, their units."""
    return _loaded(_slots(scope, offset=offset, limit=limit), as_of)


class MissingReports:
    """Every never-started report of a scope, read in one statement (the expected reports of
    the scope are what costs: at province scale 140,000 of them for 2,000 missing), grouped
    by unit from the same rows, and paged as a list: a Paginator's slice loads the tasks and
    units of its page only."""

    def __init__(self, slots: list[MissingSlot], as_of: dt.date) -> None:
        self.slots = slots
        self.as_of = as_of

    @classmethod
    def of(cls, scope: ExpectedScope, as_of: dt.date) -> MissingReports:
        return cls(_slots(scope), as_of)

    def only_unit(self, unit_id: int) -> MissingReports:
        return MissingReports([slot for slot in self.slots if slot.unit_id == unit_id], self.as_of)

    def by_unit(self) -> list[UnitMissing]:
        """Per unit: how many, how many overdue, the oldest due date; most first. One query
        (the units)."""
        tally: dict[int, list[Any]] = {}
        for slot in self.slots:
            row = tally.setdefault(slot.unit_id, [0, 0, slot.due])
            row[0] += 1
            row[1] += slot.due < self.as_of
            row[2] = min(row[2], slot.due)
        units = Unit.objects.select_related("region").in_bulk(list(tally))
        ranked = sorted(tally.items(), key=lambda item: (-item[1][0], item[0]))
        return [UnitMissing(units[unit_id], *row) for unit_id, row in ranked]

    def count(self) -> int:
        return len(self.slots)

    def __len__(self) -> int:
        return len(self.slots)

    def __iter__(self) -> Iterator[MissingReport]:
        return iter(_loaded(self.slots, self.as_of))

    @overload
    def __getitem__(self, key: int) -> MissingReport: ...

    @overload
    def __getitem__(self, key: slice) -> list[MissingReport]: ...

    def __getitem__(self, key: int | slice) -> MissingReport | list[MissingReport]:
        if isinstance(key, int):
            return _loaded([self.slots[key]], self.as_of)[0]
        return _loaded(self.slots[key], self.as_of)


def missing_by_unit(scope: ExpectedScope, as_of: dt.date) -> list[UnitMissing]:
    """Per unit: never-started reports, how many are overdue, the oldest due date; the units
    with most first. Two queries."""
    rows = fetch_rows(
        expected_statement(
            scope,
            "u.unit_id, COUNT(*), SUM(CASE WHEN p.due < %s THEN 1 ELSE 0 END), MIN(p.due)",
            [connection.ops.adapt_datefield_value(as_of)],
            tail="GROUP BY u.unit_id ORDER BY COUNT(*) DESC, u.unit_id",
        )
    )
    if not rows:
        return []
    units = Unit.objects.select_related("region").in_bulk({row[0] for row in rows})
    return [
        UnitMissing(units[unit_id], int(missing), int(overdue or 0), row_date(oldest))
        for unit_id, missing, overdue, oldest in rows
    ]


def expected_counts(scope: ExpectedScope) -> dict[int, ExpectedCount]:
    """Per unit: expected reports of `scope`, those submitted by the end of their due day
    (returned ones included: they were sent), and those never started. One query."""
    report = connection.ops.quote_name(ProgressReport._meta.db_table)
    on_time = (
        f"EXISTS (SELECT 1 FROM {report} r WHERE {REPORT_OF_SLOT} AND r.state <> %s"
        " AND r.submitted_at IS NOT NULL AND r.submitted_at < p.cutoff)"
    )
    started = f"EXISTS (SELECT 1 FROM {report} r WHERE {REPORT_OF_SLOT})"
    rows = fetch_rows(
        expected_statement(
            scope,
            f"u.unit_id, COUNT(*), SUM(CASE WHEN {on_time} THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {started} THEN 0 ELSE 1 END)",
            [ReportState.DRAFT.value],
            missing_only=False,
            tail="GROUP BY u.unit_id",
        )
    )
    return {
        unit_id: ExpectedCount(int(expected), int(on_time or 0), int(missing or 0))
        for unit_id, expected, on_time, missing in rows
    }


def missing_period(
    task: Task, unit_id: int, period_end: dt.date, as_of: dt.date
) -> ReportingPeriod | None:
    """The period ending `period_end` if the unit's report on the task for it is expected by
    `as_of` (due by then, or within `DAYS_AHEAD` days) and was never started; else None."""
    period = period_containing(task.cadence, period_end)
    if period.end != period_end or period.due > as_of + dt.timedelta(days=DAYS_AHEAD):
        return None
    scope = ExpectedScope(
        due_from=period.due,
        due_to=period.due,
        task_ids=[task.pk],
        unit_ids=[unit_id],
        cadence=task.cadence,
        period_end=period.end,
    )
    return period if missing_count(scope) else None
