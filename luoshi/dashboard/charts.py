"""Plotly figures of the dashboard as plain data, in the indicators app's style (same font and
colours, same offline plotly.js). Pure: no queries.

Each bar carries the address of its item list in `customdata`, so a click drills down.
"""

from __future__ import annotations

from typing import Any

from luoshi.dashboard.selectors import Bucket, UnitColours, task_list_url
from luoshi.indicators.charts import NAVY, plain_layout

Figure = dict[str, Any]

# The colours of the traffic lights in luoshi.css, so chart and table agree.
LIGHT_COLOURS = {"green": "#2e9d4a", "yellow": "#e9b52b", "red": "#d2362b"}
LIGHT_NAMES = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
STATUS_COLOURS = {
    "not_started": "#9aa5b1",
    "on_schedule": "#2e9d4a",
    "ahead": "#2a9d8f",
    "lagging": "#d2362b",
    "done": NAVY,
    "adjusted": "#e9a23b",
}


def _layout(title: str) -> dict[str, Any]:
    layout = plain_layout(title, size=13, margin={"l": 50, "r": 20, "t": 50, "b": 40})
    layout["showlegend"] = False
    return layout


def status_figure(buckets: list[Bucket]) -> Figure:
    """Tasks by status, one bar each."""
    layout = _layout("任务状态分布")
    layout["xaxis"] = {"type": "category"}
    layout["yaxis"] = {"title": {"text": "任务数"}, "rangemode": "tozero"}
    bar = {
        "type": "bar",
        "x": [b.label for b in buckets],
        "y": [b.count for b in buckets],
        "text": [str(b.count) for b in buckets],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [b.url for b in buckets],
        "marker": {"color": [STATUS_COLOURS.get(b.key, NAVY) for b in buckets]},
        "hovertemplate": "%{x}：%{y} 项<extra></extra>",
    }
    return {"data": [bar], "layout": layout}


def colour_figure(buckets: list[Bucket]) -> Figure:
    """Tasks by colour as a ring of the three lights."""
    layout = _layout("预警颜色分布")
    layout["showlegend"] = True
    layout["legend"] = {"orientation": "h", "y": -0.1}
    pie = {
        "type": "pie",
        "hole": 0.55,
        "sort": False,
        "labels": [LIGHT_NAMES.get(b.key, b.label) for b in buckets],
        "values": [b.count for b in buckets],
        "customdata": [b.url for b in buckets],
        "marker": {"colors": [LIGHT_COLOURS.get(b.key, NAVY) for b in buckets]},
        "textinfo": "value",
        "hovertemplate": "%{label}：%{value} 项（%{percent}）<extra></extra>",
    }
    return {"data": [pie], "layout": layout}


def unit_colour_figure(units: list[UnitColours], year: int) -> Figure:
    """Lead units × colour as stacked horizontal bars, the most worrying unit on top."""
    shown = list(reversed(units))  # plotly draws the first category at the bottom
    layout = _layout("各牵头单位任务预警情况")
    layout["barmode"] = "stack"
    layout["showlegend"] = True
    layout["legend"] = {
        "orientation": "h",
        "y": 1.02,
        "yanchor": "bottom",
        "x": 1,
        "xanchor": "right",
    }
    layout["margin"] = {"l": 160, "r": 20, "t": 70, "b": 40}
    layout["height"] = max(320, 28 * len(shown) + 120)
    layout["xaxis"] = {"title": {"text": "任务数"}, "rangemode": "tozero"}
    layout["yaxis"] = {"type": "category", "automargin": True}
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": LIGHT_NAMES[colour],
            "y": [u.name for u in shown],
            "x": [getattr(u, colour) for u in shown],
            "customdata": [task_list_url(year=year, unit=u.unit_id, colour=colour) for u in shown],
            "marker": {"color": LIGHT_COLOURS[colour]},
            "hovertemplate": "%{y}<br>" + LIGHT_NAMES[colour] + "：%{x} 项<extra></extra>",
        }
        for colour in ("red", "yellow", "green")
    ]
    return {"data": data, "layout": layout}
