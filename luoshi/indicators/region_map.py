"""A map of regions coloured by a figure (分级设色), as a plotly figure (plain data; charts.js
draws it) — the comparison's and the appeals' hotspots'.

It draws the regions' outlines (`luoshi.core.boundaries`) as filled shapes on plain axes with
equal scale: plotly's geo maps fetch their base map from a CDN, which this platform never
calls. Regions are coloured in up to five classes by quantile, one trace per class, and a
marker at each region's centre carries its hover text and the page a click opens.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from luoshi.core.boundaries import Outline
from luoshi.indicators.charts import Figure

# Light to dark: the darkest class is the highest figure (or the lowest, when lower is
# better).
CLASS_COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#eef0f3"


@dataclass(frozen=True)
class MapItem:
    code: str
    value: Decimal | None
    text: str  # shown on hover, HTML line breaks allowed
    link: str = ""  # the page a click opens


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


def choropleth(
    items: list[MapItem],
    outlines: dict[str, Outline],
    layout: dict[str, Any],
    *,
    higher_is_darker: bool,
    class_name: Callable[[Decimal | None, Decimal], str],
    lines: list[list[tuple[float, float]]] | None = None,
) -> Figure | None:
    """`items` coloured by value on their outlines (those without one are left out); `lines`
    are drawn as they are (the maritime boundary on a map of the country)."""
    if not outlines:
        return None
    values = [item.value for item in items if item.value is not None]
    bounds = _classes(values) if values else []
    colours = list(CLASS_COLOURS[-len(bounds) :]) if bounds else []
    if not higher_is_darker:
        colours.reverse()  # lower is better: the lowest class is the darkest
    groups: dict[int, list[MapItem]] = {}
    for item in items:
        if item.code not in outlines:
            continue
        group = -1
        if item.value is not None:
            value = item.value
            group = next(i for i, bound in enumerate(bounds) if value <= bound)
        groups.setdefault(group, []).append(item)
    data: list[dict[str, Any]] = []
    lower: Decimal | None = None
    for group in [-1, *range(len(bounds))]:
        members = groups.get(group, [])
        if group >= 0:
            name = class_name(lower, bounds[group])
            lower = bounds[group]
        else:
            name = "无数据"
        if not members:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for item in members:
            for ring in outlines[item.code].rings:
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
    shown = [item for item in items if item.code in outlines]
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": "地区",
            "showlegend": False,
            "x": [outlines[item.code].centre[0] for item in shown],
            "y": [outlines[item.code].centre[1] for item in shown],
            "text": [item.text for item in shown],
            "customdata": [item.link for item in shown],
            "marker": {"size": 6, "color": "rgba(29, 53, 87, 0.35)"},
            "hovertemplate": "%{text}<extra></extra>",
        }
    )
    ys_all = [y for item in shown for ring in outlines[item.code].rings for _, y in ring]
    middle = (min(ys_all) + max(ys_all)) / 2 if ys_all else 35.0
    layout = dict(layout)
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
