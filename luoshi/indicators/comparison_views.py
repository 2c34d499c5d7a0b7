"""The comparison page: one indicator across many regions as a table, a bar chart and a map;
目标兑现 (last year's targets against the results) as a second view of the same figures. Thin:
`comparison_choice` reads the parameters, `comparison` computes, `comparison_charts` draws."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from luoshi.core.boundaries import TOLERANCES, maritime_lines, region_outlines, tolerance_for
from luoshi.core.downloads import xlsx_download
from luoshi.core.view_guards import signed_in_with
from luoshi.indicators import comparison_charts, selectors
from luoshi.indicators.comparison import Comparison, sorted_rows
from luoshi.indicators.comparison_choice import (
    ComparisonChoice,
    chosen_comparison,
    comparison_choice,
)
from luoshi.indicators.comparison_display import display_rows, headings
from luoshi.indicators.comparison_export import comparison_workbook
from luoshi.indicators.comparison_sets import LEVEL_WORDS

PAGE_SIZE = 100


def _title(choice: ComparisonChoice, comparison: Comparison) -> str:
    assert choice.regions is not None and choice.indicator is not None
    span = "" if choice.period.kind == "year" else choice.period.label
    return f"{choice.regions.label} · {choice.indicator.name} · {choice.year}年{span}"


def _links(choice: ComparisonChoice, comparison: Comparison) -> dict[str, str]:
    """A region's click opens the comparison of the regions below it (a county its own
    indicator table)."""
    base = reverse("indicators:compare")
    table = reverse("indicators:table")
    links = {}
    for row in comparison.rows:
        region = row.region
        if region.level == "county":
            links[region.code] = f"{table}?region={region.code}&year={choice.year}"
        else:
            links[region.code] = f"{base}?{choice.query(regions=f'within={region.code}')}"
    return links


@signed_in_with("indicators.view_indicator")
def compare_page(request: HttpRequest) -> HttpResponse:
    choice = comparison_choice(request.GET, request.user)
    context: dict[str, object] = {
        "choice": choice,
        "indicators": selectors.indicator_list(),
        "levels": LEVEL_WORDS.items(),
    }
    if choice.problems or choice.indicator is None or choice.regions is None:
        return render(
            request, "indicators/compare.html", context, status=400 if choice.problems else 200
        )
    comparison = chosen_comparison(choice, with_sources=choice.view == "promise")
    choice.metric = comparison.metric
    rows = sorted_rows(comparison.rows, choice.sort)
    links = _links(choice, comparison)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    title = _title(choice, comparison)
    codes = [r.region.code for r in comparison.rows]
    charts = {}
    measured = comparison_charts.axis_title(comparison.metric, comparison.unit)
    bar = comparison_charts.bar_figure(comparison, f"各地区{measured}")
    if bar is not None:
        charts["compare-bar"] = bar
    tolerance = tolerance_for(codes)
    outlines = region_outlines(codes, tolerance)
    chart_map = comparison_charts.map_figure(
        comparison,
        outlines,
        f"分级设色：{measured}",
        links,
        lines=maritime_lines() if tolerance == TOLERANCES[0] else None,
    )
    if chart_map is not None and comparison.with_figure:
        charts["compare-map"] = chart_map
    context |= {
        "comparison": comparison,
        "page": page,
        "shown": display_rows(list(page.object_list), comparison, links),
        "title": title,
        "headings": headings(choice, comparison),
        "charts": charts,
        "missing_outlines": len(codes) - len(outlines),
    }
    return render(request, "indicators/compare.html", context)


@signed_in_with("indicators.view_indicator")
def compare_xlsx(request: HttpRequest) -> HttpResponse:
    """The comparison shown on the page, every region of it, as an Excel workbook."""
    choice = comparison_choice(request.GET, request.user)
    if choice.problems or choice.indicator is None or choice.regions is None:
        return render(
            request,
            "indicators/compare.html",
            {
                "choice": choice,
                "indicators": selectors.indicator_list(),
                "levels": LEVEL_WORDS.items(),
            },
            status=400,
        )
    comparison = chosen_comparison(choice)
    title = _title(choice, comparison)
    content = comparison_workbook(comparison, sorted_rows(comparison.rows, choice.sort), title)
    return xlsx_download(content, f"{title}.xlsx")
