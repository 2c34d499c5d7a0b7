"""Status and colour of tasks as of a day, by the region's rules; colour history kept.

Status (where the work stands) and colour (how worried the office is) are computed apart:

- status: 已完成 once an approved report says done; 调整 after an approved adjustment; 未启动
  with no approved progress; else 超进度 / 序时推进 / 滞后 by the approved percent against 序时
  (ahead by at least the preset's `ahead_points`, at or above 序时, below it).
- colour, by the region's preset (DOMAIN.md defaults): points behind 序时 — green below
  `yellow_points_behind`, yellow up to `red_points_behind`, red beyond; the deadline rule —
  yellow within `yellow_days_before_deadline` days, red once passed — raises it further. A done
  task is green. Exempted tasks (不可抗力) are still evaluated, and only left out of rankings.

A change of colour adds a `ColourChange` row, so a red that recovered shows as recovered.
The stored values are what lists read; the daily job and every approval call this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region
from luoshi.core.region_codes import region_code_prefix
from luoshi.tasks.models import Colour, ColourChange, ColourPreset, Task, TaskStatus
from luoshi.tasks.periods import elapsed_percent

SEVERITY = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}
BATCH = 1000


@dataclass(frozen=True)
class Rules:
    yellow_points_behind: Decimal = Decimal("10")
    red_points_behind: Decimal = Decimal("30")
    yellow_days_before_deadline: int = 3
    ahead_points: Decimal = Decimal("10")


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Evaluation:
    status: str
    colour: str
    reason: str
    schedule_percent: Decimal


def rules_for_regions(regions: Iterable[Region]) -> dict[int, Rules]:
    """Each region's rules: its own preset, else the nearest ancestor's, else the defaults.
    One query for all presets; ancestors found by GB/T 2260 code prefixes."""
    presets = {
        preset.region.code: Rules(
            preset.yellow_points_behind,
            preset.red_points_behind,
            preset.yellow_days_before_deadline,
            preset.ahead_points,
        )
        for preset in ColourPreset.objects.select_related("region")
    }
    found: dict[int, Rules] = {}
    for region in regions:
        code = region.code
        chain = [code, code[:6], code[:4] + "00", code[:2] + "0000"]
        found[region.pk] = next((presets[c] for c in chain if c in presets), DEFAULT_RULES)
    return found


def evaluate(task: Task, rules: Rules, as_of: dt.date, *, adjusted: bool = False) -> Evaluation:
    """Pure: the status and colour of `task` (its stored percent and dates) on `as_of`."""
    start = task.start_date or dt.date(task.year, 1, 1)
    schedule = elapsed_percent(start, task.deadline, as_of)
    percent = task.percent or Decimal("0")
    if task.completed_on is not None:
        return Evaluation(TaskStatus.DONE, Colour.GREEN, _("已完成"), schedule)
    gap = schedule - percent
    if adjusted:
        status = TaskStatus.ADJUSTED
    elif percent <= 0:
        status = TaskStatus.NOT_STARTED
    elif percent >= schedule + rules.ahead_points:
        status = TaskStatus.AHEAD
    elif percent >= schedule:
        status = TaskStatus.ON_SCHEDULE
    else:
        status = TaskStatus.LAGGING
    colour, reason = Colour.GREEN, _("达到序时进度")
    if gap > rules.red_points_behind:
        colour = Colour.RED
        reason = _("落后序时进度 %(gap)s 个百分点") % {"gap": gap}
    elif gap >= rules.yellow_points_behind:
        colour = Colour.YELLOW
        reason = _("落后序时进度 %(gap)s 个百分点") % {"gap": gap}
    days_left = (task.deadline - as_of).days
    if days_left < 0:
        colour, reason = Colour.RED, _("已超过完成时限")
    elif days_left <= rules.yellow_days_before_deadline and SEVERITY[colour] < 1:
        colour = Colour.YELLOW
        reason = _("距完成时限不足 %(days)d 天") % {"days": rules.yellow_days_before_deadline}
    return Evaluation(status, colour, str(reason), schedule)


def _adjusted_ids(task_ids: list[int]) -> set[int]:
    from luoshi.tasks.models import ChangeKind, ChangeRequest, DecisionState

    return set(
        ChangeRequest.objects.filter(
            task_id__in=task_ids, kind=ChangeKind.ADJUSTMENT, state=DecisionState.APPROVED
        ).values_list("task_id", flat=True)
    )


def _evaluate_batch(tasks: list[Task], as_of: dt.date) -> tuple[int, int]:
    rules = rules_for_regions({task.region for task in tasks})
    adjusted = _adjusted_ids([task.pk for task in tasks])
    changed: list[Task] = []
    history: list[ColourChange] = []
    for task in tasks:
        result = evaluate(task, rules[task.region_id], as_of, adjusted=task.pk in adjusted)
        first = task.evaluated_on is None
        if first or result.colour != task.colour:
            history.append(
                ColourChange(
                    task=task,
                    on=as_of,
                    previous="" if first else task.colour,
                    colour=result.colour,
                    reason=result.reason[:200],
                )
            )
        if (result.status, result.colour, as_of) != (task.status, task.colour, task.evaluated_on):
            task.status, task.colour, task.evaluated_on = result.status, result.colour, as_of
            changed.append(task)
    Task.objects.bulk_update(changed, ["status", "colour", "evaluated_on", "updated_at"])
    ColourChange.objects.bulk_create(history)
    return len(changed), len(history)


def tasks_evaluate(
    *,
    actor: Actor,
    as_of: dt.date,
    region: Region | None = None,
    year: int | None = None,
    task_ids: Iterable[int] | None = None,
) -> tuple[int, int]:
    """Evaluate the tasks (of a region and below, a year, or the given ids) on `as_of`;
    returns (tasks changed, colour changes). `actor` None is the scheduled job."""
    if actor is not None:
        ensure_allowed(actor, "tasks.review_task", region)
    tasks = Task.objects.select_related("region").order_by("pk")
    if region is not None:
        tasks = tasks.filter(
            region__code__startswith=region_code_prefix(region.code) or region.code
        )
    if year is not None:
        tasks = tasks.filter(year=year)
    if task_ids is not None:
        tasks = tasks.filter(pk__in=list(task_ids))
    changed = recoloured = 0
    with transaction.atomic():
        batch: list[Task] = []
        for task in tasks.iterator(chunk_size=BATCH):
            batch.append(task)
            if len(batch) >= BATCH:
                counts = _evaluate_batch(batch, as_of)
                changed, recoloured = changed + counts[0], recoloured + counts[1]
                batch = []
        if batch:
            counts = _evaluate_batch(batch, as_of)
            changed, recoloured = changed + counts[0], recoloured + counts[1]
        if task_ids is None:
            log_action(
                actor=actor,
                verb="tasks.evaluated",
                target=region,
                after={"as_of": as_of.isoformat(), "changed": changed, "recoloured": recoloured},
            )
    return changed, recoloured
