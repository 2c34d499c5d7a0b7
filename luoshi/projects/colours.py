"""Warning lights of a key project as of a date: start, 纳统 and investment. Pure functions over
plain values; computed whenever shown, never stored.

The presets seen in practice (DOMAIN.md), with a region's own thresholds (`ProjectPreset`):

- start: green once started; not yet due, green; yellow from the planned month while not
  started; red once `start_red_months` (3) have passed since the planned month.
- 纳统 (500万元 and above, once started): green once included; yellow `inclusion_yellow_months`
  (1) after the start without inclusion; red after `inclusion_red_months` (2).
- investment: the year-to-date amount against the plan to date, both as shares of the annual
  plan. The plan to date runs through the month of the date the light is for — the calendar,
  never the last month the project reported, so a project that stops reporting cannot look
  better by it. Months whose plan the project gave count at that plan; what remains of the
  annual plan is spread evenly over the months without one, from the planned start month (or
  January) to December. (Without any monthly plan that is DOMAIN.md's 序时 by months from the
  planned start; with plans for every month, their sum.) Green at or above the plan to date;
  yellow below it; red more than `investment_red_points` (30) points below. (The published
  preset reads "red: negative growth"; a project's own figures cannot be negative — they are
  refused — so for one project red is falling far behind its plan.)

The project's light is the worst of the three; a light that does not apply is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from luoshi.projects.rates import HUNDRED, TENTH, report_month
from luoshi.projects.stages import add_months, months_between

GREEN, YELLOW, RED = "green", "yellow", "red"
LIGHTS = (GREEN, YELLOW, RED)
LIGHT_LABELS = {GREEN: "绿", YELLOW: "黄", RED: "红"}
_RANK = {GREEN: 0, YELLOW: 1, RED: 2}


@dataclass(frozen=True)
class ColourRules:
    start_red_months: int = 3
    inclusion_yellow_months: int = 1
    inclusion_red_months: int = 2
    investment_red_points: Decimal = Decimal(30)


DEFAULT_RULES = ColourRules()


@dataclass(frozen=True)
class ProjectFacts:
    year: int
    started_planned: date | None
    started_actual: date | None
    included_actual: date | None
    eligible: bool  # 500万元 and above
    annual_plan: Decimal
    year_to_date: Decimal  # through the report month (the latest month reported by then)
    # The monthly plans the project gave (they come with its monthly reports, so a month it
    # did not report has none): their sum and number through the report month, and in the year.
    planned_to_date: Decimal | None
    planned_months_to_date: int
    planned_in_year: Decimal | None
    planned_months_in_year: int


@dataclass(frozen=True)
class Light:
    colour: str | None
    reason: str

    @property
    def label(self) -> str:
        return LIGHT_LABELS.get(self.colour or "", "")


@dataclass(frozen=True)
class ProjectColours:
    start: Light
    inclusion: Light
    investment: Light

    @property
    def overall(self) -> str | None:
        return worst(self.start.colour, self.inclusion.colour, self.investment.colour)


def month_text(day: date) -> str:
    return f"{day.year}年{day.month}月"


def day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def worst(*colours: str | None) -> str | None:
    present = [c for c in colours if c]
    return max(present, key=_RANK.__getitem__) if present else None


def start_light(facts: ProjectFacts, as_of: date, rules: ColourRules) -> Light:
    if facts.started_actual is not None and facts.started_actual <= as_of:
        return Light(GREEN, f"已于{day_text(facts.started_actual)}开工")
    planned = facts.started_planned
    if planned is None:
        return Light(None, "未定计划开工时间")
    late = months_between(planned, as_of)
    if late < 0:
        return Light(GREEN, f"计划{month_text(planned)}开工，未到时间")
    if late >= rules.start_red_months:
        return Light(RED, f"计划{month_text(planned)}开工，逾期{late}个月未开工")
    if late == 0:
        return Light(YELLOW, "计划本月开工，尚未开工")
    return Light(YELLOW, f"计划{month_text(planned)}开工，逾期{late}个月未开工")


def inclusion_light(facts: ProjectFacts, as_of: date, rules: ColourRules) -> Light:
    if not facts.eligible:
        return Light(None, "500万元以下，不纳统")
    if facts.included_actual is not None and facts.included_actual <= as_of:
        return Light(GREEN, f"已于{day_text(facts.included_actual)}纳统")
    started = facts.started_actual
    if started is None or started > as_of:
        return Light(None, "尚未开工")
    if add_months(started, rules.inclusion_red_months) <= as_of:
        return Light(RED, f"开工已满{rules.inclusion_red_months}个月未纳统")
    if add_months(started, rules.inclusion_yellow_months) <= as_of:
        return Light(YELLOW, f"开工已满{rules.inclusion_yellow_months}个月未纳统")
    return Light(GREEN, "开工未满规定时间，待纳统")


def plan_share_to_date(facts: ProjectFacts, month: int) -> Decimal:
    """The share of the annual plan due through `month` — the report month of the date, by the
    calendar — in percent: the monthly plans given for those months, plus the rest of the
    annual plan spread evenly over the months from the planned start (or January) to December
    that have no plan, for as many of them as have passed."""
    if facts.annual_plan <= 0 or month <= 0:
        return Decimal(0)
    first = 1
    if facts.started_planned is not None and facts.started_planned.year == facts.year:
        first = facts.started_planned.month
    elif facts.started_planned is not None and facts.started_planned.year > facts.year:
        return Decimal(0)
    share = (facts.planned_to_date or Decimal(0)) * HUNDRED / facts.annual_plan
    open_months = 12 - first + 1 - facts.planned_months_in_year
    passed = max(0, month - first + 1 - facts.planned_months_to_date) if month >= first else 0
    if open_months > 0 and passed > 0:
        unplanned = facts.annual_plan - (facts.planned_in_year or Decimal(0))
        if unplanned > 0:
            share += unplanned * HUNDRED / facts.annual_plan * passed / open_months
    return min(share, HUNDRED)


def investment_light(facts: ProjectFacts, as_of: date, rules: ColourRules) -> Light:
    if facts.annual_plan <= 0:
        return Light(None, "无年度计划投资")
    month = report_month(facts.year, as_of.year, as_of.month)
    if month == 0:
        return Light(None, "年度尚未开始")
    due = plan_share_to_date(facts, month)
    done = facts.year_to_date * HUNDRED / facts.annual_plan
    words = f"完成年度计划{done.quantize(TENTH)}%，计划进度{due.quantize(TENTH)}%"
    if done >= due:
        return Light(GREEN, words)
    if due - done > rules.investment_red_points:
        return Light(RED, f"{words}，落后超过{rules.investment_red_points:g}个百分点")
    return Light(YELLOW, f"{words}，低于计划进度")


def project_colours(facts: ProjectFacts, as_of: date, rules: ColourRules) -> ProjectColours:
    return ProjectColours(
        start=start_light(facts, as_of, rules),
        inclusion=inclusion_light(facts, as_of, rules),
        investment=investment_light(facts, as_of, rules),
    )
