"""The SQL over expected progress reports (`luoshi.tasks.selectors.expected_reports`, which
says what is expected and asks the questions): an `ExpectedScope` says which, and
`expected_statement` builds the one statement that finds them.

Each question is one SQL statement: the periods of the window are a short VALUES list (about
70 a year for the three cadences) joined to tasks × (lead unit ∪ co-units), with NOT EXISTS
on the reports' unique index (task, unit, period_end), after each task's watermark (the day
through which all its reports are known to be in). The number of queries does not grow
with the number of tasks, units or periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from luoshi.core.region_scope import region_ids_under
from luoshi.tasks.models import Cadence, ProgressReport, Task, TaskStatus
from luoshi.tasks.periods import ReportingPeriod, periods_due_between


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
    without_co_units: bool = False  # only tasks that one unit reports on alone


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


def expected_statement(
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
    where = ["t.exempt_reason = ''", "(t.completed_on IS NOT NULL OR t.status <> %s)"]
    params.append(TaskStatus.DONE.value)
    if missing_only:
        # Periods up to the task's watermark are all reported: not looked at again (the
        # daily evaluation sets it, an edit of the task clears it; luoshi.tasks.services.
        # report_watermark). Only tasks without co-units have one, so this is a condition on
        # the task and period alone, tested before the reporting units are joined.
        where.append(
            "(t.reports_complete_through IS NULL OR p.period_end > t.reports_complete_through)"
        )
        where.append(f"NOT EXISTS (SELECT 1 FROM {report} r WHERE {REPORT_OF_SLOT})")
    if scope.without_co_units:
        where.append(f"NOT EXISTS (SELECT 1 FROM {co_units} c0 WHERE c0.task_id = t.id)")
    if scope.region_prefixes is not None:
        # The regions' ids, not a LIKE on their joined codes (luoshi.core.region_scope).
        regions = region_ids_under(scope.region_prefixes)
        if not regions:
            return None
        where.append(_in("t.region_id", regions, params))
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


def fetch_rows(statement: tuple[str, list[Any]] | None) -> list[tuple[Any, ...]]:
    """The rows `statement` returns; none when there is no statement (nothing expected)."""
    if statement is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return list(cursor.fetchall())


def row_date(value: Any) -> dt.date:
    """A date column as the backend returns it (SQLite: text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
