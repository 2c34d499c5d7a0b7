"""The lifecycle of a key project and the rules its dates obey. Pure: dates in, problems out.

储备 → 签约 → 审批 → 开工 → 纳统 → 竣工 → 投产/达效. A project may skip stages that do not
apply to it (a government-funded road is never 签约; a project below 500万元 is never 纳统), but
the dates it has must follow the order of the stages, and nothing is included, completed or
operating before it has started. 储备 is where every project begins and has no date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.templatetags.chinese_dates import chinese_date


class Stage(models.TextChoices):
    RESERVE = "reserve", _("储备")
    SIGNED = "signed", _("签约")
    APPROVED = "approved", _("审批")
    STARTED = "started", _("开工")
    INCLUDED = "included", _("纳统")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产/达效")


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)
DATED_STAGES: tuple[str, ...] = STAGE_ORDER[1:]
STAGE_LABELS: dict[str, Any] = dict(Stage.choices)  # lazy labels, rendered when shown
# Stages that cannot happen before construction has started.
NEEDS_START = frozenset({Stage.INCLUDED, Stage.COMPLETED, Stage.OPERATING})


def position(stage: str) -> int:
    return STAGE_ORDER.index(stage)


def label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


def stage_from_actuals(actuals: Mapping[str, Any]) -> str:
    """The latest stage that has an actual date; 储备 when none has."""
    current = Stage.RESERVE.value
    for stage in DATED_STAGES:
        if actuals.get(stage) is not None:
            current = stage
    return current


def order_problems(dates: Mapping[str, Any], kind: str) -> list[tuple[str, str]]:
    """(stage, message) for each date earlier than a date of a stage before it."""
    problems: list[tuple[str, str]] = []
    latest: tuple[str, date] | None = None
    word = "计划日期" if kind == "planned" else "日期"
    for stage in DATED_STAGES:
        value = dates.get(stage)
        if value is None:
            continue
        if latest is not None and value < latest[1]:
            problems.append(
                (
                    stage,
                    f"{label(stage)}{word}（{chinese_date(value)}）不能早于"
                    f"{label(latest[0])}{word}（{chinese_date(latest[1])}）。",
                )
            )
            continue
        latest = (stage, value)
    return problems


def prerequisite_problems(actuals: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Nothing is included, completed or operating before the project has started."""
    if actuals.get(Stage.STARTED) is not None:
        return []
    return [
        (stage, f"项目尚未开工，不能记录{label(stage)}日期。")
        for stage in DATED_STAGES
        if stage in NEEDS_START and actuals.get(stage) is not None
    ]


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier`'s month to `later`'s month (May → August = 3)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(f"no such day: {year}-{month}")  # pragma: no cover
