"""Which supervision notice (督办单) one task is due, and why: the colour rules of
`luoshi.tasks.notice_rules`, task by task. Pure: a task and its milestones in; a verdict out.

The colours mean what DOMAIN.md says they mean — blue: deadline near; yellow: behind;
red: overdue — and each task gets the first that applies:

- **red** (逾期) only for what is really overdue: the deadline has passed, or a quarterly node
  (季度节点) has passed unfinished, and the task is not done. A node counts as missed only
  while no later node of the task is done: work that caught up is not overdue.
- **yellow** (进度滞后) for work behind 序时进度 by the region's own rule
  (`luoshi.core.colour_rules.judge_against_schedule` with its `ColourPreset`): a task whose
  light is yellow or red *because of its figures* — however far behind, it is not overdue,
  so never red here.
- **blue** (临期提醒) for a reminder: the deadline falls within `deadline_days` days.

Done tasks get nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from luoshi.core.colour_rules import GREEN, ColourRules, judge_against_schedule
from luoshi.core.sentences import clause
from luoshi.tasks.models import Milestone, NoticeColour, Task, TaskStatus
from luoshi.tasks.periods import task_elapsed_percent

DEFAULT_DEADLINE_DAYS = 7  # the blue rule: a deadline within this many days is near


@dataclass(frozen=True)
class TaskVerdict:
    """Why one task is due for a notice: its colour and the reason, without its title."""

    task: Task
    colour: str
    why: str


def _figure(value: Decimal) -> str:
    """40 → "40", 40.50 → "40.5": figures as people write them."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text.removesuffix(".0")


def _percent(value: Decimal) -> str:
    return f"{_figure(value)}%"


def _day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def is_done(task: Task) -> bool:
    """Done: marked done, or given a completion day."""
    return task.status == TaskStatus.DONE or task.completed_on is not None


def _missed_node(milestones: Sequence[Milestone], as_of: dt.date) -> Milestone | None:
    """The earliest node passed unfinished, unless a later node is already done."""
    done_dates = [m.due_date for m in milestones if m.done_on is not None]
    latest_done = max(done_dates) if done_dates else None
    missed = [
        m
        for m in milestones
        if m.done_on is None
        and m.due_date < as_of
        and (latest_done is None or latest_done <= m.due_date)
    ]
    return min(missed, key=lambda m: (m.due_date, m.pk or 0)) if missed else None


def task_verdict(
    task: Task,
    milestones: Sequence[Milestone],
    *,
    as_of: dt.date,
    rules: ColourRules,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
) -> TaskVerdict | None:
    """The notice colour `task` is due on `as_of` and why (None: no notice). The rules are in
    the module's docstring."""
    if is_done(task):
        return None
    percent = task.percent or Decimal("0")
    done = {"percent": _percent(percent)}
    if task.deadline < as_of:
        days = (as_of - task.deadline).days
        why = _("已逾期%(days)d天，进度%(percent)s") % {"days": days, **done}
        return TaskVerdict(task, NoticeColour.RED, why)
    node = _missed_node(milestones, as_of)
    if node is not None:
        why = _("季度节点“%(node)s”（%(due)s）已逾期%(days)d天未完成，进度%(percent)s") % {
            "node": clause(node.text, 30),
            "due": _day(node.due_date),
            "days": (as_of - node.due_date).days,
            **done,
        }
        return TaskVerdict(task, NoticeColour.RED, why)
    schedule = task_elapsed_percent(
        task.start_date or dt.date(task.year, 1, 1), task.deadline, as_of
    )
    light = judge_against_schedule(percent, schedule, rules)
    if light.colour != GREEN:
        why = _("落后序时%(gap)s个百分点（序时进度%(schedule)s，进度%(percent)s）") % {
            "gap": _figure(schedule - percent),
            "schedule": _percent(schedule),
            **done,
        }
        return TaskVerdict(task, NoticeColour.YELLOW, why)
    if task.deadline <= as_of + dt.timedelta(days=deadline_days):
        days = (task.deadline - as_of).days
        if days == 0:
            why = _("今天到期，进度%(percent)s") % done
        else:
            why = _("还有%(days)d天到期（%(deadline)s），进度%(percent)s") % {
                "days": days,
                "deadline": _day(task.deadline),
                **done,
            }
        return TaskVerdict(task, NoticeColour.BLUE, why)
    return None
