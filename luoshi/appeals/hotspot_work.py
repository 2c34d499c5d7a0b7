"""Appeals turned into work (未诉先办): a hotspot becomes a task of the place's county — with a
supervision notice to its lead unit when the office wants one — and its appeals are linked to
the task; any task (a report's commitment) can list the appeals it answers. All or nothing,
logged; an appeal the actor cannot handle for the office, or an unknown number, refuses the
whole."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.appeals.hotspots import hotspot_appeals
from luoshi.appeals.models import Appeal
from luoshi.appeals.selectors import appeals_for, county_of
from luoshi.core.action_log import Actor, log_action
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Unit
from luoshi.tasks.models import Task, TaskSource
from luoshi.tasks.services.decomposition import TaskInput, task_create
from luoshi.tasks.services.supervision import notice_issue

NUMBER = re.compile(r"\d{14}")
MAX_LINKED = 200


@dataclass(frozen=True)
class HotspotWork:
    title: str
    lead_unit: Unit
    deadline: dt.date
    notice_colour: str = ""  # "" for no notice
    notice_due: dt.date | None = None


def _link(task: Task, appeals: list[Appeal]) -> int:
    through = Appeal.tasks.through
    have = set(through.objects.filter(task=task).values_list("appeal_id", flat=True))
    fresh = [through(appeal_id=a.pk, task_id=task.pk) for a in appeals if a.pk not in have]
    through.objects.bulk_create(fresh)
    return len(fresh)


def hotspot_to_task(
    actor: Actor,
    scope: Region,
    *,
    today: dt.date,
    days: int,
    topic: str,
    place: Region,
    work: HotspotWork,
) -> Task:
    appeals = list(hotspot_appeals(scope, today, days, topic, place)[:MAX_LINKED])
    if not appeals:
        raise ValidationError(_("这个热点这段时间已没有诉求。"))
    for appeal in appeals:
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
    county = county_of(place)
    summary = _("诉求热点：%(place)s%(topic)s类诉求，近 %(days)d 天 %(n)d 件。") % {
        "place": place.name,
        "topic": appeals[0].get_topic_display(),
        "days": days,
        "n": len(appeals),
    }
    with transaction.atomic():
        task = task_create(
            actor=actor,
            data=TaskInput(
                region=county,
                year=today.year,
                title=work.title,
                lead_unit=work.lead_unit,
                deadline=work.deadline,
                source=TaskSource.APPEALS,
                source_text=summary,
            ),
        )
        _link(task, appeals)
        if work.notice_colour:
            notice_issue(
                actor=actor,
                task=task,
                colour=work.notice_colour,
                reason=summary,
                due_date=work.notice_due or work.deadline,
            )
        log_action(
            actor=actor,
            verb="appeal.hotspot_assigned",
            target=task,
            after={"appeals": len(appeals), "topic": topic, "place": place.code},
        )
    return task


def appeals_link_task(actor: Actor, task: Task, text: str) -> int:
    """Link the appeals whose numbers `text` lists to `task`; returns how many were new."""
    ensure_allowed(actor, "appeals.dispatch_appeal", task)
    numbers = list(dict.fromkeys(NUMBER.findall(text or "")))
    if not numbers:
        raise ValidationError({"numbers": _("请填写诉求编号（14 位数字），可填多个。")})
    if len(numbers) > MAX_LINKED:
        raise ValidationError({"numbers": _("一次最多 %(n)d 件。") % {"n": MAX_LINKED}})
    found = {a.number: a for a in appeals_for(actor).filter(number__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError(
            {
                "numbers": _("没有这些诉求，或不在您的查看范围内：%(n)s。")
                % {"n": "、".join(missing)}
            }
        )
    for appeal in found.values():
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
    with transaction.atomic():
        added = _link(task, list(found.values()))
        log_action(actor=actor, verb="appeal.task_linked", target=task, after={"appeals": numbers})
    return added


def appeal_unlink_task(actor: Actor, task: Task, appeal: Appeal) -> None:
    ensure_allowed(actor, "appeals.dispatch_appeal", task)
    ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
    with transaction.atomic():
        Appeal.tasks.through.objects.filter(task=task, appeal=appeal).delete()
        log_action(
            actor=actor, verb="appeal.task_unlinked", target=task, after={"appeal": appeal.number}
        )
