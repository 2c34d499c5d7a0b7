"""Reads for progress reporting: what each person has to do now, a task's record, and the
office's queue of extension and adjustment requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.db.models.lookups import Exact

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.kept_figures import kept
from luoshi.core.lookups import found
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
from luoshi.tasks.selectors.expected_reports import (
    ExpectedScope,
    MissingReport,
    missing_count,
    missing_rows,
    oversight_prefixes,
)
from luoshi.tasks.selectors.task_queries import led_or_assisted

INBOX_LIMIT = 100
MEMBER_ROLES = frozenset({Role.LIAISON, Role.UNIT_HEAD})
OVERSIGHT = frozenset({Role.SUPERVISOR, Role.LEADER})


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


def progress_reports_visible(user: Any) -> QuerySet[ProgressReport]:
    """The reports `user` may read — exactly those `tasks.view_progressreport` lets them open
    one by one: every report in the regions where they are on the supervision staff or a
    leader (and below); their own units' reports (as liaison or head); and, for a lead unit,
    its co-units' parts of its tasks. Never a co-unit's view of another co-unit's part.
    No join, hence no DISTINCT: an OR across a join to tasks defeats every index (the whole
    table was scanned for a liaison's 79 reports). A unit's scope is `unit_id IN … OR task_id
    IN (…)` through the unit and task indexes; an office's is the reports' own region code,
    walked newest first through `progress_in_province` (a subquery of the province's tasks
    had every report tested against 21,000 task ids)."""
    rows = ProgressReport.objects.select_related("task", "unit").order_by("-period_end", "-pk")
    if is_admin(user):
        return rows
    grants = role_grants(user)
    member_units = {unit for role, unit, _code in grants if role in MEMBER_ROLES}
    prefixes = {
        region_code_prefix(code) or code for role, _unit, code in grants if role in OVERSIGHT
    }
    # The units' own tasks are few: their ids as a list let the planner estimate the scope and
    # read it through the unit and task indexes, then sort those few rows.
    led = list(Task.objects.filter(lead_unit_id__in=member_units).values_list("pk", flat=True))
    scope = Q(unit_id__in=member_units) | Q(task_id__in=led) | reports_in_regions(prefixes)
    return rows.filter(scope)


def reports_of_region(code: str) -> Q:
    """Reports of the tasks of exactly this region (not those below), by the report's own
    region code, with the province spelled out for the indexes that lead with it."""
    return Q(Exact(Substr("region_code", 1, 2), code[:2]), region_code=code)


def reports_in_regions(prefixes: Collection[str]) -> Q:
    """Reports of tasks in the regions under these code prefixes, read from the report's own
    region code: the province as the equality of the `progress_in_province` index (the page
    is read in order from it), a city's or county's longer prefix tested on its entries."""
    scope = Q(pk__in=[])
    for prefix in sorted(prefixes):
        if any(prefix != wider and prefix.startswith(wider) for wider in prefixes):
            continue  # a county under a city already in scope
        province = Q(Exact(Substr("region_code", 1, 2), prefix[:2]))
        scope |= province & Q(region_code__startswith=prefix) if len(prefix) > 2 else province
    return scope


def reports_to_review(user: Any) -> QuerySet[ProgressReport] | None:
    """Reports consolidated by their lead unit and waiting for the office (待审核) in the
    user's regions and below; None for someone on no supervision staff."""
    prefixes = office_prefixes(user)
    if prefixes is not None and not prefixes:
        return None
    waiting = _report_rows().filter(state=ReportState.CONSOLIDATED, unit=F("task__lead_unit"))
    return waiting if prefixes is None else waiting.filter(reports_in_regions(prefixes))


def _in_prefixes(prefixes: list[str] | None, field: str) -> Q:
    if prefixes is None:
        return Q()
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(**{f"{field}__startswith": prefix})
    return query


@dataclass
class Consolidation:
    """One task and period where co-units' parts wait for the lead unit to consolidate."""

    task: Task
    period_label: str
    period_end: dt.date
    parts: list[ProgressReport]  # co-unit reports signed and not yet consolidated
    co_unit_count: int
    lead_report: ProgressReport | None

    @property
    def ready(self) -> bool:
        """The lead unit's own report is signed: consolidating is one click."""
        return self.lead_report is not None and self.lead_report.state == ReportState.SIGNED

    @property
    def lead_to_write(self) -> bool:
        return self.lead_report is None or self.lead_report.state in {
            ReportState.DRAFT,
            ReportState.RETURNED,
        }


@dataclass
class Inbox:
    returned: list[ProgressReport]
    to_write: list[tuple[Task, ProgressReport | None]]
    to_sign: list[ProgressReport]
    to_consolidate: list[Consolidation]
    to_review: list[ProgressReport]
    review_total: int
    # The units' expected reports of periods already over that nobody started (补报).
    missing: list[MissingReport] = field(default_factory=list)
    # For the office and leaders: overdue reports never started in their regions this year.
    office_missing: int | None = None

    @property
    def write_count(self) -> int:
        return len(self.returned) + len(self.to_write) + len(self.missing)

    @property
    def empty(self) -> bool:
        return not (
            self.returned
            or self.to_write
            or self.missing
            or self.to_sign
            or self.to_consolidate
            or self.to_review
        )


def progress_inbox(user: Any, as_of: dt.date) -> Inbox:
    """Work waiting for `user`: returned reports of their units first (of any period, with
    the reason), then reports to write for their units' open tasks and sub-items (this
    period), reports to sign as unit head, co-units' parts to consolidate as lead unit, and —
    for the supervision office — reports to review in its regions."""
    writer_units = _units(user, Role.LIAISON, Role.UNIT_HEAD)
    returned: list[ProgressReport] = []
    if writer_units:
        returned = list(
            _report_rows()
            .select_related("task__parent")
            .filter(unit__in=writer_units, state=ReportState.RETURNED)
            .order_by("-updated_at", "-pk")[:INBOX_LIMIT]
        )
    to_write: list[tuple[Task, ProgressReport | None]] = []
    if writer_units:
        tasks = list(
            Task.objects.filter(led_or_assisted(writer_units))
            .exclude(status=TaskStatus.DONE)
            .filter(year__lte=as_of.year)
            .select_related("lead_unit", "parent")
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
            # A returned report is already listed first, with its reason.
            if report is None or report.state == ReportState.DRAFT:
                to_write.append((task, report))
    missing = _missing_for_units(writer_units, as_of)
    heads = _units(user, Role.UNIT_HEAD)
    to_sign = list(_report_rows().filter(unit__in=heads, state=ReportState.SUBMITTED)[:INBOX_LIMIT])
    to_consolidate = _consolidations(writer_units)
    to_review: list[ProgressReport] = []
    review_total = 0
    waiting = reports_to_review(user)
    if waiting is not None:
        review_total = waiting.count()
        to_review = list(waiting.order_by("due_date", "pk")[:INBOX_LIMIT])
    return Inbox(
        returned,
        to_write,
        to_sign,
        to_consolidate,
        to_review,
        review_total,
        missing=missing,
        office_missing=_office_missing(user, as_of),
    )


def _missing_for_units(writer_units: set[int], as_of: dt.date) -> list[MissingReport]:
    """The units' expected reports that nobody started, of periods already over (this
    period's are among the reports to write): since the start of last year, oldest first."""
    if not writer_units:
        return []
    scope = ExpectedScope(
        due_from=dt.date(as_of.year - 1, 1, 1),
        due_to=as_of,
        unit_ids=writer_units,
        ended_before=as_of,
    )
    return missing_rows(scope, as_of, limit=INBOX_LIMIT)


def _office_missing(user: Any, as_of: dt.date) -> int | None:
    """How many reports due this year before today were never started, in the regions the
    user supervises or leads; None for everyone else."""
    if not user.has_perm("tasks.view_missing_reports"):
        return None
    prefixes = oversight_prefixes(user)
    scope = ExpectedScope(
        due_from=dt.date(as_of.year, 1, 1),
        due_to=as_of - dt.timedelta(days=1),
        region_prefixes=prefixes,
    )
    # Kept a while per scope and day: at province scale the count reads every expected
    # report of the year. The 未报送 page itself always counts afresh.
    return kept("office-missing", scope, as_of, lambda: missing_count(scope))


def _consolidations(writer_units: set[int]) -> list[Consolidation]:
    """For the tasks the user's units lead: each period where a co-unit's part is signed and
    waits, or the lead unit's own report is signed and waits, to be consolidated — the
    prompt to 汇总, ready ones first. Four queries, whatever the number of tasks."""
    if not writer_units:
        return []
    waiting = list(
        _report_rows()
        .filter(
            task__lead_unit__in=writer_units,
            state=ReportState.SIGNED,
            consolidated_into__isnull=True,
        )
        .order_by("period_end", "task_id", "unit_id")[: INBOX_LIMIT * 4]
    )
    groups: dict[tuple[int, dt.date], list[ProgressReport]] = {}
    for report in waiting:
        groups.setdefault((report.task_id, report.period_end), []).append(report)
    if not groups:
        return []
    task_ids = {task_id for task_id, _end in groups}
    leads = {
        (report.task_id, report.period_end): report
        for report in ProgressReport.objects.filter(
            task_id__in=task_ids,
            unit_id=F("task__lead_unit_id"),
            period_end__in={end for _task, end in groups},
        )
    }
    co_units = dict(
        Task.objects.filter(pk__in=task_ids).annotate(n=Count("co_units")).values_list("pk", "n")
    )
    found = []
    for (task_id, period_end), reports in groups.items():
        task = reports[0].task
        parts = [r for r in reports if r.unit_id != task.lead_unit_id]
        found.append(
            Consolidation(
                task=task,
                period_label=reports[0].period_label,
                period_end=period_end,
                parts=parts,
                co_unit_count=co_units.get(task_id, 0),
                lead_report=leads.get((task_id, period_end)),
            )
        )
    found.sort(key=lambda c: (not c.ready, c.period_end, c.task.deadline, c.task.pk))
    return found[:INBOX_LIMIT]


def progress_report_get(*, report_id: int) -> ProgressReport:
    """Raises NotFound (a ProgressReport.DoesNotExist)."""
    reports = (
        _report_rows()
        .select_related("submitted_by", "signed_by", "reviewed_by", "consolidated_into")
        .prefetch_related("contributions__unit", "attachments", "task__co_units")
    )
    return found(reports, pk=report_id)


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


def task_record(task: Task, user: Any) -> TaskRecord:
    """A task's progress reports the user may open (newest first), colour history and change
    requests. A co-unit sees its own reports, not the other co-units' (as the detail rules)."""
    reports = [
        report
        for report in ProgressReport.objects.filter(task=task)
        .select_related("unit", "task__region")
        .order_by("-period_end", "unit_id")[:60]
        if user.has_perm("tasks.view_progressreport", report)
    ]
    changes = list(ColourChange.objects.filter(task=task).order_by("on", "pk"))
    requests = list(
        ChangeRequest.objects.filter(task=task).select_related("requested_by", "decided_by", "unit")
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
    """Raises NotFound (a ChangeRequest.DoesNotExist)."""
    requests = ChangeRequest.objects.select_related("task__region", "requested_by", "unit")
    return found(requests, pk=request_id)


def change_requests_pending(user: Any) -> QuerySet[ChangeRequest]:
    """The queue of pending extension and adjustment requests the user may decide: the
    office's and leaders' regions and below (administrators: all), oldest first."""
    requests = ChangeRequest.objects.filter(state=DecisionState.PENDING)
    if not is_admin(user):
        prefixes = {
            region_code_prefix(code) or code
            for role, _unit, code in role_grants(user)
            if role in {Role.SUPERVISOR, Role.LEADER}
        }
        requests = requests.filter(_in_prefixes(sorted(prefixes), "task__region__code"))
    return requests.select_related(
        "task__region", "task__lead_unit", "unit", "requested_by"
    ).order_by("created_at", "pk")


def supervised_regions(user: Any) -> list[Any]:
    """The regions whose tasks the user evaluates: those of their supervisor memberships
    (administrators: every region that has tasks, at the top level)."""
    if is_admin(user):
        task_codes = Task.objects.values_list("region__code", flat=True).distinct()
        provinces = {code[:2] + "0000" for code in task_codes}
        return list(Region.objects.filter(code__in=provinces))
    codes = {code for role, _unit, code in role_grants(user) if role == Role.SUPERVISOR}
    return list(Region.objects.filter(code__in=codes))
