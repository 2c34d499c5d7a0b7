"""Derived figures: elapsed-time progress (序时进度), status and colour against a target, and
ranks among peer regions. Pure functions over plain values; nothing here is stored.

序时进度 is the elapsed share of the year at the end of the period (DOMAIN.md: by months,
Jan–Nov = 11/12 = 91.7%; by quarters, Q3 = 3/4).

- A level target (a count or amount to reach) is judged by its completion share against 序时
  with the one colour rule tasks use, `luoshi.core.colour_rules.judge_against_schedule`, and the
  region's thresholds (its `ColourPreset`, else its nearest ancestor's, else the defaults: yellow
  10 points behind, red beyond 30, 超进度 10 points ahead). The caller passes the rules in
  (`luoshi.core.selectors.colour_rules_for_region`); there is no threshold here, so the same gap
  in the same region is the same colour on the indicator table as on a task.
- A growth rate, a share or a 'lower is better' figure is judged against its bound whatever the
  month, as DOMAIN.md's growth preset does: green when met, yellow when not, red when it moved
  the wrong way. No 序时 and no preset thresholds are involved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from luoshi.core.colour_rules import ColourRules, ScheduleStatus, judge_against_schedule

KeyT = TypeVar("KeyT")

HUNDRED = Decimal(100)


class Status:
    # The shared rule's words; 序时推进 keeps its own value, which the API has always given.
    NOT_STARTED = ScheduleStatus.NOT_STARTED  # 未启动
    ON_TRACK = "on_track"  # 序时推进
    AHEAD = ScheduleStatus.AHEAD  # 超进度
    LAGGING = ScheduleStatus.LAGGING  # 滞后
    DONE = ScheduleStatus.DONE  # 已完成
    NO_TARGET = "no_target"


_FROM_SCHEDULE = {ScheduleStatus.ON_SCHEDULE: Status.ON_TRACK}

STATUS_LABELS = {
    Status.NOT_STARTED: "未启动",
    Status.ON_TRACK: "序时推进",
    Status.AHEAD: "超进度",
    Status.LAGGING: "滞后",
    Status.DONE: "已完成",
    Status.NO_TARGET: "—",
}


def elapsed_share(period_kind: str, period_index: int) -> Decimal:
    """The share of the year elapsed at the end of the period, as a fraction (11月 → 11/12)."""
    if period_kind == "month":
        return Decimal(period_index) / Decimal(12)
    if period_kind == "quarter":
        return Decimal(period_index) / Decimal(4)
    return Decimal(1)


@dataclass(frozen=True)
class TargetView:
    measure: str
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    direction: str


@dataclass(frozen=True)
class Assessment:
    completion: Decimal | None  # 进度%: level done so far as a percentage of the year's target
    elapsed: Decimal  # 序时进度 as a percentage
    gap_points: Decimal | None  # completion − elapsed, in percentage points
    status: str
    colour: str | None  # "green", "yellow", "red", or None when there is nothing to judge

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def assess(
    target: TargetView | None,
    value: Decimal | None,
    growth: Decimal | None,
    period_kind: str,
    period_index: int,
    *,
    rules: ColourRules,
) -> Assessment:
    """Status and colour of one figure against its target; `rules` are the region's
    (`luoshi.core.selectors.colour_rules_for_region`)."""
    elapsed = (elapsed_share(period_kind, period_index) * HUNDRED).quantize(Decimal("0.1"))
    if target is None or target.qualifier in ("in_step", "above", "below"):
        return Assessment(None, elapsed, None, Status.NO_TARGET, None)
    if target.measure in ("level", "count") and target.direction == "up":
        return _assess_level(target, value, elapsed, rules)
    return _assess_rate(target, value if target.measure != "growth" else growth, elapsed)


def _assess_level(
    target: TargetView, value: Decimal | None, elapsed: Decimal, rules: ColourRules
) -> Assessment:
    goal = target.low if target.low is not None else target.high
    if goal is None or goal == 0:
        return Assessment(None, elapsed, None, Status.NO_TARGET, None)
    completion = Decimal(0)
    if value is not None and value != 0:
        completion = (value / goal * HUNDRED).quantize(Decimal("0.1"))
    verdict = judge_against_schedule(completion, elapsed, rules, done=completion >= HUNDRED)
    status = _FROM_SCHEDULE.get(verdict.status, verdict.status)
    return Assessment(completion, elapsed, completion - elapsed, status, verdict.colour)


def _assess_rate(target: TargetView, actual: Decimal | None, elapsed: Decimal) -> Assessment:
    """Growth rates, shares and 'lower is better' figures are judged against the bound."""
    if actual is None:
        return Assessment(None, elapsed, None, Status.NOT_STARTED, None)
    if target.direction == "down":
        # 降低2.5%: a fall of at least 2.5 (growth ≤ −2.5); 控制在3%以内: at most 3.
        if target.measure == "growth" and target.qualifier != "at_most" and target.low is not None:
            met = -actual >= target.low
        else:
            bound = target.high if target.high is not None else target.low
            met = bound is not None and actual <= bound
        wrong_way = target.measure == "growth" and target.qualifier != "at_most" and actual > 0
    else:
        bound = target.low if target.low is not None else target.high
        met = bound is not None and actual >= bound
        wrong_way = target.measure == "growth" and actual < 0
    if met:
        return Assessment(None, elapsed, None, Status.ON_TRACK, "green")
    return Assessment(None, elapsed, None, Status.LAGGING, "red" if wrong_way else "yellow")


def competition_ranks(
    values: Mapping[KeyT, Decimal], *, descending: bool = True
) -> dict[KeyT, int]:
    """Standard competition ranking (1, 2, 2, 4): equal values share a rank."""
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=descending)
    ranks: dict[KeyT, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank = position
            previous = value
        ranks[key] = rank
    return ranks


@dataclass(frozen=True)
class Tier:
    label: str
    rank_from: int
    rank_to: int | None


DEFAULT_TIERS = (Tier("第一方阵", 1, 3), Tier("第二方阵", 4, 8), Tier("第三方阵", 9, None))


def tier_for(rank: int | None, tiers: tuple[Tier, ...] = DEFAULT_TIERS) -> str:
    if rank is None:
        return ""
    for tier in tiers:
        if rank >= tier.rank_from and (tier.rank_to is None or rank <= tier.rank_to):
            return tier.label
    return ""
