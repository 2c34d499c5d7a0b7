"""Status and colour of tasks as of a day, by the region's rules; colour history kept.

The rule itself is `luoshi.core.colour_rules.judge_against_schedule`, which the indicator table
uses too, with the region's thresholds from `luoshi.core.selectors.colour_rules_for_regions`
(its `ColourPreset`, else its nearest ancestor's, else DOMAIN.md's defaults). What is the
task's own:

- 序时进度 runs from the task's start (or 1 January) to its deadline, by days;
- it is 已完成 once an approved report says done (then green), and 调整 after an approved
  adjustment (its colour still computed);
- the deadline rule applies: yellow within the preset's days of the deadline, red once passed.

Exempted tasks (不可抗力) are still evaluated, and only left out of rankings. A change of colour
adds a `ColourChange` row, so a red that recovered shows as recovered. The stored values are
what lists read; the daily job and every approval call this.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from luoshi.core.action_log import Actor, log_action
from luoshi.core.authorization import ensure_allowed
from luoshi.core.bulk_copy import save_all
from luoshi.core.colour_rules import ColourRules, judge_against_schedule
from luoshi.core.kept_figures import figures_changed
from luoshi.core.models import Region
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.selectors import colour_rules_for_regions
from luoshi.tasks.models import ColourChange, Task, TaskStatus
from luoshi.tasks.periods import task_elapsed_percent
from luoshi.tasks.search_indexing import task_states_after_commit
from luoshi.tasks.services.report_watermark import reports_complete_mark

BATCH = 1000


@dataclass(frozen=True)
class Evaluation:
    status: str
    colour: str
    reason: str
    schedule_percent: Decimal


def evaluate(
    task: Task, rules: ColourRules, as_of: dt.date, *, adjusted: bool = False
) -> Evaluation:
    """Pure: the status and colour of `task` (its stored percent and dates) on `as_of`."""
    start = task.start_date or dt.date(task.year, 1, 1)
    schedule = task_elapsed_percent(start, task.deadline, as_of)
    verdict = judge_against_schedule(
        task.percent or Decimal("0"),
        schedule,
        rules,
        done=task.completed_on is not None,
        days_left=(task.deadline - as_of).days,
    )
    status = TaskStatus(verdict.status)
    if adjusted and status != TaskStatus.DONE:
        status = TaskStatus.ADJUSTED
    return Evaluation(status, verdict.colour, verdict.reason, schedule)


def _adjusted_ids(task_ids: list[int]) -> set[int]:
    from luoshi.tasks.models import ChangeKind, ChangeRequest, DecisionState

    return set(
        ChangeRequest.objects.filter(
            task_id__in=task_ids, kind=ChangeKind.ADJUSTMENT, state=DecisionState.APPROVED
        ).values_list("task_id", flat=True)
    )


def _store(changed: list[Task], as_of: dt.date) -> None:
    """One UPDATE per (status, colour) pair — a handful per batch — instead of `bulk_update`,
    whose CASE WHEN over every row took 90 % of the daily job's time at 120,000 tasks.
    `updated_at` stays: a new colour is the job's finding, not an edit of the task."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for task in changed:
        groups[task.status, task.colour].append(task.pk)
    for (status, colour), ids in groups.items():
        Task.objects.filter(pk__in=ids).update(status=status, colour=colour, evaluated_on=as_of)


def _evaluate_batch(tasks: list[Task], as_of: dt.date) -> tuple[int, int]:
    rules = colour_rules_for_regions({task.region for task in tasks})
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
    _store(changed, as_of)
    task_states_after_commit(changed)
    save_all(ColourChange, history)  # COPY on PostgreSQL: the first run writes one a task
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
        if changed:
            figures_changed()  # the dashboards' kept figures are counted again
        if task_ids is None:
            # The daily run also moves each task's 未报送 watermark up to what is in.
            prefixes = None if region is None else [region_code_prefix(region.code) or region.code]
            reports_complete_mark(as_of=as_of, region_prefixes=prefixes, year=year)
            log_action(
                actor=actor,
                verb="tasks.evaluated",
                target=region,
                after={"as_of": as_of.isoformat(), "changed": changed, "recoloured": recoloured},
            )
    return changed, recoloured
