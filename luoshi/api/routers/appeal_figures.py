"""Appeals' accountability through the API: a region's rates (办理考核) and its hotspots, as
on the pages, for the office and the leaders of the region."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from luoshi.api.permissions import require_perm
from luoshi.appeals import hotspots
from luoshi.appeals.rates_table import Period, rate_regions, rates_dict, rates_table
from luoshi.core.models import Region

router = Router(tags=["诉求"])


def _region(request: HttpRequest, code: str | None) -> Region:
    require_perm(request, "appeals.view_rates")
    regions = rate_regions(request.user)
    if not code:
        if not regions:
            raise PermissionDenied(_("您没有可查看考核的地区。"))
        return regions[0]
    region = next((r for r in regions if r.code == code), None)
    if region is None:
        raise PermissionDenied(_("该地区不在您的查看范围内。"))
    return region


@router.get(
    "/appeal-rates",
    response=dict[str, Any],
    summary="诉求办理考核（响应率、按时办结率、解决率、满意率、重办率）",
    description="按受理月份统计，每次计算。region 不填为本人所在地区；period 为 2026-11 或 2026；"
    "by 为 unit（承办单位）、topic（类别）、region（下级地区）或 month（月份）。"
    "每项比率给出分子、分母和百分比，分母为 0 时百分比为空。",
)
def appeal_rates(
    request: HttpRequest,
    region: str | None = None,
    period: str = "",
    by: Literal["unit", "topic", "region", "month"] = "unit",
    sort: Literal["", "received", "response", "on_time", "solved", "satisfied", "reopened"] = "",
) -> dict[str, Any]:
    chosen = _region(request, region)
    today = timezone.localdate()
    table = rates_table(chosen, Period.parse(period, today), by, sort, today)
    return {
        "region": {"code": chosen.code, "name": chosen.name},
        "period": {
            "value": table.period.value,
            "start": table.period.start.isoformat(),
            "end": table.period.end.isoformat(),
        },
        "by": by,
        "total": rates_dict(table.total),
        "rows": [
            {"key": _key(row.key), "label": row.label, **(rates_dict(row) or {})}
            for row in table.rows
        ],
    }


def _key(key: Any) -> str:
    return key.date().isoformat()[:7] if isinstance(key, dt.datetime) else str(key)


@router.get(
    "/appeal-hotspots",
    response=dict[str, Any],
    summary="诉求热点",
    description="近 days 天（7、30 或 90）与此前同样长的一段比较，按类别和地点统计，"
    "有 3 件以上且上升一半以上（或新出现）或有人重复反映的。",
)
def appeal_hotspots(
    request: HttpRequest, region: str | None = None, days: int = 30
) -> dict[str, Any]:
    chosen = _region(request, region)
    if days not in hotspots.WINDOWS:
        raise ValidationError({"days": _("期间只能是 7、30 或 90 天。")})
    found = hotspots.hotspots(chosen, timezone.localdate(), days)
    return {
        "region": {"code": chosen.code, "name": chosen.name},
        "days": days,
        "hotspots": [
            {
                "topic": h.topic,
                "topic_label": h.topic_label,
                "place": {"code": h.place.code, "name": h.place.name},
                "current": h.current,
                "previous": h.previous,
                "growth_percent": h.growth,
                "repeated": h.repeated,
                "spot": h.spot,
                "spot_count": h.spot_count,
            }
            for h in found
        ],
    }
