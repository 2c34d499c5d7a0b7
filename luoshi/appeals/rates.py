"""The accountability figures of appeals (考核指标), computed from the appeals each time and
never stored, for any set of appeals and grouped by unit, topic, region or month.

An appeal counts in the month it was received (受理), the way 12345 centres report a month's
intake; each rate is a part of a whole, and the whole leaves out what cannot be judged yet:

- 响应率 (签收及时率): signed by the sign-for limit, of those dispatched that are signed or past
  that limit;
- 按时办结率: answered by the answer limit, of those answered or past that limit;
- 解决率: said to be solved at the follow-up, of those the citizen said either way;
- 满意率: 满意 or 基本满意, of those given a verdict;
- 重办率: reopened after a 不满意, of those closed.

Rates are percentages with one decimal, None for 0 ÷ 0 (shown as "–", never as 0%).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from luoshi.appeals.models import Appeal, AppealStatus, Satisfaction
from luoshi.core.log_filters import local_midnight

GROUPS = ("unit", "topic", "region", "month")


def _figures(today: dt.date) -> dict[str, Any]:
    signed_on_time = Q(signed_at__isnull=False, signed_at__date__lte=F("sign_due"))
    sign_late_open = Q(status=AppealStatus.DISPATCHED, sign_due__lt=today)
    answered = Q(answered_at__isnull=False)
    open_late = Q(answered_at__isnull=True, due_date__lt=today) & ~Q(status=AppealStatus.CLOSED)
    rated = ~Q(satisfaction="")
    return {
        "received": Count("id"),
        "sign_part": Count("id", filter=signed_on_time),
        "sign_whole": Count("id", filter=Q(signed_at__isnull=False) | sign_late_open),
        "answer_part": Count("id", filter=answered & Q(answered_at__date__lte=F("due_date"))),
        "answer_whole": Count("id", filter=answered | open_late),
        "solved_part": Count("id", filter=Q(resolved=True)),
        "solved_whole": Count("id", filter=Q(resolved__isnull=False)),
        "satisfied_part": Count(
            "id", filter=Q(satisfaction__in=(Satisfaction.SATISFIED, Satisfaction.BASIC))
        ),
        "satisfied_whole": Count("id", filter=rated),
        "reopened_part": Count("id", filter=Q(status=AppealStatus.CLOSED, reopened__gt=0)),
        "reopened_whole": Count("id", filter=Q(status=AppealStatus.CLOSED)),
        "open": Count("id", filter=~Q(status=AppealStatus.CLOSED)),
    }


def percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass(frozen=True)
class Rate:
    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return percent(self.part, self.whole)


@dataclass(frozen=True)
class Rates:
    """One row: what it is about (a unit, topic, region or month) and its figures."""

    key: Any
    received: int
    open: int
    response: Rate
    on_time: Rate
    solved: Rate
    satisfied: Rate
    reopened: Rate
    label: str = ""

    @classmethod
    def of(cls, key: Any, row: dict[str, Any]) -> Rates:
        return cls(
            key=key,
            received=row["received"],
            open=row["open"],
            response=Rate(row["sign_part"], row["sign_whole"]),
            on_time=Rate(row["answer_part"], row["answer_whole"]),
            solved=Rate(row["solved_part"], row["solved_whole"]),
            satisfied=Rate(row["satisfied_part"], row["satisfied_whole"]),
            reopened=Rate(row["reopened_part"], row["reopened_whole"]),
        )

    def named(self, label: str) -> Rates:
        return Rates(**{**self.__dict__, "label": label})


def day_start(day: dt.date, later: int = 0) -> dt.datetime:
    """Midnight (local time) that begins `day`, or `later` days after it: bounds on
    `created_at` itself keep its index usable, where `created_at__date` does not."""
    return local_midnight(day + dt.timedelta(days=later))


def received_between(appeals: QuerySet[Appeal], start: dt.date, end: dt.date) -> QuerySet[Appeal]:
    """Appeals received from `start` to `end` (both included, local days); a duplicate
    merged into another counts once, as that one."""
    return appeals.filter(
        created_at__gte=day_start(start), created_at__lt=day_start(end, 1)
    ).exclude(status=AppealStatus.MERGED)


def totals(appeals: QuerySet[Appeal], today: dt.date | None = None) -> Rates:
    today = today or timezone.localdate()
    row = appeals.order_by().aggregate(**_figures(today))
    return Rates.of(None, row)


def grouped(
    appeals: QuerySet[Appeal], by: str, today: dt.date | None = None, *, region_level: str = ""
) -> list[Rates]:
    """One row per lead unit, topic, region (the one at `region_level` each appeal lies in)
    or month of receipt, in one query."""
    today = today or timezone.localdate()
    appeals = appeals.order_by()
    if by == "unit":
        rows = appeals.filter(lead_unit__isnull=False).values(key=F("lead_unit_id"))
    elif by == "topic":
        rows = appeals.values(key=F("topic"))
    elif by == "month":
        rows = appeals.annotate(
            key=TruncMonth("created_at", tzinfo=timezone.get_current_timezone())
        ).values("key")
    else:
        rows = appeals.annotate(key=region_key(region_level)).values("key")
    found: list[dict[str, Any]] = [dict(row) for row in rows.annotate(**_figures(today))]
    return [Rates.of(row["key"], row) for row in found]


def region_key(level: str) -> Any:
    """The region at `level` an appeal lies in (its own, its parent's or grandparent's), as an
    expression: appeals are placed in a county or one of its townships."""
    if level == "township":
        return F("region_id")
    if level == "county":
        return Case(
            When(region__level="township", then=F("region__parent_id")), default=F("region_id")
        )
    if level == "city":
        return Case(
            When(region__level="township", then=F("region__parent__parent_id")),
            default=F("region__parent_id"),
        )
    return Case(
        When(region__level="township", then=F("region__parent__parent__parent_id")),
        default=F("region__parent__parent_id"),
    )
