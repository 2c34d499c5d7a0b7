"""The appeals on the dashboard (诉求办理): this month's and the year's rates of the scope's
appeals (`luoshi.appeals.rates`), and how many open ones are past their limit or due today —
beside the tasks, kept with the rest of the dashboard's figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from luoshi.appeals.models import Appeal
from luoshi.appeals.rates import Rates, received_between, totals
from luoshi.appeals.time_limits import Today, due_filter
from luoshi.core.colour_rules import RED, YELLOW
from luoshi.dashboard.scope import DashboardScope
from luoshi.tasks.periods import month_bounds


@dataclass(frozen=True)
class AppealFigures:
    year: Rates
    month: Rates | None  # this month, when the dashboard shows this year
    overdue: int
    due_today: int


def appeal_figures(scope: DashboardScope, today: dt.date) -> AppealFigures | None:
    appeals = Appeal.objects.filter(scope.region_q())
    year = totals(
        received_between(appeals, dt.date(scope.year, 1, 1), dt.date(scope.year, 12, 31)), today
    )
    if not year.received:
        return None
    month = None
    if scope.year == today.year:
        month = totals(received_between(appeals, *month_bounds(today)), today)
    marks = Today.of(today)
    return AppealFigures(
        year=year,
        month=month,
        overdue=appeals.filter(due_filter(RED, marks)).count(),
        due_today=appeals.filter(due_filter(YELLOW, marks)).count(),
    )
