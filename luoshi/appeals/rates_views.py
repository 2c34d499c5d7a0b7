"""办理考核: the rates of a region's appeals for a month or a year, by lead unit, topic,
sub-region or month (`rates_table`), for the office and the leaders of the region."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from luoshi.appeals.rates_table import GROUPS, Period, periods, rate_regions, rates_table
from luoshi.core.view_guards import signed_in_with

GROUP_WORDS = {
    "unit": gettext_lazy("按承办单位"),
    "topic": gettext_lazy("按类别"),
    "region": gettext_lazy("按地区"),
    "month": gettext_lazy("按月份"),
}
COLUMNS = {
    "received": gettext_lazy("受理"),
    "response": gettext_lazy("响应率"),
    "on_time": gettext_lazy("按时办结率"),
    "solved": gettext_lazy("解决率"),
    "satisfied": gettext_lazy("满意率"),
    "reopened": gettext_lazy("重办率"),
}


@signed_in_with("appeals.view_rates")
def appeal_rates(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    regions = rate_regions(request.user)
    chosen = request.GET.get("region", "")
    region = next((r for r in regions if r.code == chosen), regions[0] if regions else None)
    if region is not None and not request.user.has_perm("appeals.view_rates", region):
        raise PermissionDenied
    period = Period.parse(request.GET.get("period", ""), today)
    by = request.GET.get("by", "unit")
    by = by if by in GROUPS else "unit"
    sort = request.GET.get("sort", "")
    sort = sort if sort in COLUMNS else ("received" if by == "unit" else "")
    table = rates_table(region, period, by, sort, today) if region is not None else None
    return render(
        request,
        "appeals/rates.html",
        {
            "regions": regions,
            "region": region,
            "period": period,
            "periods": periods(today),
            "by": by,
            "groups": list(GROUP_WORDS.items()),
            "columns": list(COLUMNS.items()),
            "sort": sort,
            "total": table.total if table else None,
            "rows": table.rows if table else [],
        },
    )
