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

from luoshi.accounts.permissions import is_admin
from luoshi.engagement.models import CooperationItem, CooperationStatus, Meeting, MeetingKind
from luoshi.engagement.scope import (
    deadline_filter,
    deadline_light,
    region_prefixes,
    under,
    unit_ids,
)
from luoshi.engagement.study_tour_models import SETTLED_STATUSES


def visible_cooperation(user: Any) -> QuerySet[CooperationItem]:
    items = CooperationItem.objects.all()
    if is_admin(user):
        return items
    regions = under("unit__region__code", region_prefixes(user))
    return items.filter(regions | Q(unit_id__in=unit_ids(user)))


def light(item: CooperationItem, today: dt.date) -> str:
    """As `scope.deadline_light`; none once started or dropped (signed items are still
    followed until they start)."""
    return deadline_light(item.deadline, today, settled=item.status in SETTLED_STATUSES)


def light_filter(colour: str, today: dt.date) -> Q:
    if colour not in ("red", "yellow", "green"):
        return Q()
    return ~Q(status__in=SETTLED_STATUSES) & deadline_filter(colour, today)


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
        meetings = meetings.filter(under("region__code", region_prefixes(user)))
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
    by_id = (
        Meeting.objects.select_related("region")
        .annotate(insight_count=Count("insights"))
        .in_bulk(ids)
    )
    rows = []
    for pk in ids:
        counts = per_meeting.get(pk, {})
        rows.append(
            StudyTourRow(
                meeting=by_id[pk],
                insights=by_id[pk].insight_count,
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
