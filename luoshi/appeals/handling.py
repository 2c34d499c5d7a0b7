"""The handling of an appeal (接诉即办): the office dispatches it to a unit (派单), the unit signs
for it (签收) or sends it back with the reason (退单), answers (答复), and the office closes it
(办结). Each step is checked against the appeal's state, written with its event, and logged —
all or nothing. Re-routing is a dispatch of a returned appeal.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import region_code_lineage
from luoshi.appeals.models import Appeal, AppealEvent, AppealStatus, Step
from luoshi.appeals.services import MIN_CONTENT, _person
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.core.text_input import strip_control
from luoshi.core.workflow import require_state

MAX_NOTE = 2000


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
    actor: Actor, appeal: Appeal, step: str, verb: str, *, unit: Unit | None = None, note: str = ""
) -> Appeal:
    save_with_log(actor=actor, instance=appeal, verb=verb, note=note or None)
    AppealEvent.objects.create(appeal=appeal, step=step, unit=unit, actor=_person(actor), note=note)
    return appeal


def appeal_dispatch(actor: Actor, appeal: Appeal, unit: Unit, note: str = "") -> Appeal:
    """派单: to a unit of the appeal's region or of one above it (the office re-routes a
    returned appeal the same way)."""
    with transaction.atomic():
        appeal = _locked(appeal)
        # Checked on the stored appeal: the unit it was sent to is the one now.
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
        if not unit.is_active or unit.region.code not in region_code_lineage(appeal.region.code):
            raise ValidationError({"unit": _("只能派给诉求所在地区或其上级地区的单位。")})
        require_state(
            appeal,
            (AppealStatus.RECEIVED, AppealStatus.RETURNED),
            _("诉求%(state)s，不能再派单。"),
            field="status",
        )
        appeal.lead_unit = unit
        appeal.status = AppealStatus.DISPATCHED
        return _step(
            actor,
            appeal,
            Step.DISPATCHED,
            "appeal.dispatched",
            unit=unit,
            note=_note(note, label="", required=False),
        )


def appeal_sign(actor: Actor, appeal: Appeal) -> Appeal:
    """签收, by the unit it was sent to."""
    with transaction.atomic():
        appeal = _locked(appeal)
        # Checked on the stored appeal: the unit it was sent to is the one now.
        ensure_allowed(actor, "appeals.handle_appeal", appeal)
        require_state(
            appeal, AppealStatus.DISPATCHED, _("诉求%(state)s，不能签收。"), field="status"
        )
        appeal.status = AppealStatus.SIGNED
        return _step(actor, appeal, Step.SIGNED, "appeal.signed", unit=appeal.lead_unit)


def appeal_return(actor: Actor, appeal: Appeal, reason: str) -> Appeal:
    """退单: not this unit's matter; back to the office with the reason, to be re-routed."""
    reason = _note(reason, label=_("退单理由"), required=True)
    with transaction.atomic():
        appeal = _locked(appeal)
        # Checked on the stored appeal: the unit it was sent to is the one now.
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
        return _step(actor, appeal, Step.RETURNED, "appeal.returned", unit=unit, note=reason)


def appeal_answer(actor: Actor, appeal: Appeal, reply: str) -> Appeal:
    """答复: what the unit did or will do, as the citizen will read it."""
    reply = _note(reply, label=_("答复意见"), required=True)
    with transaction.atomic():
        appeal = _locked(appeal)
        # Checked on the stored appeal: the unit it was sent to is the one now.
        ensure_allowed(actor, "appeals.handle_appeal", appeal)
        require_state(
            appeal, AppealStatus.SIGNED, _("诉求%(state)s，签收后才能答复。"), field="status"
        )
        appeal.reply = reply
        appeal.status = AppealStatus.ANSWERED
        return _step(
            actor, appeal, Step.ANSWERED, "appeal.answered", unit=appeal.lead_unit, note=reply
        )


def appeal_close(actor: Actor, appeal: Appeal, note: str = "") -> Appeal:
    """办结, by the office once the answer is in."""
    with transaction.atomic():
        appeal = _locked(appeal)
        # Checked on the stored appeal: the unit it was sent to is the one now.
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
        require_state(
            appeal, AppealStatus.ANSWERED, _("诉求%(state)s，答复后才能办结。"), field="status"
        )
        appeal.status = AppealStatus.CLOSED
        return _step(
            actor, appeal, Step.CLOSED, "appeal.closed", note=_note(note, label="", required=False)
        )
