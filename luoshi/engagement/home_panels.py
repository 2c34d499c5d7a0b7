"""The start page of a deputy or representative (代表): the report put out for comments or
about to be deliberated in their region, and the opinions they handed in with the answers.
A unit's liaisons and heads: the deputies' suggestions they are to answer and the
cooperation items they follow.

A representative reads no opinion list (that is the office's and leaders' page); their own
opinions each open on their detail page, which the author may always read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import role_grants
from luoshi.core.home import ROW_LIMIT, HomePanel, HomeViewer, register_panel
from luoshi.engagement.cooperation_selectors import light as cooperation_light
from luoshi.engagement.models import AnswerState, CooperationItem, Meeting, MeetingKind, Opinion
from luoshi.engagement.scope import unit_ids
from luoshi.engagement.selectors import opinion_scope, with_state_labels
from luoshi.engagement.study_tour_models import SETTLED_STATUSES
from luoshi.engagement.suggestion_selectors import light as suggestion_light
from luoshi.reports.models import ReportStatus, WorkReport

REPORT_LIMIT = 3
DELIBERATING = (MeetingKind.DELIBERATION, MeetingKind.CONGRESS)


def _is_representative(viewer: HomeViewer) -> bool:
    return any(role == Role.REPRESENTATIVE for role, _unit, _code in role_grants(viewer.user))


def _in_scope(prefixes: tuple[str, ...] | None, field: str) -> Q:
    if prefixes is None:
        return Q()
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(**{f"{field}__startswith": prefix})
    return query


def open_reports(user: Any) -> list[WorkReport]:
    """The reports of the user's region (and below) put out for comments."""
    reports = WorkReport.objects.filter(_in_scope(opinion_scope(user), "region__code"))
    return list(
        reports.filter(status=ReportStatus.CONSULTING)
        .select_related("region")
        .order_by("-year", "region__code")[:REPORT_LIMIT]
    )


def deliberation_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    """Reports of the representative's region (and below) put out for comments, and the
    deliberation meetings still ahead; without either, the latest report, whose answers to
    the opinions can be read."""
    if not _is_representative(viewer):
        return None
    prefixes = opinion_scope(viewer.user)
    reports = WorkReport.objects.filter(_in_scope(prefixes, "region__code")).select_related(
        "region"
    )
    consulting = open_reports(viewer.user)
    meetings = list(
        Meeting.objects.filter(
            _in_scope(prefixes, "report__region__code"),
            kind__in=DELIBERATING,
            date__gte=viewer.today,
        )
        .select_related("report")
        .order_by("date", "pk")[:REPORT_LIMIT]
    )
    latest = None
    if not consulting and not meetings:
        latest = reports.order_by("-year", "region__code").first()
    return {"consulting": consulting, "meetings": meetings, "latest": latest}


def my_opinions_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    """The opinions the representative handed in, newest first, with the answers."""
    if not _is_representative(viewer):
        return None
    mine = Opinion.objects.filter(submitted_by_id=viewer.user.pk)
    counts = mine.order_by().aggregate(
        total=Count("pk"), answered=Count("pk", filter=~Q(state=AnswerState.PENDING))
    )
    rows = with_state_labels(
        list(mine.select_related("report__region").order_by("-created_at", "-pk")[:ROW_LIMIT])
    )
    return {
        "rows": rows,
        "total": counts["total"],
        "answered": counts["answered"],
        "pending": AnswerState.PENDING.value,
    }


def unit_work_panel(viewer: HomeViewer) -> dict[str, Any] | None:
    """For a unit's liaisons and heads: the deputies' suggestions handed to their unit that
    wait for an answer, and its cooperation items not yet started or dropped, the nearest
    deadline first; nothing when there are none."""
    units = unit_ids(viewer.user)
    if not units:
        return None
    suggestions = list(
        Opinion.objects.filter(
            unit_id__in=units, state=AnswerState.PENDING, deadline__isnull=False
        ).order_by("deadline", "pk")[:ROW_LIMIT]
    )
    items = list(
        CooperationItem.objects.filter(unit_id__in=units)
        .exclude(status__in=SETTLED_STATUSES)
        .order_by("deadline", "pk")[:ROW_LIMIT]
    )
    if not suggestions and not items:
        return None
    for row in suggestions:
        row.light = suggestion_light(row, viewer.today)  # type: ignore[attr-defined]
    for item in items:
        item.light = cooperation_light(item, viewer.today)  # type: ignore[attr-defined]
    return {"suggestions": suggestions, "items": items}


register_panel(
    HomePanel(
        "engagement.unit_work",
        gettext_lazy("代表建议与合作事项"),
        "engagement/home/unit_work.html",
        unit_work_panel,
        order=26,
    )
)
register_panel(
    HomePanel(
        "engagement.deliberation",
        gettext_lazy("征求意见与审议"),
        "engagement/home/deliberation.html",
        deliberation_panel,
        order=30,
    )
)
register_panel(
    HomePanel(
        "engagement.my_opinions",
        gettext_lazy("我的意见建议"),
        "engagement/home/my_opinions.html",
        my_opinions_panel,
        order=31,
    )
)
