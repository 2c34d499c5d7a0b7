"""Appeals through the API: a 12345 system pushes its cases (idempotent on its case number);
staff read the appeals of their regions, contact details masked."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.appeals import handling, selectors, services
from luoshi.appeals.models import Appeal, Topic, Urgency
from luoshi.appeals.privacy import mask_name, mask_phone
from luoshi.core.selectors import region_get

router = Router(tags=["诉求"])


class AppealPush(Schema):
    source: str = Field(..., min_length=1, max_length=40, description="来源系统名称，如 12345")
    source_number: str = Field(..., min_length=1, max_length=60, description="来源系统的诉求编号")
    region: str = Field(..., pattern=r"^\d{6}(\d{3})?$", description="县（市、区）或乡镇区划代码")
    topic: Topic
    urgency: Urgency = Urgency.NORMAL
    place: str = Field("", max_length=200)
    content: str = Field(..., min_length=1, max_length=2000)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    is_anonymous: bool = False


class AppealOut(Schema):
    number: str
    channel: str
    source: str
    source_number: str
    topic: str
    topic_label: str
    urgency: str
    status: str
    status_label: str
    region_code: str
    region_name: str
    place: str
    content: str
    contact_name: str = Field(..., description="已遮蔽，如 张*；承办单位看到全文")
    contact_phone: str = Field(..., description="已遮蔽，如 139****5678；承办单位看到全文")
    lead_unit: str | None
    reply: str
    created_at: dt.datetime


class PushedOut(AppealOut):
    query_code: str = Field(..., description="给市民的查询码；同一案件重复推送时为空")


def _out(appeal: Appeal, in_full: bool = False) -> dict[str, Any]:
    return {
        "number": appeal.number,
        "channel": appeal.channel,
        "source": appeal.source,
        "source_number": appeal.source_number,
        "topic": appeal.topic,
        "topic_label": appeal.get_topic_display(),
        "urgency": appeal.urgency,
        "status": appeal.status,
        "status_label": appeal.get_status_display(),
        "region_code": appeal.region.code,
        "region_name": appeal.region.name,
        "place": appeal.place,
        "content": appeal.content,
        "contact_name": appeal.contact_name if in_full else mask_name(appeal.contact_name),
        "contact_phone": appeal.contact_phone if in_full else mask_phone(appeal.contact_phone),
        "lead_unit": appeal.lead_unit.name if appeal.lead_unit else None,
        "reply": appeal.reply,
        "created_at": timezone.localtime(appeal.created_at),
    }


@router.post(
    "/appeals",
    response={200: PushedOut, 201: PushedOut},
    summary="推送诉求（12345 等系统对接）",
    description="同一来源系统的同一编号再次推送，返回已受理的诉求（200）；编号已用而内容不同，"
    "答 422 并说明。",
)
def appeal_push(request: HttpRequest, payload: AppealPush) -> Status[dict[str, Any]]:
    data = services.AppealInput(
        topic=payload.topic,
        region=region_get(code=payload.region),
        content=payload.content,
        urgency=payload.urgency,
        place=payload.place,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        is_anonymous=payload.is_anonymous,
    )
    submitted = services.appeal_push(
        request.user, data, source=payload.source, source_number=payload.source_number
    )
    body = {**_out(submitted.appeal), "query_code": submitted.query_code}
    return Status(201 if submitted.created else 200, body)


@router.get("/appeals", response=Page[AppealOut], summary="诉求（本人查看范围内）")
def appeal_list(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    require_perm(request, "appeals.view_appeal")
    page = paginate(selectors.appeals_for(request.user), paging)
    page["items"] = [_out(a) for a in page["items"]]
    return page


@router.get("/appeals/{number}", response=AppealOut, summary="一条诉求")
def appeal_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    require_perm(request, "appeals.view_appeal")
    appeal = _visible(request, number)
    return _out(appeal, request.user.has_perm("appeals.view_appeal_contact", appeal))


def _visible(request: HttpRequest, number: str) -> Appeal:
    appeal = selectors.appeals_for(request.user).filter(number=number).first()
    if appeal is None:
        raise Http404(_("没有这条诉求，或它不在您的查看范围内。"))
    return appeal


class StepIn(Schema):
    step: Literal["dispatch", "sign", "return", "answer", "close"]
    unit: int | None = Field(None, description="派单时的承办单位编号")
    note: str = Field("", max_length=2000, description="退单理由、答复意见或说明")


@router.post(
    "/appeals/{number}/steps", response=AppealOut, summary="办理一步：派单、签收、退单、答复、办结"
)
def appeal_step(request: HttpRequest, number: str, payload: StepIn) -> dict[str, Any]:
    require_perm(request, "appeals.view_appeal")
    appeal = _visible(request, number)
    user = request.user
    if payload.step == "dispatch":
        unit = selectors.units_to_dispatch_to(appeal).filter(pk=payload.unit or 0).first()
        if unit is None:
            raise ValidationError(_("请选择承办单位。"))
        appeal = handling.appeal_dispatch(user, appeal, unit, payload.note)
    elif payload.step == "sign":
        appeal = handling.appeal_sign(user, appeal)
    elif payload.step == "return":
        appeal = handling.appeal_return(user, appeal, payload.note)
    elif payload.step == "answer":
        appeal = handling.appeal_answer(user, appeal, payload.note)
    else:
        appeal = handling.appeal_close(user, appeal, payload.note)
    return _out(appeal, user.has_perm("appeals.view_appeal_contact", appeal))
