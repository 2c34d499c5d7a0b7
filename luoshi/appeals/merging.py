"""合并: the office merges a duplicate appeal (`duplicates`) into the earlier one on the same
matter; the duplicate is closed as 已合并 with a link, and its citizen follows the first."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.appeals.handling import _locked, _step
from luoshi.appeals.models import Appeal, AppealStatus, Step
from luoshi.appeals.selectors import appeals_for
from luoshi.core.action_log import Actor
from luoshi.core.authorization import ensure_allowed
from luoshi.core.workflow import require_state

MERGEABLE = (
    AppealStatus.RECEIVED,
    AppealStatus.RETURNED,
    AppealStatus.DISPATCHED,
    AppealStatus.SIGNED,
)


def appeal_merge(actor: Actor, appeal: Appeal, into: Appeal, note: str = "") -> Appeal:
    """合并: `appeal` is the same matter as `into` (an earlier appeal); it is closed as merged
    and points to it. The office does it."""
    with transaction.atomic():
        appeal = _locked(appeal)
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
        require_state(appeal, MERGEABLE, _("诉求%(state)s，不能再合并。"), field="status")
        target = Appeal.objects.select_for_update(of=("self",)).get(pk=into.pk)
        ensure_allowed(actor, "appeals.dispatch_appeal", target)
        if target.pk == appeal.pk or target.status == AppealStatus.MERGED:
            raise ValidationError(_("只能并入另一件没有被合并的诉求。"))
        # Its citizen is sent to follow the first one: with the same phone, they can.
        if not appeal.contact_phone or appeal.contact_phone != target.contact_phone:
            raise ValidationError(_("只能合并同一来电人（同一联系电话）的诉求。"))
        if target.created_at > appeal.created_at:
            raise ValidationError(_("只能并入更早受理的诉求。"))
        appeal.merged_into = target
        appeal.status = AppealStatus.MERGED
        appeal.closed_at = timezone.now()
        appeal.sign_due = None
        text = (_("并入诉求 %(number)s。") % {"number": target.number}) + note.strip()[:500]
        return _step(actor, appeal, Step.MERGED, "appeal.merged", note=text)


def merge_target(user: object, appeal: Appeal, number: str) -> Appeal:
    """The appeal to merge into, by its number, among those the user sees (the noted
    similar one when no number is given)."""
    number = (number or "").strip()
    if not number and appeal.similar_to_id:
        number = (
            Appeal.objects.filter(pk=appeal.similar_to_id).values_list("number", flat=True).first()
            or ""
        )
    found = appeals_for(user).filter(number=number).first() if number else None
    if found is None:
        raise ValidationError(_("请填写要并入的诉求编号（您查看范围内的）。"))
    return found
