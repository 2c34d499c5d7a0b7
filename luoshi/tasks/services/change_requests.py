"""Extension (延期) and target adjustment (目标调整) requests, and who is told.

- A unit of the task (lead or co-unit) asks before the deadline, with a reason; the request
  records the asking unit. The supervision office of the task's region is told (消息 and
  e-mail) with a link to the task page, and finds every pending request in its queue
  (`luoshi.tasks.selectors.progress_queries.change_requests_pending`).
- The office or a leader decides once: a second decision is refused and changes nothing; a
  refusal needs a reason. The asking unit's liaisons and heads (and the person who asked)
  are told the decision and the note.
- An approved adjustment replaces the task's content; evaluation then marks it 调整.
- An approved extension moves the task's deadline and rewrites its deadline words in the form
  they were written in (9月底前 → 11月底前, see `luoshi.tasks.deadline_words`), and moves its
  milestones by one rule: every unfinished milestone due on or after the old deadline — the
  nodes that mark the end of the work — moves to the new deadline, its quarter following the
  new date (the fourth when the date falls in a later year). Milestones already done, and
  earlier nodes, keep their dates: a later end does not excuse a node that was due before it,
  and the office changes intermediate nodes by hand when the plan behind them changed. As the
  new date is later than the old one, no unfinished node is left beyond the deadline and the
  last one sits on it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role, User
from luoshi.accounts.permissions import role_units
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.core.sentences import clause
from luoshi.core.workflow import require_state
from luoshi.tasks.deadline_words import rewrite_deadline_words
from luoshi.tasks.models import ChangeKind, ChangeRequest, DecisionState, Milestone, Task
from luoshi.tasks.search_indexing import index_tasks_after_commit
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi.tasks.services.notifications import (
    Message,
    notify_many,
    office_members,
    unit_members,
)
from luoshi.tasks.services.progress_flow import clean_text


def _day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _task_url(task_id: int) -> str:
    return reverse("tasks:task_detail", args=[task_id]) + "#change-requests"


def _asking_unit(actor: Actor, task: Task, unit: Unit | None) -> Unit:
    """The unit named, which must be one of the task's; else the actor's own unit among the
    task's (the lead unit first); else, for the system or the office, the lead unit."""
    units = [task.lead_unit, *task.co_units.all()]
    if unit is not None:
        if unit.pk not in {u.pk for u in units}:
            raise ValidationError({"unit": _("申请单位应是该任务的牵头单位或配合单位。")})
        return unit
    mine = {
        unit_id for role, unit_id in role_units(actor) if role in {Role.LIAISON, Role.UNIT_HEAD}
    }
    return next((u for u in units if u.pk in mine), task.lead_unit)


def change_request_create(
    *,
    actor: Actor,
    task: Task,
    kind: str,
    reason: str,
    new_deadline: dt.date | None = None,
    new_title: str = "",
    unit: Unit | None = None,
    today: dt.date | None = None,
) -> ChangeRequest:
    """延期 or 目标调整, asked before the deadline by one of the task's units; the office of
    the task's region is told."""
    today = today or timezone.localdate()
    request = ChangeRequest(
        task=task,
        kind=kind,
        reason=clean_text(reason, str(_("理由"))),
        new_deadline=new_deadline,
        new_title=clean_text(new_title, str(_("调整后的工作内容"))),
        unit=_asking_unit(actor, task, unit),
        requested_by_id=getattr(actor, "pk", None),
    )
    ensure_allowed(actor, "tasks.add_changerequest", request)
    errors = {}
    if kind not in ChangeKind.values:
        errors["kind"] = _("请选择申请类型。")
    if not request.reason:
        errors["reason"] = _("请说明理由。")
    if today > task.deadline:
        errors["task"] = _("已超过完成时限，不能再申请延期或调整。")
    if kind == ChangeKind.EXTENSION and (new_deadline is None or new_deadline <= task.deadline):
        errors["new_deadline"] = _("新的完成时限应晚于原时限。")
    if kind == ChangeKind.ADJUSTMENT and not request.new_title:
        errors["new_title"] = _("请填写调整后的工作内容。")
    if task.change_requests.filter(state=DecisionState.PENDING).exists():
        errors["task"] = _("这项任务已有待审批的申请。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        save_with_log(actor=actor, instance=request, verb="task.change_requested")
        notify_many(_asked_messages(request))
    return request


def _asked_messages(request: ChangeRequest) -> list[Message]:
    task = request.task
    if request.kind == ChangeKind.EXTENSION and request.new_deadline:
        text = _(
            "%(unit)s申请延期：“%(title)s”，完成时限由%(old)s延至%(new)s。理由：%(reason)s"
        ) % {
            "unit": request.unit.display_name if request.unit else "",
            "title": clause(task.title, 40),
            "old": _day(task.deadline),
            "new": _day(request.new_deadline),
            "reason": request.reason,
        }
    else:
        text = _("%(unit)s申请调整目标：“%(title)s”。理由：%(reason)s") % {
            "unit": request.unit.display_name if request.unit else "",
            "title": clause(task.title, 40),
            "reason": request.reason,
        }
    people = office_members([task.region_id]).get(task.region_id, [])
    key = f"change_request:{request.pk}:asked"
    return [Message(user, text, _task_url(task.pk), key) for user in people]


def change_request_decide(
    *, actor: Actor, request: ChangeRequest, approve: bool, note: str = ""
) -> ChangeRequest:
    """Approve (the task takes the new deadline, words and milestones, or the new content)
    or refuse with a reason; a request is decided once. The asking unit is told."""
    ensure_allowed(actor, "tasks.decide_changerequest", request)
    note = clean_text(note, str(_("审批意见")))
    with transaction.atomic():
        request = (
            ChangeRequest.objects.select_for_update(of=("self",))
            .select_related("task", "unit", "requested_by")
            .get(pk=request.pk)
        )
        require_state(
            request, DecisionState.PENDING, _("这份申请已经审批（%(state)s），不能再次审批。")
        )
        if not approve and not note:
            raise ValidationError({"decision_note": _("不同意时请写明理由。")})
        task = Task.objects.select_for_update().get(pk=request.task_id)
        if (
            approve
            and request.kind == ChangeKind.EXTENSION
            and (request.new_deadline is None or request.new_deadline <= task.deadline)
        ):
            raise ValidationError(
                {"new_deadline": _("申请的完成时限不晚于现在的完成时限，无需延期。")}
            )
        request.state = DecisionState.APPROVED if approve else DecisionState.REJECTED
        request.decision_note = note
        request.decided_by_id = getattr(actor, "pk", None)
        request.decided_at = timezone.now()
        save_with_log(actor=actor, instance=request, verb="task.change_decided")
        if approve:
            if request.kind == ChangeKind.EXTENSION and request.new_deadline:
                _extend(actor, task, request.new_deadline)
            if request.kind == ChangeKind.ADJUSTMENT and request.new_title:
                task.title = request.new_title
            save_with_log(actor=actor, instance=task, verb="task.changed_by_request")
            index_tasks_after_commit([task.pk])
            tasks_evaluate(actor=None, as_of=timezone.localdate(), task_ids=[task.pk])
        notify_many(_decided_messages(request, task))
    return request


def _extend(actor: Actor, task: Task, new_deadline: dt.date) -> None:
    """The new deadline, its words in the old form, and the end milestones moved with it
    (the rule is in the module's docstring). The task itself is saved by the caller."""
    old_deadline = task.deadline
    task.deadline = new_deadline
    task.deadline_text = rewrite_deadline_words(task.deadline_text, new_deadline, task.year)
    quarter = (new_deadline.month - 1) // 3 + 1 if new_deadline.year == task.year else 4
    for milestone in Milestone.objects.select_for_update().filter(
        task=task, done_on__isnull=True, due_date__gte=old_deadline
    ):
        milestone.due_date = new_deadline
        milestone.quarter = quarter
        save_with_log(actor=actor, instance=milestone, verb="task.milestone_moved")


def _decided_messages(request: ChangeRequest, task: Task) -> list[Message]:
    values = {
        "title": clause(task.title, 40),
        "kind": request.get_kind_display(),
        "note": request.decision_note,
    }
    if request.state == DecisionState.REJECTED:
        text = _("“%(title)s”的%(kind)s申请未获同意。理由：%(note)s") % values
    elif request.kind == ChangeKind.EXTENSION:
        values["deadline"] = _day(task.deadline)
        if task.deadline_text:
            values["deadline"] += f"（{task.deadline_text}）"
        text = _("“%(title)s”的延期申请已同意，完成时限调整为%(deadline)s。") % values
    else:
        text = _("“%(title)s”的目标调整申请已同意，工作内容已按申请调整。") % values
    if request.state == DecisionState.APPROVED and request.decision_note:
        text += _("审批意见：%(note)s") % values
    unit_id = request.unit_id or task.lead_unit_id
    people: list[User] = list(unit_members([unit_id]).get(unit_id, []))
    if request.requested_by is not None and request.requested_by not in people:
        people.append(request.requested_by)
    key = f"change_request:{request.pk}:decided"
    return [Message(user, text, _task_url(task.pk), key) for user in people]
