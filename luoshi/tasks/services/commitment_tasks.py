"""Tasks from the commitments (承诺事项) of an adopted report: each chosen draft, as the office
edited it, becomes one top-level task linked to its commitment and paragraph."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.reports.models import Commitment, WorkReport
from luoshi.tasks.models import Task, TaskSource
from luoshi.tasks.services.decomposition import TaskInput, next_top_number, task_create


@dataclass(frozen=True)
class CommitmentChoice:
    """One draft as the office settled it on the page."""

    commitment: Commitment
    title: str
    lead_unit: Unit
    deadline: dt.date
    deadline_text: str = ""
    co_units: Sequence[Unit] = ()
    leader: str = ""
    source_text: str = ""


def tasks_from_commitments(
    *, actor: Actor, report: WorkReport, choices: Sequence[CommitmentChoice]
) -> list[Task]:
    """One task per chosen commitment, all or nothing. A commitment that is a task already,
    or belongs to another report, is refused and then nothing is created."""
    ensure_allowed(actor, "tasks.add_task", Task(region=report.region))
    version = report.adopted_version
    if version is None:
        raise ValidationError(_("只能从报告正式通过的文本分解任务。"))
    if not choices:
        raise ValidationError(_("请至少选择一项承诺事项。"))
    foreign = [c.commitment for c in choices if c.commitment.report_id != report.pk]
    if foreign:
        raise ValidationError(_("所选承诺事项不属于这份报告。"))
    taken = list(
        Task.objects.filter(commitment__in=[c.commitment for c in choices]).values_list(
            "number", flat=True
        )
    )
    if taken:
        raise ValidationError(
            _("所选承诺事项已建立任务（序号 %(numbers)s），不能重复分解。")
            % {"numbers": "、".join(n or "—" for n in taken)}
        )
    created = []
    with transaction.atomic():
        for choice in choices:
            title = choice.title.strip()
            if not title:
                raise ValidationError(
                    _("第 %(n)d 项承诺事项的具体工作是空的。") % {"n": choice.commitment.order}
                )
            if choice.deadline.year < report.year:
                raise ValidationError(
                    _("“%(title)s”的完成时限早于报告年度。") % {"title": title[:20]}
                )
            created.append(
                task_create(
                    actor=actor,
                    data=TaskInput(
                        region=report.region,
                        year=report.year,
                        title=title,
                        lead_unit=choice.lead_unit,
                        co_units=choice.co_units,
                        leader=choice.leader,
                        deadline=choice.deadline,
                        deadline_text=choice.deadline_text,
                        number=next_top_number(report.region, report.year),
                        source=TaskSource.REPORT,
                        source_text=choice.source_text or choice.commitment.text,
                        links={
                            "report": report,
                            "source_version": version,
                            "source_anchor": choice.commitment.anchor,
                            "commitment": choice.commitment,
                        },
                    ),
                )
            )
    return created
