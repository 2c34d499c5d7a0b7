"""The leader dashboard's figures as JSON, in the reader's scope (as on the page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from luoshi.api.permissions import require_perm
from luoshi.dashboard.payload import figures_payload
from luoshi.dashboard.scope import dashboard_scope
from luoshi.dashboard.selectors import dashboard_figures

router = Router(tags=["领导驾驶舱"])


@router.get(
    "/dashboard",
    response=dict[str, Any],
    summary="领导驾驶舱数据",
    description=(
        "任务按状态、颜色、牵头单位统计，逾期任务，退办的进展报告，指标目标与完成，"
        "重点项目开工率、纳统率、投资完成率，意见答复情况，诉求办理（受理量与响应率、按时办结率、"
        "解决率、满意率、重办率，超期与今日到期件数）。region 为空表示全部管辖地区，"
        "不传则为本人所在地区；超出权限范围的地区返回 403。year 默认为当年。"
    ),
)
def dashboard_get(
    request: HttpRequest, region: str | None = None, year: str | None = None
) -> dict[str, Any]:
    require_perm(request, "tasks.view_task")
    scope = dashboard_scope(request.user, region_code=region, year=year)
    return figures_payload(dashboard_figures(scope, timezone.localdate()))
