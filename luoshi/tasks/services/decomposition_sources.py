"""Tasks made from sources: from the paragraphs of an adopted report, from the region's
targets (目标指标), or from referrals (交办). Each checks that its source is not decomposed
already, then creates the tasks through `luoshi.tasks.services.decomposition.task_create`,
all or nothing. Tasks from the commitments of an adopted report: `commitment_tasks`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Unit
from luoshi.engagement.models import Referral
from luoshi.indicators.models import Target
from luoshi.reports.models import ReportVersion
from luoshi.tasks.models import Task, TaskSource
from luoshi.tasks.services.decomposition import TaskInput, next_top_number, task_create


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
