"""The handling of an appeal (接诉即办): the office dispatches it to a lead unit, with co-units
when several must act (派单); the lead unit signs for it (签收) or sends it back with the
reason (退单); co-units give their opinions (协办意见); the lead unit answers (答复); the
citizen, or the office by telephone, gives the verdict (回访); 满意 or 基本满意 closes it
(办结), 不满意 reopens it once (重办) with the reason. The office may close an answered appeal
it could not follow up, saying why.

Each step is checked against the appeal's state, written with its event, and logged — all
or nothing. Re-routing is a dispatch of a returned appeal. Time limits: `time_limits`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.appeals.models import Appeal, AppealEvent, AppealStatus, Satisfaction, Step
from luoshi.appeals.search_indexing import index_appeals_after_commit
from luoshi.appeals.selectors import units_to_dispatch_to
from luoshi.appeals.services import MIN_CONTENT, _person
from luoshi.appeals.time_limits import answer_due, sign_due
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.core.text_input import strip_control
from luoshi.core.workflow import require_state

MAX_NOTE = 2000
MAX_CO_UNITS = 5
REOPEN_LIMIT = 1


def _locked(appeal: Appeal) -> Appeal:
    return (
        # Only the appeal's row: its unit is joined on the nullable side, which PostgreSQL
        # cannot lock.
        Appeal.objects.select_for_update(of=("self",))
        .select_related("region", "lead_unit")
        .get(pk=appeal.pk)
    )


def _note(text: str, *, label: str, required: bool) -> str:
    note = strip_control(text or "").strip()
    if required and len(note) < MIN_CONTENT:
        raise ValidationError(
            {"note": _("请写明%(label)s，至少 %(n)d 个字。") % {"label": label, "n": MIN_CONTENT}}
        )
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("最多 %(n)d 字。") % {"n": MAX_NOTE}})
    return note


def _step(
    actor: Actor,
    appeal: Appeal,
    step: str,
    verb: str,
    *,
    unit: Unit | None = None,
    note: str = "",
    satisfaction: str = "",
) -> Appeal:
    save_with_log(actor=actor, instance=appeal, verb=verb, note=note or None)
    index_appeals_after_commit([appeal.pk])
    AppealEvent.objects.create(
        appeal=appeal,
        step=step,
        unit=unit,
        actor=_person(actor),
        note=note,
        satisfaction=satisfaction,
    )
    return appeal


def _send(appeal: Appeal, unit: Unit) -> None:
    """To `unit`, waiting for its 签收 by the limit of the appeal's urgency."""
    appeal.lead_unit = unit
    appeal.status = AppealStatus.DISPATCHED
    appeal.dispatched_at = timezone.now()
    appeal.sign_due = sign_due(appeal.urgency, timezone.localdate())
    appeal.signed_at = None


def appeal_dispatch(
    actor: Actor, appeal: Appeal, unit: Unit, note: str = "", co_units: Iterable[Unit] = ()
) -> Appeal:
    """派单: to a lead unit of the appeal's region or of one above it, with up to
    MAX_CO_UNITS co-units (联合办理); the office re-routes a returned appeal the same way."""
    with transaction.atomic():
        appeal = _locked(appeal)
        # Checked on the stored appeal: the unit it was sent to is the one now.
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
        allowed = set(units_to_dispatch_to(appeal).values_list("pk", flat=True))
        if unit.pk not in allowed:
            raise ValidationError({"unit": _("只能派给诉求所在地区或其上级地区的单位。")})
        helpers = {u.pk: u for u in co_units if u.pk != unit.pk}
        if set(helpers) - allowed:
            raise ValidationError({"co_units": _("协办单位只能是诉求所在地区或其上级地区的单位。")})
        if len(helpers) > MAX_CO_UNITS:
            raise ValidationError({"co_units": _("协办单位最多 %(n)d 个。") % {"n": MAX_CO_UNITS}})
        require_state(
            appeal,
            (AppealStatus.RECEIVED, AppealStatus.RETURNED),
            _("诉求%(state)s，不能再派单。"),
            field="status",
        )
        _send(appeal, unit)
        appeal.co_units.set(helpers.values())
        names = "、".join(u.name for u in helpers.values())
        text = _note(note, label="", required=False)
        if names:
            text = (_("协办：%(units)s。") % {"units": names}) + text
        return _step(actor, appeal, Step.DISPATCHED, "appeal.dispatched", unit=unit, note=text)


def appeal_sign(actor: Actor, appeal: Appeal) -> Appeal:
    """签收, by the lead unit."""
    with transaction.atomic():
        appeal = _locked(appeal)
        # Checked on the stored appeal: the unit it was sent to is the one now.
        ensure_allowed(actor, "appeals.handle_appeal", appeal)
        require_state(
            appeal, AppealStatus.DISPATCHED, _("诉求%(state)s，不能签收。"), field="status"
        )
        appeal.status = AppealStatus.SIGNED
        appeal.signed_at = timezone.now()
        return _step(actor, appeal, Step.SIGNED, "appeal.signed", unit=appeal.lead_unit)


def appeal_return(actor: Actor, appeal: Appeal, reason: str) -> Appeal:
    """退单: not this unit's matter; back to the office with the reason, to be re-routed (its
    co-units with it)."""
    reason = _note(reason, label=_("退单理由"), required=True)
    with transaction.atomic():
        appeal = _locked(appeal)
        ensure_allowed(actor, "appeals.handle_appeal", appeal)
        require_state(
            appeal,
            (AppealStatus.DISPATCHED, AppealStatus.SIGNED),
            _("诉求%(state)s，不能退单。"),
            field="status",
        )
        unit = appeal.lead_unit
        appeal.lead_unit = None
        appeal.status = AppealStatus.RETURNED
        appeal.sign_due = None
        appeal.signed_at = None  # judged again on the next unit's signing
        appeal.co_units.clear()
        return _step(actor, appeal, Step.RETURNED, "appeal.returned", unit=unit, note=reason)


def appeal_assist(actor: Actor, appeal: Appeal, unit: Unit, opinion: str) -> Appeal:
    """协办意见: what a co-unit did or found, for the lead unit's answer."""
    opinion = _note(opinion, label=_("协办意见"), required=True)
    with transaction.atomic():
        appeal = _locked(appeal)
        ensure_allowed(actor, "appeals.assist_appeal", appeal)
        if not appeal.co_units.filter(pk=unit.pk).exists():
            raise ValidationError(_("%(unit)s不是这件诉求的协办单位。") % {"unit": unit.name})
        require_state(
            appeal,
            (AppealStatus.DISPATCHED, AppealStatus.SIGNED),
            _("诉求%(state)s，不能再提协办意见。"),
            field="status",
        )
        return _step(actor, appeal, Step.ASSISTED, "appeal.assisted", unit=unit, note=opinion)


def appeal_answer(actor: Actor, appeal: Appeal, reply: str) -> Appeal:
    """答复: what the unit did or will do, as the citizen will read it."""
    reply = _note(reply, label=_("答复意见"), required=True)
    with transaction.atomic():
        appeal = _locked(appeal)
        ensure_allowed(actor, "appeals.handle_appeal", appeal)
        require_state(
            appeal, AppealStatus.SIGNED, _("诉求%(state)s，签收后才能答复。"), field="status"
        )
        appeal.reply = reply
        appeal.status = AppealStatus.ANSWERED
        appeal.answered_at = timezone.now()
        return _step(
            actor, appeal, Step.ANSWERED, "appeal.answered", unit=appeal.lead_unit, note=reply
        )


def appeal_visit(
    actor: Actor,
    appeal: Appeal,
    satisfaction: str,
    *,
    resolved: bool | None = None,
    reason: str = "",
) -> Appeal:
    """回访: the citizen's verdict on the answer, from the public page (`actor` None) or
    taken by the office on the telephone. 满意 or 基本满意 closes the appeal; 不满意 reopens
    it to the same unit once (重办), with the reason and a new time limit; 不满意 again
    closes it with that verdict."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意、基本满意或不满意。")})
    unhappy = satisfaction == Satisfaction.UNSATISFIED
    reason = _note(reason, label=_("不满意的原因"), required=unhappy)
    with transaction.atomic():
        appeal = _locked(appeal)
        if actor is not None:
            ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
        require_state(
            appeal, AppealStatus.ANSWERED, _("诉求%(state)s，答复后才能回访。"), field="status"
        )
        appeal.satisfaction = satisfaction
        appeal.resolved = resolved
        verdict = Satisfaction(satisfaction).label
        text = f"{verdict}。{reason}" if reason else f"{verdict}。"
        unit = appeal.lead_unit
        _step(actor, appeal, Step.VISITED, "appeal.visited", note=text, satisfaction=satisfaction)
        if unhappy and appeal.reopened < REOPEN_LIMIT and unit is not None:
            appeal.reopened += 1
            appeal.due_date = answer_due(appeal.urgency, timezone.localdate())
            appeal.answered_at = None  # the new answer is judged against the new limit
            _send(appeal, unit)
            return _step(actor, appeal, Step.REOPENED, "appeal.reopened", unit=unit, note=reason)
        appeal.status = AppealStatus.CLOSED
        appeal.closed_at = timezone.now()
        return _step(actor, appeal, Step.CLOSED, "appeal.closed")


def appeal_close(actor: Actor, appeal: Appeal, note: str = "") -> Appeal:
    """办结 without a verdict, by the office: the citizen could not be reached or left no
    contact; the note says so."""
    with transaction.atomic():
        appeal = _locked(appeal)
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
        require_state(
            appeal, AppealStatus.ANSWERED, _("诉求%(state)s，答复后才能办结。"), field="status"
        )
        appeal.status = AppealStatus.CLOSED
        appeal.closed_at = timezone.now()
        return _step(
            actor,
            appeal,
            Step.CLOSED,
            "appeal.closed",
            note=_note(note, label=_("未能回访的原因"), required=True),
        )
