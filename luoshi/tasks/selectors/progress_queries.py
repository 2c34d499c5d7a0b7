"""Reads for progress reporting: what each person has to do now, and a task's record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.models import Region
from luoshi.core.region_codes import region_code_prefix
from luoshi.tasks.models import (
    ChangeRequest,
    ColourChange,
    DecisionState,
    ProgressReport,
    ReportState,
    Task,
    TaskStatus,
)
from luoshi.tasks.periods import period_containing

INBOX_LIMIT = 100


def _report_rows() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.select_related("task__lead_unit", "task__region", "unit")


def _units(user: Any, *roles: str) -> set[int]:
    return {unit for role, unit, _code in role_grants(user) if role in roles}


def office_prefixes(user: Any) -> list[str] | None:
    """Region-code prefixes the user supervises; None for administrators (everything)."""
    if is_admin(user):
        return None
    return sorted(
        {
            region_code_prefix(code) or code
            for role, _unit, code in role_grants(user)
            if role == Role.SUPERVISOR
        }
    )


def _in_prefixes(prefixes: list[str] | None, field: str) -> Q:
    if prefixes is None:
        return Q()
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(**{f"{field}__startswith": prefix})
    return query


@dataclass
class Inbox:
    to_write: list[tuple[Task, ProgressReport | None]]
    to_sign: list[ProgressReport]
    to_consolidate: list[ProgressReport]
    to_review: list[ProgressReport]
    review_total: int

    @property
    def empty(self) -> bool:
        return not (self.to_write or self.to_sign or self.to_consolidate or self.to_review)


def progress_inbox(user: Any, as_of: dt.date) -> Inbox:
    """Work waiting for `user`: reports to write for their units' open tasks (this period),
    reports to sign as unit head, co-unit reports to consolidate as lead unit, and — for the
    supervision office — reports to review in its regions."""
    writer_units = _units(user, Role.LIAISON, Role.UNIT_HEAD)
    to_write: list[tuple[Task, ProgressReport | None]] = []
    if writer_units:
        tasks = list(
            Task.objects.filter(Q(lead_unit__in=writer_units) | Q(co_units__in=writer_units))
            .exclude(status=TaskStatus.DONE)
            .filter(year__lte=as_of.year, parent__isnull=True)
            .select_related("lead_unit")
            .distinct()
            .order_by("deadline", "pk")[:INBOX_LIMIT]
        )
        current = {
            (report.task_id, report.unit_id): report
            for report in ProgressReport.objects.filter(
                task__in=tasks, unit__in=writer_units, period_end__gte=as_of
            ).order_by("period_end")
        }
        for task in tasks:
            period = period_containing(task.cadence, as_of)
            mine = [unit for unit in writer_units if unit == task.lead_unit_id] or list(
                writer_units
            )
            report = next(
                (
                    r
                    for unit in mine
                    if (r := current.get((task.pk, unit))) and r.period_end == period.end
                ),
                None,
            )
            if report is None or report.state in {ReportState.DRAFT, ReportState.RETURNED}:
                to_write.append((task, report))
    heads = _units(user, Role.UNIT_HEAD)
    to_sign = list(_report_rows().filter(unit__in=heads, state=ReportState.SUBMITTED)[:INBOX_LIMIT])
    to_consolidate = list(
        _report_rows().filter(
            task__lead_unit__in=writer_units, unit__in=writer_units, state=ReportState.SIGNED
        )[:INBOX_LIMIT]
    )
    to_review: list[ProgressReport] = []
    review_total = 0
    prefixes = office_prefixes(user)
    if prefixes is None or prefixes:
        waiting = (
            _report_rows()
            .filter(_in_prefixes(prefixes, "task__region__code"), state=ReportState.CONSOLIDATED)
            .filter(unit=F("task__lead_unit"))
        )
        review_total = waiting.count()
        to_review = list(waiting.order_by("due_date", "pk")[:INBOX_LIMIT])
    return Inbox(to_write, to_sign, to_consolidate, to_review, review_total)


def progress_report_get(*, report_id: int) -> ProgressReport:
    return (
        _report_rows()
        .select_related("submitted_by", "signed_by", "reviewed_by", "consolidated_into")
        .prefetch_related("contributions__unit", "attachments", "task__co_units")
        .get(pk=report_id)
    )


def last_report(task: Task, unit_id: int) -> ProgressReport | None:
    """The unit's latest report on the task, to prefill the next one (report once)."""
    return (
        ProgressReport.objects.filter(task=task, unit_id=unit_id)
        .order_by("-period_end", "-pk")
        .first()
    )


@dataclass
class TaskRecord:
    reports: list[ProgressReport]
    colour_changes: list[ColourChange]
    change_requests: list[ChangeRequest]
    pending_request: ChangeRequest | None


def task_record(task: Task) -> TaskRecord:
    """A task's progress reports (newest first), colour history and change requests."""
    reports = list(
        ProgressReport.objects.filter(task=task)
        .select_related("unit")
        .order_by("-period_end", "unit_id")[:60]
    )
    changes = list(ColourChange.objects.filter(task=task).order_by("on", "pk"))
    requests = list(
        ChangeRequest.objects.filter(task=task).select_related("requested_by", "decided_by")
    )
    pending = next((r for r in requests if r.state == DecisionState.PENDING), None)
    return TaskRecord(reports, changes, requests, pending)


def task_for_progress(*, task_id: int) -> Task:
    return (
        Task.objects.select_related("region", "lead_unit")
        .prefetch_related("co_units")
        .get(pk=task_id)
    )


def change_request_get(*, request_id: int) -> ChangeRequest:
    return ChangeRequest.objects.select_related("task__region", "requested_by").get(pk=request_id)


def supervised_regions(user: Any) -> list[Any]:
    """The regions whose tasks the user evaluates: those of their supervisor memberships
    (administrators: every region that has tasks, at the top level)."""
    if is_admin(user):
        task_codes = Task.objects.values_list("region__code", flat=True).distinct()
        provinces = {code[:2] + "0000" for code in task_codes}
        return list(Region.objects.filter(code__in=provinces))
    codes = {code for role, _unit, code in role_grants(user) if role == Role.SUPERVISOR}
    return list(Region.objects.filter(code__in=codes))
