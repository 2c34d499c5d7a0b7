"""Which supervision notices (督办单) the rules would issue, and why. Pure: tasks, their
milestones, pending change requests and open notices in; a plan out. Nothing is written here
(`luoshi.tasks.selectors.notice_plans` loads the facts, `luoshi.tasks.services.supervision`
issues what the office ticks).

Each task's colour and reason — red: overdue; yellow: behind 序时; blue: deadline near;
done tasks nothing — is its verdict (`luoshi.tasks.notice_verdicts`, where the colour rules
are). This module turns the verdicts into notices. What the plan leaves out, with the reason
shown to the office:

- exempt tasks (免责事由, force majeure);
- every task of a tree (a task with its sub-items) in which any task has a pending extension
  or adjustment request: the decision comes first, and may move the deadline;
- a unit that already has an open notice on the tree at least as severe: a second one would
  only repeat it (a more severe one — overdue after a reminder — is still issued);
- sub-items folded into their tree's notice: one notice per unit per tree. A parent and its
  sub-items led by the same unit get one notice, on the highest of them, whose reason names
  each lagging sub-item; a sub-item led by another unit gets its own notice to that unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.core.colour_rules import ColourRules
from luoshi.core.models import Unit
from luoshi.core.sentences import clause
from luoshi.tasks.models import Milestone, NoticeColour, Task
from luoshi.tasks.notice_verdicts import DEFAULT_DEADLINE_DAYS, TaskVerdict, is_done, task_verdict

# Rule names stored on generated notices (`Notice.rule`); the names predate the rules'
# present meaning: colour_red is "overdue", colour_yellow "behind 序时".
RULE_RED = "colour_red"
RULE_YELLOW = "colour_yellow"
RULE_DEADLINE = "deadline_near"
RULE_OF_COLOUR: dict[str, str] = {
    NoticeColour.RED: RULE_RED,
    NoticeColour.YELLOW: RULE_YELLOW,
    NoticeColour.BLUE: RULE_DEADLINE,
}
# Days a unit has to answer a generated notice.
ANSWER_DAYS = {RULE_RED: 3, RULE_YELLOW: 5, RULE_DEADLINE: 3}
# A plan's `deadline_days`: DEFAULT_DEADLINE_DAYS (the blue rule's, in notice_verdicts; the
# plan's callers import it from here) up to MAX_DEADLINE_DAYS.
MAX_DEADLINE_DAYS = 90

SEVERITY: dict[str, int] = {NoticeColour.BLUE: 1, NoticeColour.YELLOW: 2, NoticeColour.RED: 3}


class SkipCause(models.TextChoices):
    """Why a task that is due for a notice gets none of its own."""

    EXEMPT = "exempt", gettext_lazy("免责")
    PENDING_CHANGE = "pending_change", gettext_lazy("延期或调整待审批")
    OPEN_NOTICE = "open_notice", gettext_lazy("已有未办结的督办单")
    FOLDED = "folded", gettext_lazy("并入同一任务的督办单")


@dataclass(frozen=True)
class OpenNotice:
    """A notice not yet closed (办结), as far as the plan needs it."""

    task_id: int
    unit_id: int
    colour: str
    number: str
    colour_label: str


@dataclass(frozen=True)
class PlannedNotice:
    """One notice the rule would issue: to `unit`, on `task` (the highest of the unit's
    tasks in the tree), naming every lagging task it covers in `items`."""

    task: Task
    unit_id: int
    colour: str
    rule: str
    reason: str
    due_date: dt.date
    items: tuple[TaskVerdict, ...]

    @property
    def unit(self) -> Unit:
        """The unit the notice goes to: the lead unit of the task it is on."""
        return self.task.lead_unit

    @property
    def colour_label(self) -> str:
        return str(NoticeColour(self.colour).label)

    @property
    def folded(self) -> tuple[TaskVerdict, ...]:
        return tuple(item for item in self.items if item.task.pk != self.task.pk)


@dataclass(frozen=True)
class SkippedTask:
    """A task due for a notice that gets none of its own, and why."""

    verdict: TaskVerdict
    cause: str  # a SkipCause value
    explanation: str

    @property
    def task(self) -> Task:
        return self.verdict.task

    @property
    def cause_label(self) -> str:
        return str(SkipCause(self.cause).label)

    @property
    def colour_label(self) -> str:
        """The notice it would have had."""
        return str(NoticeColour(self.verdict.colour).label)


@dataclass
class NoticePlan:
    as_of: dt.date
    deadline_days: int
    notices: list[PlannedNotice] = field(default_factory=list)
    skipped: list[SkippedTask] = field(default_factory=list)

    def by_colour(self) -> dict[str, int]:
        counts = dict.fromkeys(NoticeColour.values, 0)
        for notice in self.notices:
            counts[notice.colour] += 1
        return counts

    def skipped_for(self, cause: str) -> list[SkippedTask]:
        return [row for row in self.skipped if row.cause == cause]


# ---------------------------------------------------------------------------------------------
# The plan: trees, units, what is skipped
# ---------------------------------------------------------------------------------------------


class _Tree:
    """The tasks loaded, as trees: each task's root and its ancestors (a parent outside the
    tasks loaded — another year — ends the chain)."""

    def __init__(self, tasks: Sequence[Task]) -> None:
        self.by_id = {task.pk: task for task in tasks}

    def ancestors(self, task: Task) -> list[Task]:
        """From the task itself up to its root."""
        chain = [task]
        seen = {task.pk}
        while chain[-1].parent_id in self.by_id and chain[-1].parent_id not in seen:
            parent = self.by_id[chain[-1].parent_id]
            chain.append(parent)
            seen.add(parent.pk)
        return chain

    def root(self, task: Task) -> Task:
        return self.ancestors(task)[-1]


def _sort_key(task: Task, depth: int) -> tuple[int, int, int]:
    return (depth, task.order, task.pk)


def _anchor(tree: _Tree, verdicts: list[TaskVerdict]) -> Task:
    """The highest task led by the unit above (or at) any of its lagging tasks."""
    candidates: dict[int, tuple[tuple[int, int, int], Task]] = {}
    for verdict in verdicts:
        chain = tree.ancestors(verdict.task)
        unit_id = verdict.task.lead_unit_id
        for depth_from_task, task in reversed(list(enumerate(chain))):
            if task.lead_unit_id == unit_id and not is_done(task) and not task.exempt_reason:
                depth = len(chain) - 1 - depth_from_task
                candidates[task.pk] = (_sort_key(task, depth), task)
                break
    return min(candidates.values(), key=lambda pair: pair[0])[1]


def _reason(anchor: Task, items: list[TaskVerdict]) -> str:
    own = next((item for item in items if item.task.pk == anchor.pk), None)
    others = [item for item in items if item.task.pk != anchor.pk]
    parts = []
    if own is not None:
        parts.append(
            _("任务“%(title)s”%(why)s。") % {"title": clause(anchor.title), "why": own.why}
        )
    if others:
        listed = "；".join(
            _("“%(title)s”%(why)s") % {"title": clause(item.task.title), "why": item.why}
            for item in others
        )
        if own is None:
            parts.append(
                _("任务“%(title)s”的子项%(items)s。")
                % {"title": clause(anchor.title), "items": listed}
            )
        else:
            parts.append(_("子项%(items)s。") % {"items": listed})
    return "".join(parts)


def _answer_due(colour: str, items: list[TaskVerdict], as_of: dt.date) -> dt.date:
    """A reminder is answered by the earliest deadline it is about at the latest."""
    rule = RULE_OF_COLOUR[colour]
    due = as_of + dt.timedelta(days=ANSWER_DAYS[rule])
    if rule == RULE_DEADLINE:
        due = max(as_of, min([due, *(item.task.deadline for item in items)]))
    return due


def plan_notices(
    tasks: Sequence[Task],
    *,
    milestones: Mapping[int, Sequence[Milestone]],
    pending_changes: Mapping[int, str],
    open_notices: Sequence[OpenNotice],
    as_of: dt.date,
    rules: ColourRules,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
) -> NoticePlan:
    """The notices due on `as_of` for `tasks` (a region's tasks of a year, done ones
    included so the trees are whole). `pending_changes` maps a task id to the kind of its
    pending request (延期, 目标调整); `open_notices` are the notices not yet closed on these
    tasks. Red notices first, then yellow, then blue; within a colour in the tasks' order."""
    tree = _Tree(tasks)
    plan = NoticePlan(as_of=as_of, deadline_days=deadline_days)
    due: list[TaskVerdict] = []
    for task in tasks:
        verdict = task_verdict(
            task, milestones.get(task.pk, ()), as_of=as_of, rules=rules, deadline_days=deadline_days
        )
        if verdict is None:
            continue
        if task.exempt_reason:
            explanation = _("有免责事由（%(reason)s），不督办") % {"reason": task.exempt_reason}
            plan.skipped.append(SkippedTask(verdict, SkipCause.EXEMPT, explanation))
            continue
        due.append(verdict)

    pending_in_tree: dict[int, tuple[Task, str]] = {}
    for task_id, kind in pending_changes.items():
        if task_id in tree.by_id:
            task = tree.by_id[task_id]
            pending_in_tree.setdefault(tree.root(task).pk, (task, kind))
    open_in_tree: dict[tuple[int, int], OpenNotice] = {}
    for notice in open_notices:
        if notice.task_id not in tree.by_id:
            continue
        key = (tree.root(tree.by_id[notice.task_id]).pk, notice.unit_id)
        held = open_in_tree.get(key)
        if held is None or SEVERITY[notice.colour] > SEVERITY[held.colour]:
            open_in_tree[key] = notice

    groups: dict[tuple[int, int], list[TaskVerdict]] = defaultdict(list)
    for verdict in due:
        root = tree.root(verdict.task)
        pending = pending_in_tree.get(root.pk)
        if pending is not None:
            asked, kind = pending
            if asked.pk == verdict.task.pk:
                explanation = _("有待审批的%(kind)s申请，审批前不督办") % {"kind": kind}
            else:
                explanation = _("同一任务中的“%(title)s”有待审批的%(kind)s申请，审批前不督办") % {
                    "title": clause(asked.title, 40),
                    "kind": kind,
                }
            plan.skipped.append(SkippedTask(verdict, SkipCause.PENDING_CHANGE, explanation))
            continue
        groups[(root.pk, verdict.task.lead_unit_id)].append(verdict)

    for (root_id, unit_id), verdicts in groups.items():
        colour = max((v.colour for v in verdicts), key=SEVERITY.__getitem__)
        held = open_in_tree.get((root_id, unit_id))
        if held is not None and SEVERITY[held.colour] >= SEVERITY[colour]:
            explanation = _("已有未办结的督办单：%(number)s，%(colour)s；不重复下发") % {
                "number": held.number,
                "colour": held.colour_label,
            }
            plan.skipped.extend(
                SkippedTask(v, SkipCause.OPEN_NOTICE, explanation) for v in verdicts
            )
            continue
        anchor = _anchor(tree, verdicts)
        depth = {v.task.pk: len(tree.ancestors(v.task)) for v in verdicts}
        items = sorted(
            verdicts,
            key=lambda v: (v.task.pk != anchor.pk, _sort_key(v.task, depth[v.task.pk])),
        )
        plan.notices.append(
            PlannedNotice(
                task=anchor,
                unit_id=unit_id,
                colour=colour,
                rule=RULE_OF_COLOUR[colour],
                reason=_reason(anchor, items),
                due_date=_answer_due(colour, items, as_of),
                items=tuple(items),
            )
        )
        for item in items:
            if item.task.pk != anchor.pk:
                explanation = _("并入“%(title)s”的督办单（同一牵头单位）") % {
                    "title": clause(anchor.title, 40)
                }
                plan.skipped.append(SkippedTask(item, SkipCause.FOLDED, explanation))

    plan.notices.sort(key=lambda n: (-SEVERITY[n.colour], n.task.order, n.task.pk))
    plan.skipped.sort(key=lambda s: (s.task.order, s.task.pk))
    return plan
