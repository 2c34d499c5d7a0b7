"""Each task's watermark (`Task.reports_complete_through`): the day up to which its lead unit
has sent every report it owed. 未报送 (`expected_report_sql`) looks only at the periods after
it, so what it reads grows with the reports still outstanding, not with every period of every
task in scope (a province's year: 206,000 expected reports read for none missing).

Set by the daily evaluation for the tasks it evaluates that have no co-units (so that it is a
condition on the task alone); cleared by `Task.save` on any edit that can change which reports
are owed (co-units are set by `task_update` after such a save), and when a report is deleted.
A report sent leaves it as it is: a watermark too low only costs a little reading; one too high
would hide a missing report, which nothing here can cause.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db import connection
from django.db.models import Min
from django.utils import timezone

from luoshi.tasks.models import ProgressReport, Task
from luoshi.tasks.selectors.expected_report_sql import (
    REPORT_OF_SLOT,
    ExpectedScope,
    expected_statement,
    row_date,
)
from luoshi.tasks.selectors.expected_reports import DAYS_AHEAD

FETCH = 10_000
UPDATE_CHUNK = 5_000


def reports_complete_mark(
    *, as_of: dt.date, region_prefixes: Sequence[str] | None = None, year: int | None = None
) -> int:
    """Set the watermark of the tasks under these region-code prefixes (None: all) and of
    this year (None: all), as of `as_of`; returns how many changed. One statement reads the
    expected reports of tasks without co-units up to the 未报送 horizon; the changes are
    written grouped by day, never over a task edited meanwhile."""
    started = timezone.now()
    tasks = Task.objects.all()
    if year is not None:
        tasks = tasks.filter(year=year)
    first_year = tasks.aggregate(first=Min("year"))["first"]
    if first_year is None:
        return 0
    scope = ExpectedScope(
        due_from=dt.date(first_year - 1, 1, 1),
        due_to=as_of + dt.timedelta(days=DAYS_AHEAD),
        region_prefixes=region_prefixes,
        year=year,
        without_co_units=True,
    )
    report = connection.ops.quote_name(ProgressReport._meta.db_table)
    statement = expected_statement(
        scope,
        f"t.id, t.reports_complete_through, MIN(CASE WHEN NOT EXISTS (SELECT 1 FROM {report} r"
        f" WHERE {REPORT_OF_SLOT}) THEN p.period_start END), MAX(p.period_end)",
        missing_only=False,
        tail="GROUP BY t.id, t.reports_complete_through",
    )
    if statement is None:
        return 0
    changes: dict[dt.date, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        while rows := cursor.fetchmany(FETCH):
            for task_id, current, first_gap, last_end in rows:
                # Up to the day before the first period not reported; all of them if none.
                mark = (
                    row_date(first_gap) - dt.timedelta(days=1)
                    if first_gap is not None
                    else row_date(last_end)
                )
                if current is None or row_date(current) != mark:
                    changes[mark].append(task_id)
    changed = 0
    for mark, ids in changes.items():
        for start in range(0, len(ids), UPDATE_CHUNK):
            changed += Task.objects.filter(
                pk__in=ids[start : start + UPDATE_CHUNK], updated_at__lte=started
            ).update(reports_complete_through=mark)
    return changed
