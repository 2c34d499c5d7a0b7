"""The signed-in user's messages (我的消息)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.tasks.models import Notification
from luoshi.tasks.selectors import supervision_queries as queries
from luoshi.tasks.services import notifications as services

router = Router()


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationFilters(Schema):
    unread: bool = Field(False, description="只列未读")


class ReadAllOut(Schema):
    marked: int


@router.get("/notifications", response=Page[NotificationOut], summary="我的消息")
def notification_list(
    request: HttpRequest, filters: Query[NotificationFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    require_perm(request, "tasks.view_notification")
    return paginate(queries.notifications_for(request.user, unread_only=filters.unread), paging)


@router.post(
    "/notifications/{int:notification_id}/read", response=NotificationOut, summary="标为已读"
)
def notification_read(request: HttpRequest, notification_id: int) -> Notification:
    notification = queries.notification_get(user=request.user, notification_id=notification_id)
    return services.notification_mark_read(actor=request.user, notification=notification)


@router.post("/notifications/read-all", response=ReadAllOut, summary="全部标为已读")
def notification_read_all(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked=services.notifications_mark_all_read(actor=request.user))
