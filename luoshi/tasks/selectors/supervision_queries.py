"""Reads for supervision: notices a user may see, their messages, and the honour and
warning lists (光荣榜与警示榜).

The lists rank units by quantified results only — reports on time, tasks on target,
returned reports, overdue tasks, open red notices — never by logins, clicks or activity
(DOMAIN.md: official rules forbid activity metrics in assessment). Tasks with an exemption
(免责事由, force majeure) count nowhere.

Score (0–100 before deductions):

    score = 50 × on-time report rate + 50 × on-target rate
            − 2 per returned report (退办次数) − 5 per overdue task − 5 per open red notice

    on-time report rate = expected reports submitted by their due date ÷ expected reports
                          due by the day of the ranking (`expected_reports`: each period of
                          each task the unit leads or assists, a report never started
                          counting as late); a unit with no report expected yet counts as
                          100%, and a unit that stops reporting loses its rate.
    on-target rate      = tasks neither lagging (滞后) nor red ÷ tasks led.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.lookups import found
from luoshi.core.models import Region, Unit
from luoshi.core.region_scope import in_regions_under
from luoshi.tasks.models import (
    Colour,
    Notice,
    NoticeColour,
    NoticeEvent,
    NoticeState,
    Notification,
    ProgressReport,
    Task,
    TaskStatus,
)
from luoshi.tasks.selectors.expected_reports import ExpectedCount, ExpectedScope, expected_counts

OFFICE_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER})
UNIT_ROLES = frozenset({Role.LIAISON, Role.UNIT_HEAD})

WEIGHT_ON_TIME = Decimal(50)
WEIGHT_ON_TARGET = Decimal(50)
PENALTY_RETURNED = Decimal(2)
PENALTY_OVERDUE_TASK = Decimal(5)
PENALTY_OPEN_RED = Decimal(5)


def _code_prefix(code: str) -> str:
    """Region codes nest by prefix (GB/T 2260): a province's tasks start with its 2 digits."""
    if code[2:6] == "0000":
        return code[:2]
    if code[4:6] == "00":
        return code[:4]
    return code


def notice_list_for(user: Any) -> QuerySet[Notice]:
    """Notices the user may see: the office and leaders those of their regions and below,
    a unit's liaisons and heads only their own unit's."""
    notices = Notice.objects.select_related("task__region", "unit", "issued_by").order_by(
        "-created_at", "-id"
    )
    if is_admin(user):
        return notices
    prefixes, unit_ids = set(), set()
    for role, unit_id, code in role_grants(user):
        if role in OFFICE_ROLES:
            prefixes.add(_code_prefix(code))
        elif role in UNIT_ROLES:
            unit_ids.add(unit_id)
    visible = Q(pk__in=[])
    if prefixes:
        visible |= in_regions_under(prefixes, "task__region")
    if unit_ids:
        visible |= Q(unit_id__in=unit_ids)
    return notices.filter(visible)


def notice_get(*, notice_id: int) -> Notice:
    """Raises NotFound (a Notice.DoesNotExist)."""
    notices = Notice.objects.select_related(
        "task__region", "task__lead_unit", "unit", "issued_by", "received_by"
    ).prefetch_related("task__co_units")
    return found(notices, pk=notice_id)


def notice_history(notice: Notice) -> list[NoticeEvent]:
    """Every step of the notice in order — each answer and each send-back with who, when and
    what was written."""
    return list(
        NoticeEvent.objects.filter(notice=notice)
        .select_related("actor")
        .order_by("created_at", "id")
    )


def notifications_for(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-id")
    return rows.filter(read_at__isnull=True) if unread_only else rows


def notification_of(user: Any, notification_id: int) -> Notification | None:
    """One of the user's own messages (None for someone else's)."""
    return Notification.objects.filter(pk=notification_id, user_id=user.pk).first()


def notification_get(*, user: Any, notification_id: int) -> Notification:
    """One of the user's own messages. Raises NotFound (a Notification.DoesNotExist) for an
    unknown id and for someone else's message alike."""
    return found(Notification.objects.filter(user_id=user.pk), pk=notification_id)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def office_regions(user: Any) -> list[Region]:
    """Regions a user runs supervision or reads rankings for: the regions of their office
    or leader roles, and the regions below them that have tasks (a city's leader reads its
    counties). Administrators: every region with tasks."""
    # EXISTS, probed per region through the task's region index: `id IN (SELECT region_id
    # FROM tasks)` hashed every task of the database (4 s at 480,000 tasks under load).
    with_tasks = Exists(Task.objects.filter(region=OuterRef("pk")))
    if is_admin(user):
        return list(Region.objects.filter(with_tasks).order_by("code")[:200])
    codes = {code for role, _unit, code in role_grants(user) if role in OFFICE_ROLES}
    if not codes:
        return []
    below = Q(pk__in=[])
    for code in codes:
        below |= Q(code__startswith=_code_prefix(code))
    return list(Region.objects.filter(Q(code__in=codes) | (below & with_tasks)).order_by("code"))


# ---------------------------------------------------------------------------------------------
# Honour and warning lists
# ---------------------------------------------------------------------------------------------


@dataclass
class UnitResult:
    unit: Unit
    tasks: int = 0
    on_target: int = 0
    overdue_tasks: int = 0
    reports_due: int = 0  # expected reports due by the day (never-started ones included)
    reports_on_time: int = 0
    reports_missing: int = 0  # expected and never started
    returned: int = 0
    open_red_notices: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        if not self.reports_due:
            return None
        return Decimal(self.reports_on_time) / Decimal(self.reports_due)

    @property
    def on_target_rate(self) -> Decimal | None:
        if not self.tasks:
            return None
        return Decimal(self.on_target) / Decimal(self.tasks)

    @property
    def on_time_percent(self) -> Decimal | None:
        return _percent(self.on_time_rate)

    @property
    def on_target_percent(self) -> Decimal | None:
        return _percent(self.on_target_rate)

    @property
    def score(self) -> Decimal:
        on_time = self.on_time_rate if self.on_time_rate is not None else Decimal(1)
        on_target = self.on_target_rate if self.on_target_rate is not None else Decimal(1)
        raw = (
            WEIGHT_ON_TIME * on_time
            + WEIGHT_ON_TARGET * on_target
            - PENALTY_RETURNED * self.returned
            - PENALTY_OVERDUE_TASK * self.overdue_tasks
            - PENALTY_OPEN_RED * self.open_red_notices
        )
        return raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _percent(rate: Decimal | None) -> Decimal | None:
    if rate is None:
        return None
    return (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Ranking:
    region: Region
    year: int
    quarter: int | None
    as_of: dt.date
    results: list[UnitResult]
    honour: list[UnitResult]
    warning: list[UnitResult]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    last = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return first, last


def unit_results(
    *, region: Region, year: int, quarter: int | None = None, as_of: dt.date | None = None
) -> list[UnitResult]:
    """The figures of each lead unit of the region's tasks of the year, best score first.
    Five grouped queries, whatever the number of units."""
    as_of = as_of or timezone.localdate()
    period_end = as_of
    period_start: dt.date | None = None
    if quarter is not None:
        period_start, quarter_end = quarter_bounds(year, quarter)
        period_end = min(as_of, quarter_end)
    tasks = Task.objects.filter(region=region, year=year, exempt_reason="")

    overdue = Q(deadline__lt=as_of) & ~Q(status=TaskStatus.DONE)
    if period_start is not None:
        overdue &= Q(deadline__gte=period_start, deadline__lte=period_end)
    task_rows = (
        tasks.values("lead_unit_id")
        .annotate(
            total=Count("id"),
            on_target=Count("id", filter=~Q(status=TaskStatus.LAGGING) & ~Q(colour=Colour.RED)),
            overdue=Count("id", filter=overdue),
        )
        .order_by()
    )
    results = {row["lead_unit_id"]: row for row in task_rows}
    if not results:
        return []
    unit_ids = list(results)

    # Expected reports, not only the ones that exist: a report never started counts as late.
    # Tasks of the year may have started the year before.
    expected = expected_counts(
        ExpectedScope(
            due_from=period_start or dt.date(year - 1, 1, 1),
            due_to=period_end,
            region_id=region.pk,
            year=year,
            unit_ids=unit_ids,
        )
    )
    reports = ProgressReport.objects.filter(
        task__in=tasks, unit_id__in=unit_ids, due_date__lte=period_end
    )
    if period_start is not None:
        reports = reports.filter(due_date__gte=period_start)
    returned_rows = (
        reports.values("unit_id").annotate(returned=Coalesce(Sum("returned_count"), 0)).order_by()
    )
    by_unit_returned = {row["unit_id"]: row["returned"] for row in returned_rows}

    red_notices = Notice.objects.filter(
        task__in=tasks, unit_id__in=unit_ids, colour=NoticeColour.RED
    ).exclude(state=NoticeState.CLOSED)
    red_rows = red_notices.values("unit_id").annotate(n=Count("id")).order_by()
    by_unit_red = {row["unit_id"]: row["n"] for row in red_rows}

    units = Unit.objects.filter(pk__in=unit_ids).select_related("region").in_bulk()
    rows = []
    for unit_id, task_row in results.items():
        counted = expected.get(unit_id, ExpectedCount(0, 0, 0))
        rows.append(
            UnitResult(
                unit=units[unit_id],
                tasks=task_row["total"],
                on_target=task_row["on_target"],
                overdue_tasks=task_row["overdue"],
                reports_due=counted.expected,
                reports_on_time=counted.on_time,
                reports_missing=counted.missing,
                returned=by_unit_returned.get(unit_id, 0),
                open_red_notices=by_unit_red.get(unit_id, 0),
            )
        )
    rows.sort(key=lambda r: (-r.score, r.unit.sort_order, r.unit.name))
    return rows


def ranking(
    *,
    region: Region,
    year: int,
    quarter: int | None = None,
    as_of: dt.date | None = None,
    size: int = 5,
) -> Ranking:
    """Top `size` units (光荣榜) and bottom `size` (警示榜). A unit is never on both: with
    fewer than 2 × `size` units each list takes at most half of them (a lone unit is honoured,
    not warned)."""
    as_of = as_of or timezone.localdate()
    results = unit_results(region=region, year=year, quarter=quarter, as_of=as_of)
    size = min(size, max(1, len(results) // 2))
    honour = results[:size]
    rest = results[len(honour) :]
    warning = list(reversed(rest[-size:])) if rest else []
    return Ranking(region, year, quarter, as_of, results, honour, warning)
