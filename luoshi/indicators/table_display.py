"""Wording shared by the indicator table page and its Excel file, so both read the same."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from luoshi.core.models import Region
from luoshi.indicators.models import StatedRank, Target
from luoshi.indicators.periods import Period
from luoshi.indicators.selectors import TableRow

DASH = "–"


def plain_number(value: Decimal | None) -> str:
    """1234.5000 → "1234.5"; None → "–"."""
    if value is None:
        return DASH
    return format(value.normalize(), "f")


def rate_number(value: Decimal | None) -> str:
    """A growth rate with at least one decimal, as statistics bulletins print it: 5 → "5.0"."""
    if value is None:
        return DASH
    text = plain_number(value)
    return text if "." in text else f"{text}.0"


def table_title(region: Region, year: int, period: Period) -> str:
    """XX县2025年1–11月主要经济指标完成情况."""
    span = "" if period.kind == "year" else period.label
    return f"{region.name}{year}年{span}主要经济指标完成情况"


def completed_heading(period: Period) -> str:
    return "全年完成" if period.kind == "year" else f"{period.label}完成"


def stated_rank_text(ranks: Iterable[StatedRank]) -> str:
    """As the source states it: 全市第3、前进2位；全省第12."""
    parts = []
    for rank in ranks:
        words = []
        if rank.rank is not None:
            words.append(f"{rank.scope}第{rank.rank}")
        if rank.change is not None:
            if rank.change > 0:
                words.append(f"前进{rank.change}位")
            elif rank.change < 0:
                words.append(f"后退{-rank.change}位")
            else:
                words.append("位次持平")
        parts.append("、".join(words))
    return "；".join(part for part in parts if part)


def peer_rank_text(row: TableRow) -> str:
    """3/15 (第一方阵); empty when fewer than two peers report the figure."""
    if row.peer_rank is None:
        return ""
    return f"{row.peer_rank}/{row.peer_count}"


def target_words(target: Target) -> str:
    """The target as worded in reports; a fall to achieve reads 下降2.5% (not "2.5%")."""
    words = target.describe()
    falls = target.direction == "down" and target.measure == "growth"
    if falls and target.qualifier not in ("at_most", "in_step"):
        return f"下降{words}"
    return words


def target_text(row: TableRow) -> str:
    return target_words(row.target) if row.target else DASH


def moved_wrong_way(row: TableRow) -> bool:
    """Growth against the indicator's direction (a fall of GDP, a rise of energy intensity)."""
    growth = row.observation.growth if row.observation else None
    if growth is None:
        return False
    return growth > 0 if row.indicator.direction == "down" else growth < 0


def completion_text(row: TableRow) -> str:
    completion = row.assessment.completion
    return DASH if completion is None else f"{plain_number(completion)}%"


COLOUR_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}


def colour_label(colour: str | None) -> str:
    return COLOUR_LABELS.get(colour or "", "")
