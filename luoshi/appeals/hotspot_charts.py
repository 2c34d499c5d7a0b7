"""The hotspots page's charts: appeals by topic this period and the one before (bars), and a
map of the period's appeals by county for a city or a province (`region_map`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from luoshi.core.boundaries import TOLERANCES, maritime_lines, region_outlines, tolerance_for
from luoshi.core.models import Region
from luoshi.indicators.charts import NAVY, PEER, Figure, plain_layout
from luoshi.indicators.region_map import MapItem, choropleth


def _layout(title: str) -> dict[str, Any]:
    return plain_layout(title, margin={"l": 44, "r": 12, "t": 50, "b": 40})


def topic_figure(rows: list[tuple[str, int, int]], days: int) -> Figure | None:
    if not rows:
        return None
    names = [name for name, _now, _before in rows]
    layout = _layout(f"各类诉求：近 {days} 天与此前 {days} 天")
    layout["barmode"] = "group"
    layout["xaxis"] = {"type": "category", "automargin": True}
    layout["yaxis"] = {"title": {"text": "件"}, "rangemode": "tozero"}
    layout["legend"] = {"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right"}
    return {
        "data": [
            {
                "type": "bar",
                "name": f"此前 {days} 天",
                "x": names,
                "y": [before for _name, _now, before in rows],
                "marker": {"color": PEER},
                "hovertemplate": "%{x}<br>%{y} 件<extra></extra>",
            },
            {
                "type": "bar",
                "name": f"近 {days} 天",
                "x": names,
                "y": [now for _name, now, _before in rows],
                "marker": {"color": NAVY},
                "hovertemplate": "%{x}<br>%{y} 件<extra></extra>",
            },
        ],
        "layout": layout,
    }


def place_map(
    places: list[Region], counts: dict[int, int], days: int, link: dict[str, str]
) -> Figure | None:
    """The period's appeals by county, darker for more."""
    codes = [place.code for place in places]
    if not codes:
        return None
    tolerance = tolerance_for(codes)
    outlines = region_outlines(codes, tolerance)
    items = [
        MapItem(
            code=place.code,
            value=Decimal(counts.get(place.pk, 0)),
            text=f"{place.name}<br>{counts.get(place.pk, 0)} 件",
            link=link.get(place.code, ""),
        )
        for place in places
    ]
    return choropleth(
        items,
        outlines,
        _layout(f"近 {days} 天诉求分布"),
        higher_is_darker=True,
        class_name=lambda lower, upper: (
            f"{int(lower) + 1 if lower is not None else 0}–{int(upper)} 件"
        ),
        lines=maritime_lines() if tolerance == TOLERANCES[0] else None,
    )
