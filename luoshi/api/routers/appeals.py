"""Appeals through the API: a 12345 system pushes its cases (idempotent on its case number);
staff read the appeals of their regions, contact details masked."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from luoshi.api.pagination import Page, PageParams, paginate
from luoshi.api.permissions import require_perm
from luoshi.appeals import pushing, selectors, services
from luoshi.appeals.models import Appeal, AppealStatus, Topic, Urgency
from luoshi.appeals.privacy import mask_name, mask_phone
from luoshi.appeals.steps import StepAsked, take_step
from luoshi.appeals.time_limits import Today, clock
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
    received_at: dt.datetime | None = Field(
        None, description="来源系统的受理时间（不晚于现在、不早于一年前）；不填为现在"
    )
    unit: str = Field(
        "", max_length=100, description="来源系统已派单的承办单位（全称或简称）；填了即派单"
    )


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
    co_units: list[str]
    reply: str
    created_at: dt.datetime
    due_date: dt.date | None = Field(..., description="答复时限（工作日计）")
    sign_due: dt.date | None = Field(..., description="签收时限（待签收时）")
    light: Literal["green", "yellow", "red"] | None = Field(
        ..., description="时限灯：绿 正常、黄 临期、红 超期；已答复或办结为空"
    )
    satisfaction: str = Field(..., description="回访结果：satisfied、basic、unsatisfied 或空")
    resolved: bool | None
    reopened: int = Field(..., description="重办次数（最多 1）")
    public_text: str = Field(..., description="在门户公开的典型案例文字；未公开为空")
    similar_to: str | None = Field(..., description="疑似重复：同一来电人较早的相近诉求编号")
    merged_into: str | None = Field(..., description="已并入的诉求编号")


class PushedOut(AppealOut):
    query_code: str = Field(..., description="给市民的查询码；同一案件重复推送时为空")


def _out(appeal: Appeal, in_full: bool = False, today: Today | None = None) -> dict[str, Any]:
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
        "co_units": [unit.name for unit in appeal.co_units.all()],
        "reply": appeal.reply,
        "created_at": timezone.localtime(appeal.created_at),
        "due_date": appeal.due_date,
        "sign_due": appeal.sign_due if appeal.status == AppealStatus.DISPATCHED else None,
        "light": running.light if (running := clock(appeal, today)) else None,
        "satisfaction": appeal.satisfaction,
        "resolved": appeal.resolved,
        "reopened": appeal.reopened,
        "public_text": appeal.public_text,
        "similar_to": appeal.similar_to.number if appeal.similar_to else None,
        "merged_into": appeal.merged_into.number if appeal.merged_into else None,
    }


@router.post(
    "/appeals",
    response={200: PushedOut, 201: PushedOut},
    summary="推送诉求（12345 等系统对接）",
    description="同一来源系统的同一编号再次推送，返回已受理的诉求（200）；编号已用而内容不同，"
    "答 422 并说明。",
)
def appeal_push(request: HttpRequest, payload: AppealPush) -> Status[dict[str, Any]]:
    data = services.AppealInput.of({**payload.dict(), "region": region_get(code=payload.region)})
    submitted = pushing.appeal_push_dispatched(
        request.user,
        data,
        source=payload.source,
        source_number=payload.source_number,
        received_at=payload.received_at,
        unit_name=payload.unit,
    )
    body = {**_out(submitted.appeal), "query_code": submitted.query_code}
    return Status(201 if submitted.created else 200, body)


@router.get("/appeals", response=Page[AppealOut], summary="诉求（本人查看范围内）")
def appeal_list(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    require_perm(request, "appeals.view_appeal")
    page = paginate(
        selectors.appeals_for(request.user)
        .select_related("similar_to", "merged_into")
        .prefetch_related("co_units"),
        paging,
    )
    today = Today.of()
    page["items"] = [_out(a, today=today) for a in page["items"]]
    return page


@router.get("/appeals/{number}", response=AppealOut, summary="一条诉求")
def appeal_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    require_perm(request, "appeals.view_appeal")
    appeal = _visible(request, number)
    return _out(appeal, request.user.has_perm("appeals.view_appeal_contact", appeal))


def _visible(request: HttpRequest, number: str) -> Appeal:
    appeal = selectors.appeal_for(request.user, number)
    if appeal is None:
        raise Http404(_("没有这条诉求，或它不在您的查看范围内。"))
    return appeal


class StepIn(Schema):
    step: Literal[
        "dispatch",
        "sign",
        "return",
        "assist",
        "answer",
        "visit",
        "close",
        "merge",
        "publish",
        "unpublish",
    ]
    unit: int | None = Field(None, description="派单时的承办（牵头）单位编号")
    co_units: list[int] = Field([], max_length=5, description="派单时的协办单位编号")
    note: str = Field(
        "",
        max_length=2000,
        description="退单理由、协办意见、答复意见、不满意的原因、公开案例的文字或说明",
    )
    satisfaction: Literal["", "satisfied", "basic", "unsatisfied"] = Field(
        "", description="回访时：满意、基本满意、不满意"
    )
    resolved: bool | None = Field(None, description="回访时：问题是否解决")
    into: str = Field(
        "", max_length=20, description="合并时：并入的诉求编号（默认为疑似重复的那件）"
    )


@router.post(
    "/appeals/{number}/steps",
    response=AppealOut,
    summary="办理一步：派单、签收、退单、协办意见、答复、回访、办结、合并、公开案例、撤回公开",
)
def appeal_step(request: HttpRequest, number: str, payload: StepIn) -> dict[str, Any]:
    require_perm(request, "appeals.view_appeal")
    asked = StepAsked(**{**payload.dict(), "co_units": tuple(payload.co_units)})
    appeal = take_step(request.user, _visible(request, number), asked)
    return _out(appeal, request.user.has_perm("appeals.view_appeal_contact", appeal))
