"""Tasks and their sub-items and milestones, by hand: create, change, delete. Tasks made
from the paragraphs of an adopted report, from the region's targets, or from referrals (交办)
are in `luoshi.tasks.services.decomposition_sources`; they, and the Excel 分解表 import
(luoshi.tasks.excel, row by row inside one transaction), create through `task_create`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import region_code_lineage
from luoshi.core.action_log import Actor, delete_with_log, log_action, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.tasks.models import (
    Cadence,
    LeaderInstruction,
    Milestone,
    ProgressReport,
    Task,
    TaskSource,
)
from luoshi.tasks.search_indexing import index_tasks_after_commit, unindex_tasks_after_commit


@dataclass(frozen=True)
class MilestoneInput:
    quarter: int
    text: str
    due_date: dt.date


@dataclass
class TaskInput:
    region: Region
    year: int
    title: str
    lead_unit: Unit
    deadline: dt.date
    co_units: Sequence[Unit] = ()
    leader: str = ""
    number: str = ""
    source: str = TaskSource.MANUAL
    source_text: str = ""
    deadline_text: str = ""
    start_date: dt.date | None = None
    cadence: str = Cadence.MONTHLY
    parent: Task | None = None
    is_public: bool = False
    milestones: Sequence[MilestoneInput] = ()
    # Position among the region's tasks of the year; None: after the last one. A sub-item
    # always takes its parent's, so that a task and its sub-items sort together.
    order: int | None = None
    # report / source_version / source_anchor / target / referral, set as model fields
    links: dict[str, object] = field(default_factory=dict)


def task_create(*, actor: Actor, data: TaskInput) -> Task:
    """A task with its co-units and milestones, all or nothing."""
    probe = Task(region=data.region)
    ensure_allowed(actor, "tasks.add_task", probe)
    if data.parent is not None and data.parent.region_id != data.region.pk:
        raise ValidationError({"parent": _("上级任务不属于同一地区。")})
    _check_units_in_region(data.region, [data.lead_unit, *data.co_units])
    lead = data.lead_unit
    co_units = [unit for unit in dict.fromkeys(data.co_units) if unit.pk != lead.pk]
    with transaction.atomic():
        task = Task(
            region=data.region,
            year=data.year,
            title=data.title.strip(),
            lead_unit=lead,
            deadline=data.deadline,
            leader=data.leader.strip()[:100],
            number=data.number.strip()[:20],
            source=data.source,
            source_text=data.source_text.strip(),
            deadline_text=data.deadline_text.strip()[:50],
            start_date=data.start_date,
            cadence=data.cadence,
            parent=data.parent,
            is_public=data.is_public,
            created_by_id=getattr(actor, "pk", None),
            **data.links,
        )
        if data.parent is not None:
            task.order = data.parent.order
        elif data.order is not None:
            task.order = data.order
        else:
            task.order = next_order(data.region, data.year)
        save_with_log(actor=actor, instance=task, verb="task.created")
        task.co_units.set(co_units)
        for milestone in data.milestones:
            row = Milestone(
                task=task,
                quarter=milestone.quarter,
                text=milestone.text.strip(),
                due_date=milestone.due_date,
            )
            row.full_clean()
            row.save()
        index_tasks_after_commit([task.pk])
    return task


def next_order(region: Region, year: int) -> int:
    """The position after the region's last task of the year."""
    last = Task.objects.filter(region=region, year=year).aggregate(n=Max("order"))["n"]
    return (last or 0) + 1


def next_top_number(region: Region, year: int) -> str:
    """序号 for a new top-level task: one more than the top-level tasks the year has."""
    return str(Task.objects.filter(region=region, year=year, parent=None).count() + 1)


def next_child_number(parent: Task) -> str:
    """序号 for a new sub-item: "1" → "1.1", "1.2", …; blank when the parent has none."""
    if not parent.number:
        return ""
    return f"{parent.number}.{parent.children.count() + 1}"


def _check_units_in_region(region: Region, units: Sequence[Unit]) -> None:
    """A 甲县 task is led by units of 甲县, of the regions below it or above it — never by a
    unit of a neighbouring county."""
    prefix = region_code_prefix(region.code) or region.code
    lineage = region_code_lineage(region.code)
    for unit in units:
        code = unit.region.code
        if not (code.startswith(prefix) or code in lineage):
            message = _("%(unit)s不属于%(region)s或其上下级地区。") % {
                "unit": unit.name,
                "region": region.name,
            }
            raise ValidationError({"lead_unit": message})


def subitem_create(*, actor: Actor, parent: Task, data: TaskInput) -> Task:
    """A sub-item (分项) under `parent`, numbered after its siblings unless a number is given."""
    data.parent = parent
    data.region = parent.region
    data.year = parent.year
    if not data.number:
        data.number = next_child_number(parent)
    return task_create(actor=actor, data=data)


TASK_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "number",
        "leader",
        "lead_unit",
        "co_units",
        "deadline",
        "deadline_text",
        "start_date",
        "cadence",
        "source_text",
        "is_public",
    }
)


def task_update(*, actor: Actor, task: Task, changes: dict[str, object]) -> Task:
    """Change what the decomposition says about a task; status, colour and percent belong to
    the progress cycle and are not changed here."""
    unknown = set(changes) - TASK_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Fields that cannot be changed on a task: {', '.join(sorted(unknown))}")
    ensure_allowed(actor, "tasks.change_task", task)
    changes = dict(changes)
    co_units = changes.pop("co_units", None)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(task, name, value.strip() if isinstance(value, str) else value)
        if "lead_unit" in changes:
            _check_units_in_region(task.region, [task.lead_unit])
        save_with_log(actor=actor, instance=task, verb="task.updated")
        before = sorted(task.co_units.values_list("pk", flat=True))
        wanted = list(task.co_units.all()) if co_units is None else list(co_units)  # type: ignore[call-overload]
        if co_units is not None:
            _check_units_in_region(task.region, wanted)
        after = sorted({u.pk for u in wanted} - {task.lead_unit_id})
        if after != before:
            task.co_units.set(after)
            log_action(
                actor=actor,
                verb="task.co_units_changed",
                target=task,
                before={"co_units": before},
                after={"co_units": after},
            )
        index_tasks_after_commit([task.pk])
    return task


def task_delete(*, actor: Actor, task: Task) -> None:
    """Delete a task with its sub-items and milestones — only while nobody has reported on
    it: a task with progress reports keeps its record (adjust or close it instead)."""
    ensure_allowed(actor, "tasks.delete_task", task)
    family = [task.pk, *_descendant_ids(task)]
    if ProgressReport.objects.filter(task_id__in=family).exists():
        raise ValidationError(_("这项任务（或其分项）已有进展报告，不能删除；可申请调整。"))
    # A leader's written instruction is a record that is never withdrawn: its task stays too.
    if LeaderInstruction.objects.filter(task_id__in=family).exists():
        raise ValidationError(_("这项任务（或其分项）已有领导批示，不能删除；可申请调整。"))
    with transaction.atomic():
        unindex_tasks_after_commit(family)
        delete_with_log(actor=actor, instance=task, verb="task.deleted")


def _descendant_ids(task: Task) -> list[int]:
    found: list[int] = []
    level = [task.pk]
    while level:
        level = list(Task.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        found.extend(level)
    return found


def quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter, 31 if quarter in (1, 4) else 30)


def milestone_add(
    *, actor: Actor, task: Task, quarter: int, text: str, due_date: dt.date | None = None
) -> Milestone:
    """A quarterly node (季度节点); due at the end of the quarter unless a date is given."""
    ensure_allowed(actor, "tasks.change_task", task)
    if not 1 <= quarter <= 4:
        raise ValidationError({"quarter": _("季度应为 1–4。")})
    milestone = Milestone(
        task=task,
        quarter=quarter,
        text=text.strip(),
        due_date=due_date or quarter_end(task.year, quarter),
    )
    return save_with_log(actor=actor, instance=milestone, verb="milestone.added")


def milestone_update(
    *,
    actor: Actor,
    milestone: Milestone,
    text: str | None = None,
    due_date: dt.date | None = None,
    done_on: dt.date | None = None,
) -> Milestone:
    ensure_allowed(actor, "tasks.change_task", milestone.task)
    if text is not None:
        milestone.text = text.strip()
    if due_date is not None:
        milestone.due_date = due_date
    if done_on is not None:
        milestone.done_on = done_on
    return save_with_log(actor=actor, instance=milestone, verb="milestone.updated")


def milestone_delete(*, actor: Actor, milestone: Milestone) -> None:
    ensure_allowed(actor, "tasks.change_task", milestone.task)
    delete_with_log(actor=actor, instance=milestone, verb="milestone.deleted")


def milestones_set(*, actor: Actor, task: Task, texts: dict[int, str]) -> None:
    """The task's quarterly nodes as a form states them: one text per quarter; a changed text
    updates the node, a new one adds it, an emptied one removes it."""
    ensure_allowed(actor, "tasks.change_task", task)
    current = {m.quarter: m for m in task.milestones.all()}
    with transaction.atomic():
        for quarter, text in texts.items():
            milestone = current.get(quarter)
            if milestone is None and text:
                milestone_add(actor=actor, task=task, quarter=quarter, text=text)
            elif milestone is not None and not text:
                milestone_delete(actor=actor, milestone=milestone)
            elif milestone is not None and text != milestone.text:
                milestone_update(actor=actor, milestone=milestone, text=text)
