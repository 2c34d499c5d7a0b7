"""The comparison's bar chart and map, as plotly figures (plain data; `charts.js` draws them).

The map is `luoshi.indicators.region_map`'s: the regions' outlines as filled shapes on plain
axes, coloured in five quantile classes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from luoshi.core.boundaries import Outline
from luoshi.indicators.charts import BRAND, NAVY, PEER, Figure, plain_layout
from luoshi.indicators.comparison import ComparedRegion, Comparison, target_number
from luoshi.indicators.region_map import MapItem, choropleth
from luoshi.indicators.table_display import plain_number, rate_number

BAR_LIMIT = 60  # more regions than this: a histogram instead of bars
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
    return plain_layout(title)


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


def map_figure(
    comparison: Comparison,
    outlines: dict[str, Outline],
    title: str,
    link: dict[str, str],
    lines: list[list[tuple[float, float]]] | None = None,
) -> Figure | None:
    """The regions compared, coloured by their figure (the darkest class the best, as the
    indicator's direction says); `link` maps a code to the page a click on it opens; `lines`
    are drawn as they are (the maritime boundary on a map of the country)."""
    metric, unit = comparison.metric, comparison.unit
    items = [
        MapItem(
            code=row.region.code,
            value=row.figure,
            text=f"{row.region.name}<br>{figure_text(row.figure, metric, unit)}",
            link=link.get(row.region.code, ""),
        )
        for row in comparison.rows
    ]
    return choropleth(
        items,
        outlines,
        _layout(title),
        higher_is_darker=comparison.indicator.direction == "up",
        class_name=lambda lower, upper: _class_name(lower, upper, metric, unit),
        lines=lines,
    )


def _class_name(lower: Decimal | None, upper: Decimal, metric: str, unit: str) -> str:
    upper_text = figure_text(upper, metric, unit)
    if lower is None:
        return f"≤ {upper_text}"
    return f"{figure_text(lower, metric, unit)} – {upper_text}"
