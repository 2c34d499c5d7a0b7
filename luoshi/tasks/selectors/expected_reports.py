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

Each question is one SQL statement: the periods of the window are a short VALUES list (about
70 a year for the three cadences) joined to tasks × (lead unit ∪ co-units), with NOT EXISTS
on the reports' unique index (task, unit, period_end). The number of queries does not grow
with the number of tasks, units or periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db import connection
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.models import Region, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.tasks.models import Cadence, ProgressReport, ReportState, Task, TaskStatus
from luoshi.tasks.periods import ReportingPeriod, period_containing, periods_due_between

DAYS_AHEAD = 3  # a report due within this many days is near: listed and reminded
OFFICE_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER})


@dataclass(frozen=True)
class ExpectedScope:
    """Which expected reports: those due from `due_from` to `due_to` (inclusive), narrowed
    by the filters that are set. An empty collection means nothing at all."""

    due_from: dt.date
    due_to: dt.date
    region_prefixes: Sequence[str] | None = None  # region-code prefixes; None: every region
    region_id: int | None = None
    year: int | None = None  # the tasks' year
    unit_ids: Collection[int] | None = None
    task_ids: Collection[int] | None = None
    cadence: str | None = None
    period_end: dt.date | None = None
    ended_before: dt.date | None = None  # only periods that ended before this day


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


def due_cutoff(due: dt.date) -> dt.datetime:
    """The first moment after the due day, in the site's time zone: a report sent before it
    was sent on time, a task entered before it existed on the due day."""
    return timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time.min))


def _periods(scope: ExpectedScope) -> list[tuple[str, ReportingPeriod]]:
    cadences = [scope.cadence] if scope.cadence else list(Cadence.values)
    found = []
    for cadence in cadences:
        for period in periods_due_between(cadence, scope.due_from, scope.due_to):
            if scope.period_end is not None and period.end != scope.period_end:
                continue
            if scope.ended_before is not None and period.end >= scope.ended_before:
                continue
            found.append((cadence, period))
    return found


def _empty(scope: ExpectedScope) -> bool:
    return any(
        value is not None and not value
        for value in (scope.region_prefixes, scope.unit_ids, scope.task_ids)
    )


def _in(column: str, values: Iterable[Any], params: list[Any]) -> str:
    values = list(values)
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _statement(
    scope: ExpectedScope,
    select: str,
    select_params: Sequence[Any] = (),
    *,
    missing_only: bool = True,
    tail: str = "",
    tail_params: Sequence[Any] = (),
) -> tuple[str, list[Any]] | None:
    """The SQL over the expected reports of `scope` (None when there can be none): t is
    the task, u (task_id, unit_id) the reporting unit, p (cadence, period_start, period_end,
    due, cutoff) the period; with `missing_only`, only those never started."""
    periods = _periods(scope)
    if not periods or _empty(scope):
        return None
    ops = connection.ops
    quote = ops.quote_name
    params: list[Any] = []
    values = []
    for cadence, period in periods:
        values.append("(%s, %s, %s, %s, %s)")
        params += [
            cadence,
            ops.adapt_datefield_value(period.start),
            ops.adapt_datefield_value(period.end),
            ops.adapt_datefield_value(period.due),
            ops.adapt_datetimefield_value(due_cutoff(period.due)),
        ]
    params += select_params
    task = quote(Task._meta.db_table)
    co_units = quote(Task.co_units.through._meta.db_table)
    report = quote(ProgressReport._meta.db_table)
    # Tasks drive, periods follow (CROSS JOIN keeps SQLite from looping over the periods
    # first and visiting every task once per week of the year; PostgreSQL plans it as any
    # inner join).
    joins = []
    if scope.region_prefixes is not None:
        joins.append(f"JOIN {quote(Region._meta.db_table)} rg ON rg.id = t.region_id")
    where = ["t.exempt_reason = ''", "(t.completed_on IS NOT NULL OR t.status <> %s)"]
    params.append(TaskStatus.DONE.value)
    if missing_only:
        where.append(f"NOT EXISTS (SELECT 1 FROM {report} r WHERE {REPORT_OF_SLOT})")
    if scope.region_prefixes is not None:
        where.append(
            "(" + " OR ".join("rg.code LIKE %s" for _prefix in scope.region_prefixes) + ")"
        )
        params += [f"{prefix}%" for prefix in scope.region_prefixes]
    if scope.region_id is not None:
        where.append("t.region_id = %s")
        params.append(scope.region_id)
    if scope.year is not None:
        where.append("t.year = %s")
        params.append(scope.year)
    if scope.unit_ids is not None:
        where.append(_in("u.unit_id", sorted(scope.unit_ids), params))
    if scope.task_ids is not None:
        where.append(_in("t.id", sorted(scope.task_ids), params))
    params += tail_params
    joined = "\n".join(joins)
    sql = f"""
WITH periods (cadence, period_start, period_end, due, cutoff) AS (VALUES {", ".join(values)}),
reporters (task_id, unit_id) AS (
    SELECT id, lead_unit_id FROM {task}
    UNION ALL
    SELECT c.task_id, c.unit_id FROM {co_units} c JOIN {task} lt ON lt.id = c.task_id
    WHERE c.unit_id <> lt.lead_unit_id
)
SELECT {select}
FROM {task} t
JOIN reporters u ON u.task_id = t.id
{joined}
CROSS JOIN periods p
WHERE p.cadence = t.cadence
    AND p.due <= t.deadline
    AND (t.completed_on IS NULL OR p.due <= t.completed_on)
    AND (t.start_date <= p.due OR (t.start_date IS NULL AND t.created_at < p.cutoff))
    AND {" AND ".join(where)}
{tail}"""
    return sql, params


# A report is the unit's report for the period when its period ends within the period: the
# unique index (task, unit, period_end) finds it. A range rather than equality, so that a
# report whose period was written differently (an import, a cadence changed since) still
# counts; EXISTS, so that two such reports never count a period twice.
REPORT_OF_SLOT = (
    "r.task_id = t.id AND r.unit_id = u.unit_id"
    " AND r.period_end >= p.period_start AND r.period_end <= p.period_end"
)


def _fetch(statement: tuple[str, list[Any]] | None) -> list[tuple[Any, ...]]:
    if statement is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return list(cursor.fetchall())


def _date(value: Any) -> dt.date:
    """A date column as the backend returns it (SQLite: text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def missing_count(scope: ExpectedScope) -> int:
    rows = _fetch(_statement(scope, "COUNT(*)"))
    return int(rows[0][0]) if rows else 0


def missing_rows(
    scope: ExpectedScope, as_of: dt.date, *, offset: int = 0, limit: int | None = None
) -> list[MissingReport]:
    """Never-started reports of `scope`, the longest overdue first, then by unit and task.
    Three queries: the rows, their tasks, their units."""
    tail = f"ORDER BY p.due, u.unit_id, t.{connection.ops.quote_name('order')}, t.id"
    tail_params: list[Any] = []
    if limit is not None:
        tail += " LIMIT %s OFFSET %s"
        tail_params += [limit, offset]
    rows = _fetch(
        _statement(
            scope, "t.id, u.unit_id, p.cadence, p.period_end", tail=tail, tail_params=tail_params
        )
    )
    if not rows:
        return []
    tasks = Task.objects.select_related("region", "lead_unit", "parent").in_bulk(
        {row[0] for row in rows}
    )
    units = Unit.objects.select_related("region").in_bulk({row[1] for row in rows})
    return [
        MissingReport(
            task=tasks[task_id],
            unit=units[unit_id],
            period=period_containing(cadence, _date(period_end)),
            as_of=as_of,
        )
        for task_id, unit_id, cadence, period_end in rows
    ]


class MissingReports:
    """The never-started reports of a scope as a lazy, sliceable list: what a Paginator
    needs (a count, then one page), each a constant number of queries."""

    def __init__(self, scope: ExpectedScope, as_of: dt.date, count: int | None = None) -> None:
        """`count`, when the caller knows it already (from `missing_by_unit`), saves the
        statement that would count them."""
        self.scope = scope
        self.as_of = as_of
        self._count = count

    def count(self) -> int:
        if self._count is None:
            self._count = missing_count(self.scope)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[MissingReport]:
        return iter(missing_rows(self.scope, self.as_of))

    @overload
    def __getitem__(self, key: int) -> MissingReport: ...

    @overload
    def __getitem__(self, key: slice) -> list[MissingReport]: ...

    def __getitem__(self, key: int | slice) -> MissingReport | list[MissingReport]:
        if isinstance(key, int):
            if key < 0:
                key += self.count()
            found = missing_rows(self.scope, self.as_of, offset=key, limit=1)
            if key < 0 or not found:
                raise IndexError(key)
            return found[0]
        if key.step not in (None, 1):
            raise ValueError("MissingReports takes slices with no step")
        start = key.start or 0
        stop = self.count() if key.stop is None else key.stop
        if start < 0 or stop <= start:
            return []
        return missing_rows(self.scope, self.as_of, offset=start, limit=stop - start)


def missing_by_unit(scope: ExpectedScope, as_of: dt.date) -> list[UnitMissing]:
    """Per unit: never-started reports, how many are overdue, the oldest due date; the units
    with most first. Two queries."""
    rows = _fetch(
        _statement(
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
        UnitMissing(units[unit_id], int(missing), int(overdue or 0), _date(oldest))
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
    rows = _fetch(
        _statement(
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
