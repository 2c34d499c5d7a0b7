"""The one colour rule for work measured against 序时进度 (elapsed-time progress): tasks and
indicator targets with a level to reach. Pure: figures and a region's thresholds in; status,
colour and the reason out.

Status and colour are kept apart (DOMAIN.md):

- status says where the work stands: 已完成 when the caller knows it is done; 未启动 with nothing
  done; 超进度 at least `ahead_points` above 序时; 序时推进 at or above 序时; 滞后 below it.
- colour says how worried the office is, by points behind 序时: green while fewer than
  `yellow_points_behind` points behind, yellow from there through `red_points_behind`, red
  beyond. A deadline raises it: yellow within `yellow_days_before_deadline` days, red once
  passed. Done is green.

So under the defaults a figure 5 points behind 序时 is 滞后 and still green: behind, not yet a
warning (DOMAIN.md's preset starts yellow at 10 points).

The thresholds are a region's `ColourPreset` (its own, else its nearest ancestor's, else
`DEFAULT_COLOUR_RULES`, the DOMAIN.md defaults); `luoshi.core.selectors.colour_rules_for_regions`
finds them. Nothing else holds a threshold: task evaluation and the indicator table both come
here, so the same gap in the same region gives the same colour. (Growth-rate targets are judged
against their bound, not 序时, and project lights have their own preset: neither is this rule.)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

GREEN, YELLOW, RED = "green", "yellow", "red"
_SEVERITY = {GREEN: 0, YELLOW: 1, RED: 2}


class ScheduleStatus:
    """Where the work stands (the canonical set of DOMAIN.md, less 调整, which is a decision
    about a task and not a reading of figures)."""

    NOT_STARTED = "not_started"  # 未启动
    ON_SCHEDULE = "on_schedule"  # 序时推进
    AHEAD = "ahead"  # 超进度
    LAGGING = "lagging"  # 滞后
    DONE = "done"  # 已完成


@dataclass(frozen=True)
class ColourRules:
    """A region's thresholds; the defaults are DOMAIN.md's."""

    yellow_points_behind: Decimal = Decimal("10")
    red_points_behind: Decimal = Decimal("30")
    yellow_days_before_deadline: int = 3
    ahead_points: Decimal = Decimal("10")


DEFAULT_COLOUR_RULES = ColourRules()


@dataclass(frozen=True)
class ScheduleVerdict:
    status: str  # a ScheduleStatus value
    colour: str  # GREEN, YELLOW or RED
    reason: str


def judge_against_schedule(
    progress: Decimal,
    schedule: Decimal,
    rules: ColourRules,
    *,
    done: bool = False,
    days_left: int | None = None,
) -> ScheduleVerdict:
    """Status and colour of work `progress` percent done when `schedule` percent (序时进度) of
    its time has passed. `days_left` is the number of days to the deadline (negative once
    passed; None when there is no deadline to watch)."""
    if done:
        return ScheduleVerdict(ScheduleStatus.DONE, GREEN, str(_("已完成")))
    if progress <= 0:
        status = ScheduleStatus.NOT_STARTED
    elif progress >= schedule + rules.ahead_points:
        status = ScheduleStatus.AHEAD
    elif progress >= schedule:
        status = ScheduleStatus.ON_SCHEDULE
    else:
        status = ScheduleStatus.LAGGING
    behind = schedule - progress
    colour, reason = GREEN, str(_("达到序时进度"))
    if behind > rules.red_points_behind:
        colour = RED
        reason = _("落后序时进度 %(gap)s 个百分点") % {"gap": behind}
    elif behind > 0 and behind >= rules.yellow_points_behind:
        colour = YELLOW
        reason = _("落后序时进度 %(gap)s 个百分点") % {"gap": behind}
    elif behind > 0:
        reason = _("落后序时进度 %(gap)s 个百分点，未到预警线") % {"gap": behind}
    if days_left is not None:
        if days_left < 0:
            colour, reason = RED, str(_("已超过完成时限"))
        elif days_left <= rules.yellow_days_before_deadline and _SEVERITY[colour] < 1:
            colour = YELLOW
            reason = _("距完成时限不足 %(days)d 天") % {"days": rules.yellow_days_before_deadline}
    return ScheduleVerdict(status, colour, reason)
