"""Starting a report that was never started (补报), for whichever period it was expected.

The report form writes the current period; a report missed in an earlier period would
otherwise stay missing for good. A liaison or head of the unit starts it here: a draft for
that very period, prefilled from the unit's last report on the task (report once), which
the form then opens like any draft (`progress_edit?report=`). Its submission is stamped when
it really happens, so a late report counts as late.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.tasks.models import ProgressReport, Task
from luoshi.tasks.periods import period_containing
from luoshi.tasks.selectors.expected_reports import missing_period


def progress_start_missing(
    *, actor: Actor, task: Task, unit: Unit, period_end: dt.date, as_of: dt.date | None = None
) -> ProgressReport:
    """The unit's draft report on `task` for the period ending `period_end`, created when
    that report is expected and was never started; the existing one when someone already
    started it (a second click, a reminder opened twice)."""
    as_of = as_of or timezone.localdate()
    ensure_allowed(actor, "tasks.add_progressreport", ProgressReport(task=task, unit=unit))
    with transaction.atomic():
        # Lock the task: two clicks at once must not both create the report.
        Task.objects.select_for_update().filter(pk=task.pk).first()
        existing = _report_in_period(task, unit, period_end)
        if existing is not None:
            return existing
        period = missing_period(task, unit.pk, period_end, as_of)
        if period is None:
            raise ValidationError(_("这一周期不需要报送这项任务的进展报告。"))
        report = ProgressReport(
            task=task,
            unit=unit,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            due_date=period.due,
        )
        last = ProgressReport.objects.filter(task=task, unit=unit).order_by("-period_end").first()
        if last is not None:
            report.progress = last.progress
            report.problems = last.problems
            report.next_steps = last.next_steps
            report.percent = last.percent
        return save_with_log(actor=actor, instance=report, verb="progress.started")


def _report_in_period(task: Task, unit: Unit, period_end: dt.date) -> ProgressReport | None:
    period = period_containing(task.cadence, period_end)
    return (
        ProgressReport.objects.filter(
            task=task, unit=unit, period_end__gte=period.start, period_end__lte=period.end
        )
        .order_by("-period_end")
        .first()
    )
