"""Reads of tasks: the list a person may see (scoped by role), filtered, with its joins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.lookups import found
from luoshi.core.models import Region, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.region_scope import in_regions_under
from luoshi.reports.models import ReportStatus, WorkReport
from luoshi.tasks.models import Milestone, Task, TaskStatus
from luoshi.tasks.periods import month_bounds

REGION_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER})
UNIT_ROLES = frozenset({Role.LIAISON, Role.UNIT_HEAD})


@dataclass(frozen=True)
class TaskFilters:
    year: int | None = None
    region: Region | None = None
    unit: int | None = None  # lead or co-unit
    status: str = ""
    colour: str = ""
    overdue: bool = False
    due_this_month: bool = False  # not done, deadline within the current month
    text: str = ""
    top_level: bool = False


def _prefix_query(prefixes: set[str]) -> Q:
    return in_regions_under(prefixes)


def led_or_assisted(unit_ids: set[int]) -> Q:
    """Tasks a unit leads or assists, without a join that would repeat rows. The assisted
    tasks come as a list of ids: a subquery made PostgreSQL test every task of the database
    against it (`lead_unit = … OR hashed SubPlan`), so a liaison's list grew with the whole
    database; `lead_unit IN … OR id IN (…)` reads two indexes."""
    assisted = list(
        Task.co_units.through.objects.filter(unit_id__in=unit_ids).values_list("task_id", flat=True)
    )
    return Q(lead_unit_id__in=unit_ids) | Q(pk__in=assisted)


def visible_tasks(user: Any) -> QuerySet[Task]:
    """The supervision office and leaders see their regions and below; a liaison or unit
    head sees only the tasks their unit leads or assists; administrators see everything."""
    if is_admin(user):
        return Task.objects.all()
    grants = role_grants(user)
    prefixes = {
        region_code_prefix(code) or code for role, _unit, code in grants if role in REGION_ROLES
    }
    units = {unit for role, unit, _code in grants if role in UNIT_ROLES}
    query = Q(pk__in=[])
    if prefixes:
        query |= _prefix_query(prefixes)
    if units:
        query |= led_or_assisted(units)
    return Task.objects.filter(query)


def with_rows(queryset: QuerySet[Task]) -> QuerySet[Task]:
    """What a list row shows: region, units, parent's number, milestones — no query per row."""
    return queryset.select_related("region", "lead_unit", "parent").prefetch_related(
        "co_units", Prefetch("milestones", queryset=Milestone.objects.order_by("quarter", "id"))
    )


def task_list(filters: TaskFilters, user: Any) -> QuerySet[Task]:
    tasks = visible_tasks(user)
    if filters.year:
        tasks = tasks.filter(year=filters.year)
    if filters.region is not None:
        tasks = tasks.filter(_prefix_query({region_code_prefix(filters.region.code) or ""}))
    if filters.unit:
        tasks = tasks.filter(led_or_assisted({filters.unit}))
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.colour:
        tasks = tasks.filter(colour=filters.colour)
    if filters.overdue:
        tasks = tasks.filter(deadline__lt=timezone.localdate()).exclude(status=TaskStatus.DONE)
    if filters.due_this_month:
        first, last = month_bounds(timezone.localdate())
        tasks = tasks.filter(deadline__range=(first, last)).exclude(status=TaskStatus.DONE)
    if filters.text:
        tasks = tasks.filter(
            Q(title__icontains=filters.text)
            | Q(source_text__icontains=filters.text)
            | Q(number=filters.text)
        )
    if filters.top_level:
        tasks = tasks.filter(parent=None)
    return with_rows(tasks).order_by("region__code", "year", "order", "id")


def task_get(*, task_id: int) -> Task:
    """Any task by id, with its region and units (no scope: callers check the permission).
    Raises NotFound (a Task.DoesNotExist): "没有编号为 7 的任务。"."""
    tasks = Task.objects.select_related("region", "lead_unit").prefetch_related("co_units")
    return found(tasks, pk=task_id)


def task_get_for_user(*, user: Any, task_id: int) -> Task:
    """Raises NotFound (404) for an unknown task, PermissionDenied for one the user may not
    see."""
    tasks = Task.objects.select_related(
        "region",
        "lead_unit",
        "parent",
        "report",
        "source_version__report",
        "target__indicator",
        "referral__meeting",
        "created_by",
    ).prefetch_related(
        "co_units",
        Prefetch("milestones", queryset=Milestone.objects.order_by("quarter", "id")),
    )
    task = found(tasks, pk=task_id)
    if not user.has_perm("tasks.view_task", task):
        raise PermissionDenied(_("您不能查看这项任务：它不属于您的单位或管辖地区。"))
    return task


def task_children(task: Task) -> QuerySet[Task]:
    return with_rows(task.children.all()).order_by("order", "id")


def is_overdue(task: Task, today: dt.date | None = None) -> bool:
    return task.status != TaskStatus.DONE and task.deadline < (today or timezone.localdate())


def adopted_reports_for_decomposition(user: Any) -> list[WorkReport]:
    """Adopted reports of the regions the user decomposes for (those of their supervision
    office and below), newest first; a county office never sees its neighbours' reports,
    and no cap drops the user's own report behind others."""
    reports = WorkReport.objects.filter(
        status=ReportStatus.ADOPTED, adopted_version__isnull=False
    ).select_related("region", "adopted_version")
    if not is_admin(user):
        prefixes = {
            region_code_prefix(code) or code
            for role, _unit, code in role_grants(user)
            if role == Role.SUPERVISOR
        }
        if not prefixes:
            return []
        scope = Q()
        for prefix in prefixes:
            scope |= Q(region__code__startswith=prefix)
        reports = reports.filter(scope)
    return list(reports.order_by("-year", "region__code")[:500])


def units_of_region(region: Region) -> QuerySet[Unit]:
    """Units that may lead or assist a task of `region`: its own and those below it."""
    prefix = region_code_prefix(region.code) or region.code
    return (
        Unit.objects.filter(is_active=True, region__code__startswith=prefix)
        .select_related("region")
        .order_by("region__code", "sort_order", "name")
    )


def units_for_user(user: Any) -> QuerySet[Unit]:
    """Units offered in the list's unit filter."""
    if is_admin(user):
        return Unit.objects.filter(is_active=True).order_by("region__code", "sort_order", "name")
    grants = role_grants(user)
    prefixes = {
        region_code_prefix(code) or code for role, _unit, code in grants if role in REGION_ROLES
    }
    own = {unit for role, unit, _code in grants if role in UNIT_ROLES}
    query = Q(pk__in=own)
    for prefix in prefixes:
        query |= Q(region__code__startswith=prefix)
    return Unit.objects.filter(query, is_active=True).order_by("region__code", "sort_order", "name")
