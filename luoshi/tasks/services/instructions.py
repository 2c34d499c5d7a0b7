"""Leaders' written instructions (领导批示): given, read (已阅), answered (落实情况).

A leader (or an administrator) whose scope covers the task writes an instruction on a task,
one of its notices (督办单) or one of its progress reports. It is addressed to the units that
must act — the task's lead unit and co-units; the notice's unit; the report's unit — each
getting a receipt, and their liaisons and heads are told with a link. Then, per unit:

    given ──已阅──▶ acknowledged ──反馈落实情况──▶ answered

A member of the unit reads it as received (a second 已阅 is refused, nothing changes) and
answers how it was carried out, once; an answer before the 已阅 counts as read too. The
leader who gave it is told of each answer. An instruction is never edited or deleted: a leader
with more to say gives another. Every step is in the action log.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.core.sentences import clause
from luoshi.core.templatetags.chinese_dates import chinese_datetime
from luoshi.tasks.models import (
    InstructionReceipt,
    LeaderInstruction,
    Notice,
    ProgressReport,
    Task,
)
from luoshi.tasks.models.instructions import TEXT_MAX_LENGTH, TEXT_MIN_LENGTH
from luoshi.tasks.services.notifications import Message, notify_many, unit_members

InstructionTarget = Task | Notice | ProgressReport
ANSWER_MAX_LENGTH = TEXT_MAX_LENGTH * 2


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def addressed_units(target: InstructionTarget) -> list[Unit]:
    """The units that must act on an instruction about `target`, lead unit first."""
    if isinstance(target, Task):
        co_units = sorted(target.co_units.all(), key=lambda unit: (unit.sort_order, unit.pk))
        return [target.lead_unit, *(u for u in co_units if u.pk != target.lead_unit_id)]
    return [target.unit]


def instruction_url(instruction: LeaderInstruction) -> str:
    """The page the instruction is shown on (its notice's, its report's or its task's),
    at the instruction."""
    if instruction.notice_id:
        page = reverse("tasks:notice_detail", args=[instruction.notice_id])
    elif instruction.progress_report_id:
        page = reverse("tasks:progress_detail", args=[instruction.progress_report_id])
    else:
        page = reverse("tasks:task_detail", args=[instruction.task_id])
    return f"{page}#instruction-{instruction.pk}"


def _check_text(text: str, field: str, what: str, longest: int) -> str:
    """The text trimmed, or a refusal naming `what` (批示内容, 落实情况) on `field`."""
    text = (text or "").strip()
    if len(text) < TEXT_MIN_LENGTH:
        raise ValidationError(
            {field: _("请写%(what)s（至少 %(n)d 个字）。") % {"what": what, "n": TEXT_MIN_LENGTH}}
        )
    if len(text) > longest:
        raise ValidationError(
            {
                field: _("%(what)s最多 %(n)d 个字，现有 %(m)d 个字。")
                % {"what": what, "n": longest, "m": len(text)}
            }
        )
    return text


def instruction_give(*, actor: Actor, target: InstructionTarget, text: str) -> LeaderInstruction:
    """A leader's instruction on a task, a notice or a progress report, addressed to the
    units that must act, each of whose liaisons and heads is told."""
    task = target if isinstance(target, Task) else target.task
    instruction = LeaderInstruction(
        task=task,
        notice=target if isinstance(target, Notice) else None,
        progress_report=target if isinstance(target, ProgressReport) else None,
    )
    ensure_allowed(actor, "tasks.add_leaderinstruction", instruction)
    instruction.text = _check_text(text, "text", _("批示内容"), TEXT_MAX_LENGTH)
    instruction.given_by = _person(actor)
    units = addressed_units(target)
    with transaction.atomic():
        save_with_log(actor=actor, instance=instruction, verb="instruction.given")
        receipts = [InstructionReceipt(instruction=instruction, unit=unit) for unit in units]
        for receipt in receipts:
            receipt.full_clean(validate_unique=False)  # one unit once: distinct by construction
        InstructionReceipt.objects.bulk_create(receipts)
        notify_many(_given_messages(instruction, units))
    return instruction


def _given_messages(instruction: LeaderInstruction, units: list[Unit]) -> list[Message]:
    leader = instruction.given_by.display_name if instruction.given_by else _("领导")
    text = _("%(leader)s批示（%(title)s）：%(text)s，请阅办并反馈落实情况。") % {
        "leader": leader,
        "title": clause(instruction.task.title, 30),
        "text": clause(instruction.text, 80),
    }
    url = instruction_url(instruction)
    members = unit_members([unit.pk for unit in units])
    people = dict.fromkeys(user for unit in units for user in members.get(unit.pk, []))
    key = f"instruction:{instruction.pk}:given"
    return [Message(user, text, url, key) for user in people]


def _locked(receipt: InstructionReceipt) -> InstructionReceipt:
    """The stored receipt, locked for the rest of the transaction (its state is the truth)."""
    return (
        InstructionReceipt.objects.select_for_update(of=("self",))
        .select_related("unit", "instruction__task__region", "instruction__given_by")
        .get(pk=receipt.pk)
    )


def instruction_acknowledge(*, actor: Actor, receipt: InstructionReceipt) -> InstructionReceipt:
    """已阅: a liaison or head of the receipt's unit has read the instruction; once."""
    ensure_allowed(actor, "tasks.act_on_instructionreceipt", receipt)
    with transaction.atomic():
        stored = _locked(receipt)
        if stored.acknowledged_at is not None:
            raise ValidationError(
                _("%(unit)s已于%(when)s阅知这条批示，无需重复签收。")
                % {
                    "unit": stored.unit.display_name,
                    "when": chinese_datetime(stored.acknowledged_at),
                }
            )
        stored.acknowledged_by = _person(actor)
        stored.acknowledged_at = timezone.now()
        save_with_log(actor=actor, instance=stored, verb="instruction.acknowledged")
    return stored


def instruction_answer(
    *, actor: Actor, receipt: InstructionReceipt, text: str
) -> InstructionReceipt:
    """落实情况: the unit answers how it carried the instruction out, once (read as received
    with it if not yet); the leader who gave it is told."""
    ensure_allowed(actor, "tasks.act_on_instructionreceipt", receipt)
    answer = _check_text(text, "answer", _("落实情况"), ANSWER_MAX_LENGTH)
    with transaction.atomic():
        stored = _locked(receipt)
        if stored.answered_at is not None:
            raise ValidationError(
                _("%(unit)s已于%(when)s反馈了这条批示的落实情况，不能重复反馈。")
                % {"unit": stored.unit.display_name, "when": chinese_datetime(stored.answered_at)}
            )
        now = timezone.now()
        if stored.acknowledged_at is None:
            stored.acknowledged_by = _person(actor)
            stored.acknowledged_at = now
        stored.answer = answer
        stored.answered_by = _person(actor)
        stored.answered_at = now
        save_with_log(actor=actor, instance=stored, verb="instruction.answered")
        leader = stored.instruction.given_by
        if leader is not None:
            notify_many(
                [
                    Message(
                        leader,
                        _("%(unit)s反馈了批示（%(text)s）的落实情况：%(answer)s")
                        % {
                            "unit": stored.unit.display_name,
                            "text": clause(stored.instruction.text, 30),
                            "answer": clause(answer, 80),
                        },
                        instruction_url(stored.instruction),
                    )
                ]
            )
    return stored
