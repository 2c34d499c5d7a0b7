"""Plotly figures as plain data (traces and layout), built from what the selectors read.

Pure: no queries. The page hands the dictionary to `Plotly.newPlot` through `json_script`, so
the same figure is what tests read back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from luoshi.indicators.periods import Period
from luoshi.indicators.selectors import HistoryPoint, IndicatorHistory, PeerFigure
from luoshi.indicators.table_display import rate_number, target_words

FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'
BRAND = "#b3261e"
NAVY = "#1d3557"
PEER = "#8fa3bf"
BAND = "rgba(30, 123, 52, 0.12)"
BAND_LINE = "rgba(30, 123, 52, 0.7)"
YEAR_COLOURS = ("#1d3557", "#b3261e", "#2a9d8f", "#e9a23b", "#6d597a", "#5f6b7a")

Figure = dict[str, Any]


def plain_layout(
    title: str, *, size: int = 12, margin: dict[str, int] | None = None
) -> dict[str, Any]:
    """The layout every chart starts from: its title, the Chinese font, white ground."""
    return {
        "title": {"text": title, "font": {"size": 15}},
        "font": {"family": FONT, "size": size, "color": "#1f2328"},
        "margin": margin or {"l": 50, "r": 16, "t": 50, "b": 50},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "hovermode": "closest",
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _month_date(year: int, month: int) -> str:
    return f"{year}-{month:02d}-15"


def _layout(title: str, y_title: str) -> dict[str, Any]:
    return {
        "title": {"text": title, "font": {"size": 16}},
        "font": {"family": FONT, "size": 13, "color": "#1f2328"},
        "margin": {"l": 60, "r": 20, "t": 60, "b": 60},
        "yaxis": {"title": {"text": y_title}, "zeroline": True, "zerolinecolor": "#9aa5b1"},
        "legend": {"orientation": "h", "y": -0.15},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "hovermode": "closest",
        "shapes": [],
        "annotations": [],
    }


def history_metric(history: IndicatorHistory, requested: str = "") -> str:
    """`growth` or `value`: what was asked for if there is data for it, else what the
    indicator is judged by, else whatever was reported."""
    has_growth = any(p.growth is not None for p in history.points)
    has_value = any(p.value is not None for p in history.points)
    if requested == "growth" and has_growth:
        return "growth"
    if requested == "value" and has_value:
        return "value"
    if history.indicator.measure == "growth" and has_growth:
        return "growth"
    return "value" if has_value else "growth"


def history_figure(history: IndicatorHistory, metric: str) -> Figure:
    """Cumulative growth (or value) month by month across years, full-year results beside
    them, against each year's target."""
    indicator = history.indicator
    unit = next((p.unit for p in history.points if p.unit), indicator.unit)
    y_title = (
        "累计增速（%）" if metric == "growth" else f"累计完成值（{unit}）" if unit else "累计完成值"
    )
    layout = _layout(f"{history.region.name} · {indicator.name} · 累计完成情况", y_title)
    years = sorted({p.year for p in history.points})
    # Monthly ticks; plotly's automatic ticks repeat one month's label when the figures span
    # a single month (a year's result read from a report).
    layout["xaxis"] = {
        "type": "date",
        "tickformat": "%Y年%-m月",
        "hoverformat": "%Y年%-m月",
        "dtick": "M1" if len(years) <= 1 else "M3",
    }
    data: list[dict[str, Any]] = []
    suffix = "%" if metric == "growth" else unit
    for position, year in enumerate(years):
        # A year's line is its monthly figures, or its quarterly ones where no month was kept.
        in_year = [p for p in history.points if p.year == year]
        points = [p for p in in_year if p.period.kind == "month"] or [
            p for p in in_year if p.period.kind == "quarter"
        ]
        if points:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": f"{year}年",
                    "x": [_month_date(year, p.period.months) for p in points],
                    "y": [_number(p.growth if metric == "growth" else p.value) for p in points],
                    "text": [f"{year}年{p.period.label}" for p in points],
                    "hovertemplate": "%{text}<br>%{y}" + suffix + "<extra></extra>",
                    "line": {"color": YEAR_COLOURS[position % len(YEAR_COLOURS)], "width": 2},
                }
            )
        target = history.targets.get(year)
        if target is not None:
            _add_target(
                layout,
                data,
                year,
                target_low=target.low,
                target_high=target.high,
                qualifier=target.qualifier,
                measure=target.measure,
                metric=metric,
                wording=target_words(target),
            )
    annual = [p for p in history.points if p.period.kind == "year"]
    if annual:
        # Full-year results (often all a report states) as their own series at year end.
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers+text" if len(annual) < 8 else "lines+markers",
                "name": "全年",
                "x": [_month_date(p.year, 12) for p in annual],
                "y": [_number(p.growth if metric == "growth" else p.value) for p in annual],
                "text": [_point_text(p, metric, suffix) for p in annual],
                "textposition": "top center",
                "hovertemplate": "%{x|%Y}年全年<br>%{y}" + suffix + "<extra></extra>",
                "line": {"color": BRAND, "width": 1, "dash": "dot"},
                "marker": {"symbol": "diamond", "size": 10, "color": BRAND},
            }
        )
    return {"data": data, "layout": layout}


def _point_text(point: HistoryPoint, metric: str, suffix: str) -> str:
    if metric == "growth":
        return "" if point.growth is None else f"{rate_number(point.growth)}%"
    return "" if point.value is None else f"{_plain(point.value)}{suffix}"


def _add_target(
    layout: dict[str, Any],
    data: list[dict[str, Any]],
    year: int,
    *,
    target_low: Decimal | None,
    target_high: Decimal | None,
    qualifier: str,
    measure: str,
    metric: str,
    wording: str,
) -> None:
    """A growth target is a band (or a line) over its year; a level target, when values are
    shown, is the elapsed-time line: the year's goal × months / 12 (序时目标)."""
    start, end = f"{year}-01-01", f"{year}-12-31"
    if metric == "growth" and measure == "growth" and qualifier != "in_step":
        low = target_low if target_low is not None else target_high
        high = target_high if target_high is not None else target_low
        if low is None or high is None:
            return
        if low != high:
            layout["shapes"].append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "y",
                    "x0": start,
                    "x1": end,
                    "y0": float(low),
                    "y1": float(high),
                    "fillcolor": BAND,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
        else:
            layout["shapes"].append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "y",
                    "x0": start,
                    "x1": end,
                    "y0": float(low),
                    "y1": float(low),
                    "line": {"color": BAND_LINE, "dash": "dash"},
                }
            )
        layout["annotations"].append(
            {
                "x": start,
                "y": float(high),
                "xref": "x",
                "yref": "y",
                "text": f"{year}年目标 {wording}",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 11, "color": BAND_LINE},
            }
        )
    elif metric == "value" and measure in ("level", "count"):
        goal = target_low if target_low is not None else target_high
        if goal is None:
            return
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{year}年序时目标（{wording}）",
                "x": [_month_date(year, month) for month in range(1, 13)],
                "y": [float(goal) * month / 12 for month in range(1, 13)],
                "line": {"color": BAND_LINE, "dash": "dash", "width": 1.5},
                "hovertemplate": f"{year}年%{{x|%-m}}月序时目标<br>%{{y:.2f}}<extra></extra>",
            }
        )


def peers_metric(figures: list[PeerFigure], requested: str = "") -> str:
    if requested == "value" and any(f.value is not None for f in figures):
        return "value"
    if any(f.growth is not None for f in figures):
        return "growth"
    return "value"


def peers_figure(
    figures: list[PeerFigure],
    *,
    region_code: str,
    indicator_name: str,
    parent_name: str,
    year: int,
    period: Period,
    metric: str,
    descending: bool = True,
) -> Figure:
    """One bar per peer region, best first, the region in question in the brand colour."""
    shown = [f for f in figures if (f.growth if metric == "growth" else f.value) is not None]
    shown.sort(
        key=lambda f: (f.growth if metric == "growth" else f.value) or Decimal(0),
        reverse=descending,
    )
    unit = next((f.unit for f in shown if f.unit), "")
    values = [_number(f.growth if metric == "growth" else f.value) for f in shown]
    suffix = "%" if metric == "growth" else unit
    label = "增速" if metric == "growth" else "完成值"
    layout = _layout(
        f"{indicator_name} · {parent_name}所辖各地 · {year}年{period.label}{label}",
        "增速（%）" if metric == "growth" else f"完成值（{unit}）" if unit else "完成值",
    )
    layout["xaxis"] = {"type": "category", "tickangle": 0}
    layout["showlegend"] = False
    bar = {
        "type": "bar",
        "x": [f.region.name for f in shown],
        "y": values,
        "text": [
            f"{rate_number(f.growth)}%" if metric == "growth" else f"{_plain(f.value)}{unit}"
            for f in shown
        ],
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": [BRAND if f.region.code == region_code else PEER for f in shown]},
        "hovertemplate": "%{x}<br>%{y}" + suffix + "<extra></extra>",
    }
    return {"data": [bar], "layout": layout}
