"""Reading cooperation items and what each study tour produced.

Who reads which items: administrators all; the office and the leaders those whose responsible
unit works in their regions (and below); a unit's liaisons and heads their own unit's. A
page never reads items outside that scope (the filters go into the query).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.region_codes import region_code_prefix
from luoshi.engagement.models import CooperationItem, CooperationStatus, Meeting, MeetingKind
from luoshi.engagement.study_tour_models import SETTLED_STATUSES

REGION_ROLES = (Role.SUPERVISOR, Role.LEADER)
UNIT_ROLES = (Role.LIAISON, Role.UNIT_HEAD)
YELLOW_DAYS = 7


def _prefixes(user: Any) -> set[str]:
    return {
        region_code_prefix(code) or code
        for role, _unit, code in role_grants(user)
        if role in REGION_ROLES
    }


def _under(field: str, prefixes: set[str]) -> Q:
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(**{f"{field}__startswith": prefix})
    return query


def visible_cooperation(user: Any) -> QuerySet[CooperationItem]:
    items = CooperationItem.objects.all()
    if is_admin(user):
        return items
    units = {unit for role, unit, _code in role_grants(user) if role in UNIT_ROLES}
    return items.filter(_under("unit__region__code", _prefixes(user)) | Q(unit_id__in=units))


def light(item: CooperationItem, today: dt.date) -> str:
    """red past the deadline, yellow in its last week, green before; "" once started or
    dropped (signed items are still followed until they start)."""
    if item.status in SETTLED_STATUSES:
        return ""
    if item.deadline < today:
        return "red"
    return "yellow" if (item.deadline - today).days <= YELLOW_DAYS else "green"


def light_filter(colour: str, today: dt.date) -> Q:
    open_items = ~Q(status__in=SETTLED_STATUSES)
    soon = today + dt.timedelta(days=YELLOW_DAYS)
    return {
        "red": open_items & Q(deadline__lt=today),
        "yellow": open_items & Q(deadline__gte=today, deadline__lte=soon),
        "green": open_items & Q(deadline__gt=soon),
    }.get(colour, Q())


def meeting_cooperation(meeting: Meeting, user: Any) -> list[CooperationItem]:
    """The meeting's cooperation items (prefetched by `selectors.meeting_get`), each with its
    light and whether the reader may open it (its particulars are the meeting's; its
    follow-ups are the unit's and the office's)."""
    today = timezone.localdate()
    items = list(meeting.cooperation_items.all())
    for item in items:
        item.light = light(item, today)  # type: ignore[attr-defined]
        item.readable = user.has_perm(  # type: ignore[attr-defined]
            "engagement.view_cooperation", item
        )
    return items


@dataclass(frozen=True)
class CooperationFilters:
    status: str = ""
    colour: str = ""
    unit_id: int | None = None
    meeting_id: int | None = None


def cooperation_list(
    user: Any, filters: CooperationFilters, today: dt.date
) -> QuerySet[CooperationItem]:
    items = visible_cooperation(user).select_related("unit__region", "meeting")
    if filters.status in CooperationStatus.values:
        items = items.filter(status=filters.status)
    if filters.colour:
        items = items.filter(light_filter(filters.colour, today))
    if filters.unit_id:
        items = items.filter(unit_id=filters.unit_id)
    if filters.meeting_id:
        items = items.filter(meeting_id=filters.meeting_id)
    return items.annotate(project_count=Count("projects")).order_by("deadline", "id")


def cooperation_get(*, item_id: int) -> CooperationItem:
    """Raises CooperationItem.DoesNotExist; who may read it is the caller's check."""
    return CooperationItem.objects.select_related("unit__region", "meeting__region").get(pk=item_id)


@dataclass(frozen=True)
class StudyTourRow:
    meeting: Meeting
    insights: int
    items: int
    signed: int
    started: int
    dropped: int
    overdue: int
    amount: Decimal | None
    projects: int


def study_tours(user: Any, today: dt.date, *, limit: int = 200) -> list[StudyTourRow]:
    """Summary meetings (and any meeting with insights or cooperation items) of the user's
    regions, newest first, each with what it produced."""
    meetings = Meeting.objects.filter(
        Q(kind=MeetingKind.SUMMARY) | Q(insights__isnull=False) | Q(cooperation_items__isnull=False)
    )
    if not is_admin(user):
        meetings = meetings.filter(_under("region__code", _prefixes(user)))
    ids = list(meetings.order_by("-date", "-id").values_list("pk", flat=True).distinct()[:limit])
    items = CooperationItem.objects.filter(meeting_id__in=ids)
    per_meeting: dict[int, dict[str, Any]] = {
        row["meeting_id"]: dict(row)
        for row in items.values("meeting_id").annotate(
            items=Count("pk"),
            signed=Count("pk", filter=Q(status=CooperationStatus.SIGNED)),
            started=Count("pk", filter=Q(status=CooperationStatus.STARTED)),
            dropped=Count("pk", filter=Q(status=CooperationStatus.DROPPED)),
            overdue=Count("pk", filter=light_filter("red", today)),
            amount=Sum("amount"),
        )
    }
    projects = dict(
        items.filter(projects__isnull=False)
        .values("meeting_id")
        .annotate(n=Count("projects"))
        .values_list("meeting_id", "n")
    )
    insights = dict(
        Meeting.objects.filter(pk__in=ids).annotate(n=Count("insights")).values_list("pk", "n")
    )
    by_id = Meeting.objects.select_related("region").in_bulk(ids)
    rows = []
    for pk in ids:
        counts = per_meeting.get(pk, {})
        rows.append(
            StudyTourRow(
                meeting=by_id[pk],
                insights=insights.get(pk, 0),
                items=counts.get("items", 0),
                signed=counts.get("signed", 0),
                started=counts.get("started", 0),
                dropped=counts.get("dropped", 0),
                overdue=counts.get("overdue", 0),
                amount=counts.get("amount"),
                projects=projects.get(pk, 0),
            )
        )
    return rows
