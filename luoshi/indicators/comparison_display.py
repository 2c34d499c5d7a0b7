"""Wording of the comparison table: cells as text, sortable headings as links. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from luoshi.indicators.comparison import ComparedRegion, Comparison
from luoshi.indicators.comparison_charts import figure_text
from luoshi.indicators.comparison_choice import ComparisonChoice
from luoshi.indicators.models import Observation, Target
from luoshi.indicators.table_display import DASH, rate_number, target_words


@dataclass(frozen=True)
class Heading:
    label: str
    key: str  # the sort key, "" when the column does not sort
    numeric: bool = False
    url: str = ""
    arrow: str = ""  # ↑ · ↓ on the column sorted by


@dataclass(frozen=True)
class Source:
    text: str
    url: str  # the paragraph in a published report, else ""


def figure_heading(comparison: Comparison) -> str:
    if comparison.metric == "target":
        return "完成" if comparison.unit != "%" else "增速"
    span = "全年" if comparison.period.kind == "year" else comparison.period.label
    return f"{span}增速" if comparison.metric == "growth" else f"{span}完成"


def headings(choice: ComparisonChoice, comparison: Comparison) -> list[Heading]:
    promise = choice.view == "promise"
    columns = [
        *([] if promise else [("位次", "rank", True)]),
        ("地区", "region", False),
        ("年度目标", "target", False),
        *([] if promise else [("上年目标", "", False), ("调整", "target_change", False)]),
        (figure_heading(comparison), "figure" if comparison.metric != "target" else "", True),
        ("与目标差距", "gap", True),
        ("结论", "", False),
        *(
            [("目标原文", "", False), ("完成情况原文", "", False)]
            if promise
            else [("位次变化", "rank_change", True)]
        ),
    ]
    current = choice.sort.lstrip("-")
    descending = choice.sort.startswith("-")
    result = []
    for label, key, numeric in columns:
        if not key:
            result.append(Heading(label, "", numeric))
            continue
        # A second click on the sorted column turns it round; a first sorts the natural way
        # (ranks and names ascending, figures and changes largest first).
        natural = "" if key in ("rank", "region") else "-"
        next_sort = (key if descending else f"-{key}") if key == current else f"{natural}{key}"
        arrow = ("↓" if descending else "↑") if key == current else ""
        result.append(Heading(label, key, numeric, f"?{choice.query(sort=next_sort)}", arrow))
    return result


def _actual(row: ComparedRegion, comparison: Comparison) -> str:
    """The actual shown beside the target: the figure compared, or when targets are compared,
    the result in the target's own terms."""
    observation = row.observation
    if comparison.metric != "target":
        return figure_text(row.figure, comparison.metric, comparison.unit)
    if observation is None:
        return DASH
    if comparison.unit == "%" and observation.growth is not None:
        return f"{rate_number(observation.growth)}%"
    return figure_text(observation.value, "value", observation.unit)


def _gap(row: ComparedRegion) -> str:
    if row.gap is None:
        return DASH
    sign = "+" if row.gap > 0 else ""
    target = row.target
    unit = "%"  # a level's gap is its completion share less 100%
    if target is not None and (target.measure in ("growth", "share") or target.direction == "down"):
        percent = target.measure in ("growth", "share") or target.unit in ("%", "")
        unit = "个百分点" if percent else target.unit
    return f"{sign}{rate_number(row.gap)}{unit}"


def _rank_change(change: int | None) -> str:
    if change is None:
        return DASH
    if change == 0:
        return "持平"
    return f"↑{change}" if change > 0 else f"↓{-change}"


def _source(item: Target | Observation | None) -> Source | None:
    if item is None or not item.source_text:
        return None
    version = item.source_version
    url = ""
    if version is not None and version.published_at is not None:
        url = reverse("reports:version_detail", args=[version.report_id, version.number])
        if item.source_anchor:
            url += f"#p-{item.source_anchor}"
    return Source(item.source_text, url)


def _target(target: Target | None) -> str:
    return target_words(target) if target is not None else DASH


def display_rows(
    rows: list[ComparedRegion], comparison: Comparison, links: dict[str, str]
) -> list[dict[str, object]]:
    return [
        {
            "row": row,
            "link": links.get(row.region.code, ""),
            "target": _target(row.target),
            "previous_target": _target(row.previous_target),
            "actual": _actual(row, comparison),
            "gap": _gap(row),
            "rank_change": _rank_change(row.rank_change),
            "sources": (_source(row.target), _source(row.observation)),
        }
        for row in rows
    ]
