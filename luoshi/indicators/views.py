"""Indicator pages: the published table (page and Excel) and the two charts. Thin: the
selectors read, `table_choice` resolves the parameters, `charts` and `excel_export` shape."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from luoshi.core.downloads import xlsx_download
from luoshi.core.models import Region
from luoshi.core.selectors import colour_rules_for_region
from luoshi.core.view_guards import signed_in_with
from luoshi.indicators import charts, selectors
from luoshi.indicators.excel_export import table_workbook
from luoshi.indicators.models import Indicator
from luoshi.indicators.periods import Period, period_parse
from luoshi.indicators.progress import elapsed_share
from luoshi.indicators.rollup import subregion_rollup
from luoshi.indicators.table_choice import table_choice
from luoshi.indicators.table_display import (
    colour_label,
    completed_heading,
    completion_text,
    moved_wrong_way,
    peer_rank_text,
    plain_number,
    rate_number,
    stated_rank_text,
    table_title,
    target_text,
    target_words,
)


@signed_in_with("indicators.view_indicator")
def indicator_table(request: HttpRequest) -> HttpResponse:
    choice = table_choice(request.GET, request.user)
    rows = []
    rules = colour_rules_for_region(choice.region) if choice.region is not None else None
    if choice.region is not None:
        for row in selectors.indicator_table(
            region=choice.region,
            year=choice.year,
            period_kind=choice.period.kind,
            period_index=choice.period.index,
            rules=rules,
        ):
            observation = row.observation
            value = observation.value if observation else None
            growth = observation.growth if observation else None
            rows.append(
                {
                    "row": row,
                    "value": plain_number(value) if value is not None else "",
                    "growth": rate_number(growth) if growth is not None else "",
                    "wrong_way": moved_wrong_way(row),
                    "target": target_text(row),
                    "completion": completion_text(row),
                    "colour_label": colour_label(row.assessment.colour),
                    "peer_rank": peer_rank_text(row),
                    "stated": stated_rank_text(row.stated_ranks),
                }
            )
    rollup = None
    if choice.region is not None and choice.region.level in ("province", "city"):
        rollup = subregion_rollup(region=choice.region, year=choice.year, period=choice.period)
    return render(
        request,
        "indicators/table.html",
        {
            "choice": choice,
            "rollup": rollup,
            "rows": rows,
            "title": table_title(choice.region, choice.year, choice.period)
            if choice.region
            else "",
            "completed_heading": completed_heading(choice.period),
            # The legend states the region's own thresholds, the ones the lights were set by.
            "yellow_points": plain_number(rules.yellow_points_behind) if rules else "",
            "red_points": plain_number(rules.red_points_behind) if rules else "",
            "elapsed": plain_number(
                (elapsed_share(choice.period.kind, choice.period.index) * 100).quantize(
                    Decimal("0.1")
                )
            ),
        },
    )


@signed_in_with("indicators.view_indicator")
def indicator_table_xlsx(request: HttpRequest) -> HttpResponse:
    choice = table_choice(request.GET, request.user)
    if choice.region is None:
        raise Http404(_("请指定行政区划代码。"))
    rows = selectors.indicator_table(
        region=choice.region,
        year=choice.year,
        period_kind=choice.period.kind,
        period_index=choice.period.index,
    )
    content = table_workbook(
        region=choice.region, year=choice.year, period=choice.period, rows=rows
    )
    return xlsx_download(content, f"{table_title(choice.region, choice.year, choice.period)}.xlsx")


def _chart_subjects(region_code: str, indicator_code: str) -> tuple[Region, Indicator]:
    region = selectors.region_by_code(region_code)
    if region is None:
        raise Http404(_("没有这个行政区划"))
    indicator = selectors.indicator_by_code(indicator_code)
    if indicator is None:
        raise Http404(_("没有这个指标"))
    return region, indicator


@signed_in_with("indicators.view_indicator")
def indicator_history_chart(
    request: HttpRequest, region_code: str, indicator_code: str
) -> HttpResponse:
    region, indicator = _chart_subjects(region_code, indicator_code)
    history = selectors.indicator_history(region=region, indicator=indicator)
    metric = charts.history_metric(history, request.GET.get("metric", ""))
    return render(
        request,
        "indicators/chart_history.html",
        {
            "region": region,
            "indicator": indicator,
            "history": history,
            "metric": metric,
            "figure": charts.history_figure(history, metric) if history.points else None,
            "targets": [
                (year, target, target_words(target))
                for year, target in sorted(history.targets.items(), reverse=True)
            ],
        },
    )


@signed_in_with("indicators.view_indicator")
def indicator_peer_chart(
    request: HttpRequest, region_code: str, indicator_code: str
) -> HttpResponse:
    region, indicator = _chart_subjects(region_code, indicator_code)
    choice = table_choice({"region": region.code, **request.GET.dict()}, request.user)
    period: Period = period_parse(request.GET.get("period", "")) or choice.period
    figures = selectors.peer_figures(
        region=region, indicator=indicator, year=choice.year, period=period
    )
    metric = charts.peers_metric(figures, request.GET.get("metric", ""))
    figure = None
    if region.parent and figures:
        figure = charts.peers_figure(
            figures,
            region_code=region.code,
            indicator_name=indicator.name,
            parent_name=region.parent.name,
            year=choice.year,
            period=period,
            metric=metric,
            descending=indicator.direction == "up",
        )
    return render(
        request,
        "indicators/chart_peers.html",
        {
            "region": region,
            "indicator": indicator,
            "choice": choice,
            "period": period,
            "figures": figures,
            "metric": metric,
            "figure": figure,
        },
    )
