"""Tasks and their sub-items and milestones: by hand, from the paragraphs of an adopted
report, from the region's targets, or from referrals (交办). The Excel 分解表 import
(luoshi.tasks.excel) calls `task_create` row by row inside one transaction."""

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
from luoshi.engagement.models import Referral
from luoshi.indicators.models import Target
from luoshi.reports.models import ReportVersion
from luoshi.tasks.models import Cadence, Milestone, ProgressReport, Task, TaskSource


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
    return task


def task_delete(*, actor: Actor, task: Task) -> None:
    """Delete a task with its sub-items and milestones — only while nobody has reported on
    it: a task with progress reports keeps its record (adjust or close it instead)."""
    ensure_allowed(actor, "tasks.delete_task", task)
    family = [task.pk, *_descendant_ids(task)]
    if ProgressReport.objects.filter(task_id__in=family).exists():
        raise ValidationError(_("这项任务（或其分项）已有进展报告，不能删除；可申请调整。"))
    with transaction.atomic():
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


# --- from the report, targets and referrals ----------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """Who does the work, for tasks made from sources: the lead unit first."""

    lead_unit: Unit
    co_units: Sequence[Unit] = ()
    leader: str = ""
    deadline: dt.date | None = None  # None: the end of the year
    deadline_text: str = ""


def tasks_from_paragraphs(
    *, actor: Actor, version: ReportVersion, anchors: Sequence[str], assignment: Assignment
) -> list[Task]:
    """One task per chosen paragraph of the adopted text; a paragraph already decomposed
    (in any version: anchors carry over) is refused, and then nothing is created."""
    report = version.report
    ensure_allowed(actor, "tasks.add_task", Task(region=report.region))
    if report.adopted_version_id != version.pk:
        raise ValidationError(_("只能从报告正式通过的文本分解任务。"))
    if not anchors:
        raise ValidationError(_("请至少选择一个段落。"))
    paragraphs = {p.anchor: p for p in version.paragraphs.filter(anchor__in=anchors)}
    missing = [a for a in anchors if a not in paragraphs]
    if missing:
        raise ValidationError(_("报告中没有段落 %(a)s。") % {"a": "、".join(missing)})
    taken = dict(
        Task.objects.filter(report=report, source_anchor__in=anchors).values_list(
            "source_anchor", "number"
        )
    )
    if taken:
        raise ValidationError(
            _("所选段落已分解为任务（序号 %(numbers)s），不能重复分解。")
            % {"numbers": "、".join(n or "—" for n in taken.values())}
        )
    year = report.year
    created = []
    with transaction.atomic():
        for anchor in dict.fromkeys(anchors):
            paragraph = paragraphs[anchor]
            created.append(
                task_create(
                    actor=actor,
                    data=_sourced_input(
                        report.region,
                        year,
                        assignment,
                        title=paragraph.text,
                        source=TaskSource.REPORT,
                        source_text=paragraph.text,
                        links={
                            "report": report,
                            "source_version": version,
                            "source_anchor": anchor,
                        },
                    ),
                )
            )
    return created


def _sourced_input(
    region: Region, year: int, assignment: Assignment, **values: object
) -> TaskInput:
    deadline = assignment.deadline or dt.date(year, 12, 31)
    text = assignment.deadline_text or ("" if assignment.deadline else "年底前")
    return TaskInput(
        region=region,
        year=year,
        lead_unit=assignment.lead_unit,
        co_units=assignment.co_units,
        leader=assignment.leader,
        deadline=deadline,
        deadline_text=text,
        number=next_top_number(region, year),
        **values,  # type: ignore[arg-type]
    )


MEASURE_VERBS = {"growth": "增长", "level": "达到", "share": "占比达到", "count": "达到"}


def target_task_title(target: Target) -> str:
    """The target as a task: 地区生产总值增长5%左右."""
    verb = MEASURE_VERBS.get(target.measure, "")
    return f"{target.indicator.name}{verb}{target.describe()}"


def tasks_from_targets(
    *, actor: Actor, assignments: Sequence[tuple[Target, Assignment]]
) -> list[Task]:
    """One task per target (目标指标), led by the unit chosen for it; a target that already
    has a task is refused, and then nothing is created."""
    if not assignments:
        raise ValidationError(_("请至少为一个目标选择牵头单位。"))
    for target, _assignment in assignments:
        ensure_allowed(actor, "tasks.add_task", Task(region=target.region))
    taken = list(
        Task.objects.filter(target__in=[t for t, _a in assignments]).select_related(
            "target__indicator"
        )
    )
    if taken:
        raise ValidationError(
            _("以下目标已有任务，不能重复分解：%(names)s。")
            % {"names": "、".join(t.target.indicator.name for t in taken if t.target)}
        )
    created = []
    with transaction.atomic():
        for target, assignment in assignments:
            created.append(
                task_create(
                    actor=actor,
                    data=_sourced_input(
                        target.region,
                        target.year,
                        assignment,
                        title=target_task_title(target),
                        source=TaskSource.TARGET,
                        source_text=target.source_text or target_task_title(target),
                        links={
                            "target": target,
                            "source_version": target.source_version,
                            "source_anchor": target.source_anchor,
                        },
                    ),
                )
            )
    return created


def task_from_referral(*, actor: Actor, referral: Referral, year: int | None = None) -> Task:
    """A task for a referral (交办事项): its lead unit leads, its other units assist, its
    deadline holds. A referral becomes one task only."""
    region = referral.lead_unit.region
    ensure_allowed(actor, "tasks.add_task", Task(region=region))
    existing = Task.objects.filter(referral=referral).first()
    if existing is not None:
        raise ValidationError(
            _("这项交办事项已建立任务（%(task)s），不能重复。") % {"task": existing}
        )
    co_units = [u for u in referral.units.all() if u.pk != referral.lead_unit_id]
    the_year = year or referral.deadline.year
    return task_create(
        actor=actor,
        data=_sourced_input(
            region,
            the_year,
            Assignment(lead_unit=referral.lead_unit, co_units=co_units, deadline=referral.deadline),
            title=referral.summary,
            source=TaskSource.REFERRAL,
            source_text=referral.summary,
            links={"referral": referral},
        ),
    )
