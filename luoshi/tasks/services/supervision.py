"""Supervision notices (督办单): issued by hand or by rules, received, answered, reviewed.

By rule, in two steps: the office previews the plan (`luoshi.tasks.selectors.notice_plans`,
rules and colours in `luoshi.tasks.notice_rules`), unticks what it does not want, and issues
the rest (`notices_issue_by_rule`), which computes the plan again and issues only what is
still due.

    issued ──签收──▶ received ──反馈──▶ answered ──办结──▶ closed
                        ▲                  │
                        └──── 退回重办 ◀────┘

Each step checks the state it starts from under a row lock, so a step out of order (or a
second click) is refused with a message and changes nothing. Each step tells the people
concerned: the notice's unit (liaisons and heads) when the office acts, the office when the
unit acts. Each step also adds a `NoticeEvent` — who, when, and the answer, send-back reason
or closing note — so the notice page shows every answer and every send-back in order, while
the notice row keeps only the latest answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.core.action_log import Actor, log_action, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Unit
from luoshi.core.sentences import clause
from luoshi.core.templatetags.chinese_dates import chinese_date
from luoshi.core.workflow import require_state
from luoshi.tasks.models import Notice, NoticeColour, NoticeEvent, NoticeState, NoticeStep, Task
from luoshi.tasks.notice_rules import DEFAULT_DEADLINE_DAYS, NoticePlan, PlannedNotice, SkipCause
from luoshi.tasks.search_indexing import index_notice_after_commit
from luoshi.tasks.selectors.notice_plans import check_deadline_days, notice_plan, plan_tasks
from luoshi.tasks.services.document_numbers import next_serial
from luoshi.tasks.services.notifications import Message, notify_many, office_members, unit_members


def _notice_url(notice: Notice) -> str:
    return reverse("tasks:notice_detail", args=[notice.pk])


def _next_numbers(region: Region, year: int, count: int) -> list[str]:
    """`count` fresh numbers 督办〔year〕n号 for the region; the region row is locked so two
    offices issuing at once do not share a number."""
    Region.objects.select_for_update().filter(pk=region.pk).first()
    numbers = Notice.objects.filter(
        task__region=region, number__startswith=f"督办〔{year}〕"
    ).values_list("number", flat=True)
    first = next_serial(numbers)
    return [f"督办〔{year}〕{first + i}号" for i in range(count)]


def _tell_unit(notice: Notice, text: str, key: str = "") -> list[Message]:
    people = unit_members([notice.unit_id]).get(notice.unit_id, [])
    return [Message(user, text, _notice_url(notice), key) for user in people]


def _tell_office(notice: Notice, text: str) -> list[Message]:
    region_id = notice.task.region_id
    people = list(office_members([region_id]).get(region_id, []))
    if notice.issued_by is not None and notice.issued_by not in people:
        people.append(notice.issued_by)
    return [Message(user, text, _notice_url(notice)) for user in people]


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _event(notice: Notice, step: str, actor: Actor, text: str = "") -> NoticeEvent:
    """One step in the notice's history (the notice's own change is in the action log)."""
    event = NoticeEvent(notice=notice, step=step, text=text, actor=_person(actor))
    event.full_clean()
    event.save()
    return event


def _locked(notice: Notice) -> Notice:
    """The stored notice, locked for the rest of the transaction (its state is the truth)."""
    # Only the notice row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of
    # the outer join to `issued_by`.
    return (
        Notice.objects.select_for_update(of=("self",))
        .select_related("task", "unit", "issued_by")
        .get(pk=notice.pk)
    )


def notice_issue(
    *,
    actor: Actor,
    task: Task,
    colour: str,
    reason: str,
    due_date: dt.date,
    requirement: str = "",
    unit: Unit | None = None,
) -> Notice:
    """Issue a notice by hand to the task's lead unit (or one of its co-units)."""
    unit = unit or task.lead_unit
    notice = Notice(task=task, unit=unit, colour=colour, due_date=due_date, rule="")
    ensure_allowed(actor, "tasks.add_notice", notice)
    errors: dict[str, str] = {}
    if colour not in NoticeColour.values:
        errors["colour"] = _("请选择督办等级（蓝色、黄色或红色）。")
    if not (reason or "").strip():
        errors["reason"] = _("请填写督办事由。")
    if due_date < timezone.localdate():
        errors["due_date"] = _("反馈时限不能早于今天。")
    if unit.pk != task.lead_unit_id and not task.co_units.filter(pk=unit.pk).exists():
        errors["unit"] = _("督办对象必须是该任务的牵头单位或配合单位。")
    if errors:
        raise ValidationError(errors)
    notice.reason = reason.strip()
    notice.requirement = (requirement or "").strip()
    notice.issued_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
    with transaction.atomic():
        notice.number = _next_numbers(task.region, timezone.localdate().year, 1)[0]
        save_with_log(actor=actor, instance=notice, verb="notice.issued")
        index_notice_after_commit(notice.pk)
        _event(notice, NoticeStep.ISSUED, actor, notice.reason)
        notify_many(_issued_messages(notice))
    return notice


def _issued_messages(notice: Notice) -> list[Message]:
    return _tell_unit(notice, _issued_text(notice), key=f"notice:{notice.pk}:issued")


@dataclass
class GenerationResult:
    """What one issue by rule did: the notices issued, the plan they came from, and the
    tasks ticked in the preview that the plan no longer holds (done, extended, or given a
    notice meanwhile), which were not issued."""

    plan: NoticePlan
    issued: list[Notice] = field(default_factory=list)
    no_longer_due: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.issued)

    @property
    def skipped_open(self) -> int:
        """Tasks left out because their unit already has an open notice on their tree."""
        return len(self.plan.skipped_for(SkipCause.OPEN_NOTICE))

    def by_colour(self) -> dict[str, int]:
        counts = dict.fromkeys(NoticeColour.values, 0)
        for notice in self.issued:
            counts[notice.colour] += 1
        return counts


def _chosen_task_ids(
    region: Region, year: int | None, task_ids: Collection[int] | None
) -> set[int] | None:
    """The ticked tasks, each one of the region's (of the year); a tick that names anything
    else refuses the whole issue."""
    if task_ids is None:
        return None
    chosen = set(task_ids)
    if not chosen:
        raise ValidationError({"task_ids": _("请至少勾选一份要下发的督办单。")})
    # Ids beyond the key's range are strangers too, without asking the database (which would
    # refuse the value rather than find nothing).
    lowest, highest = connection.ops.integer_field_range(Task._meta.pk.get_internal_type())
    storable = {pk for pk in chosen if max(lowest or 1, 1) <= pk <= (highest or pk)}
    known = set(plan_tasks(region, year).filter(pk__in=storable).values_list("pk", flat=True))
    strangers = chosen - known
    if strangers:
        raise ValidationError(
            {
                "task_ids": _(
                    "所选的任务中有 %(n)d 项不存在或不属于%(region)s本次生成的范围，"
                    "未下发任何督办单。"
                )
                % {"n": len(strangers), "region": region.name}
            }
        )
    return chosen


def notices_issue_by_rule(
    *,
    actor: Actor,
    region: Region,
    task_ids: Collection[int] | None = None,
    as_of: dt.date | None = None,
    year: int | None = None,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
) -> GenerationResult:
    """Issue the notices of the rules' plan (`luoshi.tasks.selectors.notice_plans`, rules in
    `luoshi.tasks.notice_rules`) for `region`'s tasks as of a day: those on the ticked
    `task_ids` (the tasks the preview shows them on), or all of them when None.

    The plan is computed again under the region's lock, in the transaction that issues: a
    tick whose notice is no longer due is not issued (and is reported), and two offices
    issuing at once do not issue the same notice twice. A tick naming a task that does not
    exist or is not the region's refuses the whole issue. Each notice is logged, starts its
    history and tells its unit; the issue as a whole is logged on the region."""
    ensure_allowed(actor, "tasks.add_notice", region)
    check_deadline_days(deadline_days)
    as_of = as_of or timezone.localdate()
    chosen = _chosen_task_ids(region, year, task_ids)
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()
        plan = notice_plan(region=region, year=year, as_of=as_of, deadline_days=deadline_days)
        result = GenerationResult(plan=plan)
        planned = [p for p in plan.notices if chosen is None or p.task.pk in chosen]
        if chosen is not None:
            result.no_longer_due = sorted(chosen - {p.task.pk for p in plan.notices})
        if planned:
            result.issued = _issue_planned(actor, region, planned, as_of)
        log_action(
            actor=actor,
            verb="notices.issued_by_rule",
            target=region,
            after={
                "as_of": as_of.isoformat(),
                "year": year,
                "issued": [notice.number for notice in result.issued],
                "no_longer_due": result.no_longer_due,
            },
        )
    return result


def _issue_planned(
    actor: Actor, region: Region, planned: list[PlannedNotice], as_of: dt.date
) -> list[Notice]:
    numbers = _next_numbers(region, as_of.year, len(planned))
    issued_by = _person(actor)
    issued: list[Notice] = []
    for row, number in zip(planned, numbers, strict=True):
        notice = Notice(
            task=row.task,
            unit=row.unit,
            colour=row.colour,
            number=number,
            reason=row.reason,
            requirement=_("请于反馈时限前签收，并反馈办理情况和下一步措施。"),
            due_date=row.due_date,
            rule=row.rule,
            issued_by=issued_by,
        )
        save_with_log(actor=actor, instance=notice, verb="notice.generated")
        index_notice_after_commit(notice.pk)
        issued.append(notice)
    NoticeEvent.objects.bulk_create(
        NoticeEvent(notice=notice, step=NoticeStep.ISSUED, text=notice.reason, actor=issued_by)
        for notice in issued
    )
    members = unit_members({notice.unit_id for notice in issued})
    messages: list[Message] = []
    for notice in issued:
        text = _issued_text(notice)
        messages.extend(
            Message(user, text, _notice_url(notice), f"notice:{notice.pk}:issued")
            for user in members.get(notice.unit_id, [])
        )
    notify_many(messages)
    return issued


def notices_generate(
    *,
    actor: Actor,
    region: Region,
    as_of: dt.date | None = None,
    year: int | None = None,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
) -> GenerationResult:
    """Issue every notice the rules' plan holds, unticked (the daily job, the demo):
    `notices_issue_by_rule` with nothing left out."""
    return notices_issue_by_rule(
        actor=actor, region=region, as_of=as_of, year=year, deadline_days=deadline_days
    )


def _issued_text(notice: Notice) -> str:
    return _("%(number)s %(colour)s：%(title)s，请于%(due)s前签收并反馈。") % {
        "number": notice.number,
        "colour": notice.get_colour_display(),
        "title": clause(notice.task.title, 40),
        "due": chinese_date(notice.due_date),
    }


def _refuse(notice: Notice, expected: str, message: str) -> None:
    require_state(notice, expected, message, number=notice.number)


def notice_receive(*, actor: Actor, notice: Notice) -> Notice:
    """签收: a liaison or head of the notice's unit acknowledges it."""
    ensure_allowed(actor, "tasks.answer_notice", notice)
    with transaction.atomic():
        stored = _locked(notice)
        _refuse(stored, NoticeState.ISSUED, _("督办单%(number)s当前为“%(state)s”，不能签收。"))
        stored.state = NoticeState.RECEIVED
        stored.received_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
        stored.received_at = timezone.now()
        save_with_log(actor=actor, instance=stored, verb="notice.received")
        index_notice_after_commit(stored.pk)
        _event(stored, NoticeStep.RECEIVED, actor)
        notify_many(
            _tell_office(
                stored,
                _("%(unit)s已签收督办单%(number)s。")
                % {"unit": stored.unit.display_name, "number": stored.number},
            )
        )
    return stored


def notice_answer(*, actor: Actor, notice: Notice, answer: str) -> Notice:
    """办理情况: the unit reports what it did; the text is required."""
    ensure_allowed(actor, "tasks.answer_notice", notice)
    text = (answer or "").strip()
    if not text:
        raise ValidationError({"answer": _("请填写办理情况。")})
    with transaction.atomic():
        stored = _locked(notice)
        if stored.state == NoticeState.ISSUED:
            raise ValidationError(_("请先签收督办单，再反馈办理情况。"))
        _refuse(stored, NoticeState.RECEIVED, _("督办单%(number)s当前为“%(state)s”，不能反馈。"))
        stored.state = NoticeState.ANSWERED
        stored.answer = text
        stored.answered_at = timezone.now()
        save_with_log(actor=actor, instance=stored, verb="notice.answered")
        index_notice_after_commit(stored.pk)
        answered = _event(stored, NoticeStep.ANSWERED, actor, text)
        # Files uploaded for this answer go with it (luoshi.tasks.services.attachments).
        stored.attachments.filter(event__isnull=True).update(event=answered)
        notify_many(
            _tell_office(
                stored,
                _("%(unit)s已反馈督办单%(number)s的办理情况，请审核。")
                % {"unit": stored.unit.display_name, "number": stored.number},
            )
        )
    return stored


def notice_review(*, actor: Actor, notice: Notice, close: bool, note: str = "") -> Notice:
    """The office closes the notice (办结), or sends it back with a note: the unit then
    answers again (state back to received)."""
    ensure_allowed(actor, "tasks.close_notice", notice)
    note = (note or "").strip()
    if not close and not note:
        raise ValidationError({"review_note": _("退回重办时请写明理由。")})
    with transaction.atomic():
        stored = _locked(notice)
        _refuse(stored, NoticeState.ANSWERED, _("督办单%(number)s当前为“%(state)s”，不能审核。"))
        stored.review_note = note
        values = {"number": stored.number, "note": note}
        if close:
            stored.state = NoticeState.CLOSED
            stored.closed_at = timezone.now()
            verb = "notice.closed"
            text = _("督办单%(number)s已办结。") % values
        else:
            stored.state = NoticeState.RECEIVED
            verb = "notice.sent_back"
            text = _("督办单%(number)s被退回重办：%(note)s") % values
        save_with_log(actor=actor, instance=stored, verb=verb)
        index_notice_after_commit(stored.pk)
        _event(stored, NoticeStep.CLOSED if close else NoticeStep.SENT_BACK, actor, note)
        notify_many(_tell_unit(stored, text))
    return stored
