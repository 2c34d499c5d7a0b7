"""The comparison's bar chart and map, as plotly figures (plain data; `charts.js` draws them).

The map draws the regions' outlines (`luoshi.core.boundaries`) as filled shapes on plain axes
with equal scale: plotly's geo maps fetch their base map from a CDN, which this platform never
calls. Regions are coloured in five classes by quantile (分级设色), one trace per class, and a
marker at each region's centre carries its name and figure for hover and click.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from luoshi.core.boundaries import Outline
from luoshi.indicators.charts import BRAND, FONT, NAVY, PEER, Figure
from luoshi.indicators.comparison import ComparedRegion, Comparison, target_number
from luoshi.indicators.table_display import plain_number, rate_number

BAR_LIMIT = 60  # more regions than this: a histogram instead of bars
# Light to dark; the darkest class is the best figure (the indicator's direction decides).
CLASS_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#eef0f3"
TARGET_MARK = "#1e7b34"


def figure_text(value: Decimal | None, metric: str, unit: str) -> str:
    if value is None:
        return "–"
    if metric == "growth" or unit == "%":
        return f"{rate_number(value)}%"
    return f"{plain_number(value)}{unit}"


def axis_title(metric: str, unit: str) -> str:
    """增速（%） · 完成值（亿元） · 目标（%）."""
    word = {"growth": "增速", "target": "目标"}.get(metric, "完成值")
    unit = "%" if metric == "growth" else unit
    return f"{word}（{unit}）" if unit else word


def _layout(title: str) -> dict[str, Any]:
    return {
        "title": {"text": title, "font": {"size": 15}},
        "font": {"family": FONT, "size": 12, "color": "#1f2328"},
        "margin": {"l": 50, "r": 16, "t": 50, "b": 50},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "hovermode": "closest",
    }


def bar_figure(comparison: Comparison, title: str, highlight: str = "") -> Figure | None:
    """Bars best first with each region's target as a mark; a histogram past BAR_LIMIT."""
    rows = comparison.with_figure
    if not rows:
        return None
    metric, unit = comparison.metric, comparison.unit
    axis = axis_title(metric, unit)
    layout = _layout(title)
    if len(rows) > BAR_LIMIT:
        layout["xaxis"] = {"title": {"text": axis}}
        layout["yaxis"] = {"title": {"text": "地区数"}}
        layout["bargap"] = 0.05
        layout["showlegend"] = False
        return {
            "data": [
                {
                    "type": "histogram",
                    "x": [float(r.figure) for r in rows if r.figure is not None],
                    "marker": {"color": NAVY},
                    "hovertemplate": "%{x}<br>%{y} 个地区<extra></extra>",
                }
            ],
            "layout": layout,
        }
    descending = comparison.indicator.direction == "up"
    rows = sorted(rows, key=lambda r: r.figure or Decimal(0), reverse=descending)
    names = [r.region.name for r in rows]
    layout["xaxis"] = {
        "type": "category",
        "tickangle": -45 if len(rows) > 12 else 0,
        "automargin": True,
    }
    layout["yaxis"] = {"title": {"text": axis}, "zeroline": True, "zerolinecolor": "#9aa5b1"}
    layout["legend"] = {"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right"}
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": "目标" if metric == "target" else "完成",
            "x": names,
            "y": [float(r.figure) if r.figure is not None else None for r in rows],
            "text": [figure_text(r.figure, metric, unit) for r in rows],
            "textposition": "outside" if len(rows) <= 20 else "none",
            "cliponaxis": False,
            "marker": {"color": [BRAND if r.region.code == highlight else PEER for r in rows]},
            "hovertemplate": "%{x}<br>%{text}<extra></extra>",
        }
    ]
    marks = [(r.region.name, target_number(r.target)) for r in rows if _target_on_axis(r, metric)]
    if marks:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "目标",
                "x": [name for name, _ in marks],
                "y": [float(value or 0) for _, value in marks],
                "marker": {"symbol": "line-ew-open", "size": 22, "color": TARGET_MARK},
                "hovertemplate": "%{x}<br>目标 %{y}<extra></extra>",
            }
        )
    return {"data": data, "layout": layout}


def _target_on_axis(row: ComparedRegion, metric: str) -> bool:
    target = row.target
    if metric == "target" or target is None or target_number(target) is None:
        return False
    return (target.measure == "growth") == (metric == "growth")


def _classes(values: list[Decimal]) -> list[Decimal]:
    """Upper bounds of up to five quantile classes (the last is the maximum)."""
    ordered = sorted(values)
    bounds: list[Decimal] = []
    count = min(len(CLASS_COLOURS), len(set(ordered)))
    for position in range(1, count + 1):
        bound = ordered[math.ceil(position * len(ordered) / count) - 1]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def map_figure(
    comparison: Comparison,
    outlines: dict[str, Outline],
    title: str,
    link: dict[str, str],
    lines: list[list[tuple[float, float]]] | None = None,
) -> Figure | None:
    """The regions compared, coloured by their figure; `link` maps a code to the page a click
    on it opens; `lines` are drawn as they are (the maritime boundary on a map of the
    country)."""
    if not outlines:
        return None
    metric, unit = comparison.metric, comparison.unit
    descending = comparison.indicator.direction == "up"
    values = [r.figure for r in comparison.rows if r.figure is not None]
    bounds = _classes(values) if values else []
    colours = list(CLASS_COLOURS[-len(bounds) :]) if bounds else []
    if not descending:
        colours.reverse()  # lower is better: the lowest class is the darkest
    groups: dict[int, list[ComparedRegion]] = {}
    for row in comparison.rows:
        if row.region.code not in outlines:
            continue
        group = -1
        if row.figure is not None:
            group = next(i for i, bound in enumerate(bounds) if row.figure <= bound)
        groups.setdefault(group, []).append(row)
    data: list[dict[str, Any]] = []
    lower: Decimal | None = None
    for group in [-1, *range(len(bounds))]:
        members = groups.get(group, [])
        if group >= 0:
            name = _class_name(lower, bounds[group], metric, unit)
            lower = bounds[group]
        else:
            name = "无数据"
        if not members:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for row in members:
            for ring in outlines[row.region.code].rings:
                xs += [x for x, _ in ring] + [None]
                ys += [y for _, y in ring] + [None]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "x": xs,
                "y": ys,
                "fill": "toself",
                "fillcolor": NO_DATA if group < 0 else colours[group],
                "line": {"color": "#ffffff", "width": 0.6},
                "hoverinfo": "skip",
            }
        )
    if lines:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "海上边界",
                "showlegend": False,
                "x": [x for line in lines for x in [*(p[0] for p in line), None]],
                "y": [y for line in lines for y in [*(p[1] for p in line), None]],
                "line": {"color": "#8a96a3", "width": 1},
                "hoverinfo": "skip",
            }
        )
    shown = [r for r in comparison.rows if r.region.code in outlines]
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": "地区",
            "showlegend": False,
            "x": [outlines[r.region.code].centre[0] for r in shown],
            "y": [outlines[r.region.code].centre[1] for r in shown],
            "text": [f"{r.region.name}<br>{figure_text(r.figure, metric, unit)}" for r in shown],
            "customdata": [link.get(r.region.code, "") for r in shown],
            "marker": {"size": 6, "color": "rgba(29, 53, 87, 0.35)"},
            "hovertemplate": "%{text}<extra></extra>",
        }
    )
    ys_all = [y for r in shown for ring in outlines[r.region.code].rings for _, y in ring]
    middle = (min(ys_all) + max(ys_all)) / 2 if ys_all else 35.0
    layout = _layout(title)
    layout["margin"] = {"l": 8, "r": 8, "t": 40, "b": 40}
    layout["xaxis"] = {"visible": False}
    # Equal-area enough at these extents: a degree of longitude is cos(latitude) of one of
    # latitude, so the y axis is stretched by 1 / cos(middle latitude).
    layout["yaxis"] = {
        "visible": False,
        "scaleanchor": "x",
        "scaleratio": 1 / math.cos(math.radians(middle)),
    }
    # Under the map: beside it, a phone's narrow map would be covered.
    layout["legend"] = {"orientation": "h", "x": 0, "y": 0, "yanchor": "top"}
    return {"data": data, "layout": layout}


def _class_name(lower: Decimal | None, upper: Decimal, metric: str, unit: str) -> str:
    upper_text = figure_text(upper, metric, unit)
    if lower is None:
        return f"≤ {upper_text}"
    return f"{figure_text(lower, metric, unit)} – {upper_text}"
