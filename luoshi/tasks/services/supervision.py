"""Supervision notices (督办单): issued by hand or by rules, received, answered, reviewed.

    issued ──签收──▶ received ──反馈──▶ answered ──办结──▶ closed
                        ▲                  │
                        └──── 退回重办 ◀────┘

Each step checks the state it starts from under a row lock, so a step out of order (or a
second click) is refused with a message and changes nothing. Each step tells the people
concerned: the notice's unit (liaisons and heads) when the office acts, the office when the
unit acts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Unit
from luoshi.tasks.models import Notice, NoticeColour, NoticeState, Task, TaskStatus
from luoshi.tasks.services.notifications import Message, notify_many, office_members, unit_members

# Rules of `notices_generate`, most severe first: a task gets the notice of the first rule
# that applies, so a red task is not also sent a blue reminder.
RULE_RED = "colour_red"
RULE_YELLOW = "colour_yellow"
RULE_DEADLINE = "deadline_near"
RULE_COLOURS = {RULE_RED: NoticeColour.RED, RULE_YELLOW: NoticeColour.YELLOW}
# Days a unit has to answer a generated notice.
ANSWER_DAYS = {RULE_RED: 3, RULE_YELLOW: 5, RULE_DEADLINE: 3}
DEFAULT_DEADLINE_DAYS = 7

NUMBER_PATTERN = re.compile(r"〔(\d{4})〕(\d+)号")


def _notice_url(notice: Notice) -> str:
    return reverse("tasks:notice_detail", args=[notice.pk])


def _next_numbers(region: Region, year: int, count: int) -> list[str]:
    """`count` fresh numbers 督办〔year〕n号 for the region; the region row is locked so two
    offices issuing at once do not share a number."""
    Region.objects.select_for_update().filter(pk=region.pk).first()
    numbers = Notice.objects.filter(
        task__region=region, number__startswith=f"督办〔{year}〕"
    ).values_list("number", flat=True)
    highest = 0
    for number in numbers:
        match = NUMBER_PATTERN.search(number)
        if match:
            highest = max(highest, int(match.group(2)))
    return [f"督办〔{year}〕{highest + i}号" for i in range(1, count + 1)]


def _tell_unit(notice: Notice, text: str, key: str = "") -> list[Message]:
    people = unit_members([notice.unit_id]).get(notice.unit_id, [])
    return [Message(user, text, _notice_url(notice), key) for user in people]


def _tell_office(notice: Notice, text: str) -> list[Message]:
    region_id = notice.task.region_id
    people = list(office_members([region_id]).get(region_id, []))
    if notice.issued_by is not None and notice.issued_by not in people:
        people.append(notice.issued_by)
    return [Message(user, text, _notice_url(notice)) for user in people]


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
        notify_many(_issued_messages(notice))
    return notice


def _issued_messages(notice: Notice) -> list[Message]:
    return _tell_unit(notice, _issued_text(notice), key=f"notice:{notice.pk}:issued")


@dataclass
class GenerationResult:
    issued: list[Notice] = field(default_factory=list)
    skipped_open: int = 0

    @property
    def count(self) -> int:
        return len(self.issued)

    def by_colour(self) -> dict[str, int]:
        counts = dict.fromkeys(NoticeColour.values, 0)
        for notice in self.issued:
            counts[notice.colour] += 1
        return counts


def _rule_for(task: Task, as_of: dt.date, deadline_days: int) -> str | None:
    if task.colour == "red":
        return RULE_RED
    if task.colour == "yellow":
        return RULE_YELLOW
    if as_of <= task.deadline <= as_of + dt.timedelta(days=deadline_days):
        return RULE_DEADLINE
    return None


def _answer_due(task: Task, rule: str, as_of: dt.date) -> dt.date:
    """A near-deadline notice is answered by the task's deadline at the latest."""
    due = as_of + dt.timedelta(days=ANSWER_DAYS[rule])
    if rule == RULE_DEADLINE:
        due = max(as_of, min(due, task.deadline))
    return due


def _generated_reason(task: Task, rule: str) -> str:
    if rule == RULE_RED:
        return _("任务“%(title)s”亮红灯（逾期或严重滞后于序时进度）。") % {"title": task.title}
    if rule == RULE_YELLOW:
        return _("任务“%(title)s”亮黄灯（进度滞后或临近完成时限）。") % {"title": task.title}
    return _("任务“%(title)s”将于%(deadline)s到期，尚未完成。") % {
        "title": task.title,
        "deadline": task.deadline.strftime("%Y-%m-%d"),
    }


def notices_generate(
    *,
    actor: Actor,
    region: Region,
    as_of: dt.date | None = None,
    year: int | None = None,
    deadline_days: int = DEFAULT_DEADLINE_DAYS,
) -> GenerationResult:
    """Issue notices by rule for the tasks of `region` as of a day: a red task gets a red
    notice, a yellow task a yellow one, an unfinished task due within `deadline_days` a blue
    one. A task that already has an open notice of that rule gets no second one, so running
    this again the same day issues nothing. Tasks with an exemption (免责事由) are skipped."""
    ensure_allowed(actor, "tasks.add_notice", region)
    if deadline_days < 0 or deadline_days > 90:
        raise ValidationError({"deadline_days": _("临期天数应在 0 到 90 之间。")})
    as_of = as_of or timezone.localdate()
    tasks = (
        Task.objects.filter(region=region, exempt_reason="")
        .exclude(status=TaskStatus.DONE)
        .select_related("region", "lead_unit")
        .order_by("order", "id")
    )
    if year is not None:
        tasks = tasks.filter(year=year)
    candidates = [
        (task, rule)
        for task in tasks
        if (rule := _rule_for(task, as_of, deadline_days)) is not None
    ]
    result = GenerationResult()
    with transaction.atomic():
        open_pairs = set(
            Notice.objects.filter(task__in=[task for task, _rule in candidates])
            .exclude(state=NoticeState.CLOSED)
            .exclude(rule="")
            .values_list("task_id", "rule")
        )
        fresh = [(task, rule) for task, rule in candidates if (task.pk, rule) not in open_pairs]
        result.skipped_open = len(candidates) - len(fresh)
        if not fresh:
            return result
        numbers = _next_numbers(region, as_of.year, len(fresh))
        issued_by = actor if getattr(actor, "is_authenticated", False) else None
        messages: list[Message] = []
        for (task, rule), number in zip(fresh, numbers, strict=True):
            notice = Notice(
                task=task,
                unit=task.lead_unit,
                colour=RULE_COLOURS.get(rule, NoticeColour.BLUE),
                number=number,
                reason=_generated_reason(task, rule),
                requirement=_("请于反馈时限前签收，并反馈办理情况和下一步措施。"),
                due_date=_answer_due(task, rule, as_of),
                rule=rule,
                issued_by=issued_by,  # type: ignore[misc]
            )
            save_with_log(actor=actor, instance=notice, verb="notice.generated")
            result.issued.append(notice)
        members = unit_members({notice.unit_id for notice in result.issued})
        for notice in result.issued:
            text = _issued_text(notice)
            messages.extend(
                Message(user, text, _notice_url(notice), f"notice:{notice.pk}:issued")
                for user in members.get(notice.unit_id, [])
            )
        notify_many(messages)
    return result


def _issued_text(notice: Notice) -> str:
    return _("%(number)s %(colour)s：%(title)s，请于%(due)s前签收并反馈。") % {
        "number": notice.number,
        "colour": notice.get_colour_display(),
        "title": notice.task.title[:40],
        "due": notice.due_date.strftime("%Y-%m-%d"),
    }


def _refuse(notice: Notice, expected: str, message: str) -> None:
    if notice.state != expected:
        raise ValidationError(
            message % {"state": notice.get_state_display(), "number": notice.number}
        )


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
        notify_many(_tell_unit(stored, text))
    return stored
