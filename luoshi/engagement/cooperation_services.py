"""Cooperation items of a study tour (合作事项): recorded by the office on the summary meeting,
followed by the responsible unit (跟进记录) until signed, started or dropped.

An item started or dropped is settled: it takes no more follow-ups (the office may still
correct its particulars). A key project made from an item is the projects app's write; the
item only knows it through the project's key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.engagement.cooperation_search import index_cooperation_after_commit
from luoshi.engagement.models import (
    CooperationItem,
    CooperationStatus,
    CooperationUpdate,
    Meeting,
)
from luoshi.engagement.services import required_text
from luoshi.engagement.study_tour_models import SETTLED_STATUSES

MAX_CONTENT = 2000
MAX_AMOUNT = Decimal("99999999")  # 亿元, as the column holds


@dataclass(frozen=True)
class CooperationInput:
    partner: str
    content: str
    unit: Unit
    deadline: dt.date
    next_step: str = ""
    amount: Decimal | None = None


def _apply(item: CooperationItem, data: CooperationInput) -> None:
    item.partner = required_text(data.partner, 100, str(_("合作方")), field="partner")
    item.content = required_text(data.content, MAX_CONTENT, str(_("合作内容")), field="content")
    if not data.unit.is_active:
        raise ValidationError({"unit": _("责任单位已停用。")})
    item.unit = data.unit
    item.deadline = data.deadline
    item.next_step = (data.next_step or "").strip()[:300]
    if data.amount is not None and not (0 <= data.amount <= MAX_AMOUNT):
        raise ValidationError({"amount": _("签约金额应在 0 到 99999999 亿元之间。")})
    item.amount = data.amount


def cooperation_create(
    *, actor: Actor, meeting: Meeting, data: CooperationInput
) -> CooperationItem:
    item = CooperationItem(meeting=meeting, created_by_id=getattr(actor, "pk", None))
    _apply(item, data)
    ensure_allowed(actor, "engagement.add_cooperation", item)
    if meeting.region is not None:
        ensure_allowed(actor, "engagement.change_meeting", meeting)
    if item.deadline < timezone.localdate():
        raise ValidationError({"deadline": _("完成时限不能早于今天。")})
    save_with_log(actor=actor, instance=item, verb="cooperation.created")
    return index_cooperation_after_commit(item)


def cooperation_update(
    *, actor: Actor, item: CooperationItem, data: CooperationInput
) -> CooperationItem:
    """The office corrects an item's particulars; a deadline moved is logged with the rest."""
    ensure_allowed(actor, "engagement.change_cooperation", item)
    with transaction.atomic():
        item = CooperationItem.objects.select_for_update().get(pk=item.pk)
        before = item.deadline
        _apply(item, data)
        ensure_allowed(actor, "engagement.change_cooperation", item)  # the new unit's region
        if item.deadline != before and item.deadline < timezone.localdate():
            raise ValidationError({"deadline": _("完成时限不能早于今天。")})
        save_with_log(actor=actor, instance=item, verb="cooperation.updated")
        return index_cooperation_after_commit(item)


def cooperation_follow(
    *,
    actor: Actor,
    item: CooperationItem,
    text: str,
    status: str,
    next_step: str = "",
    on: dt.date | None = None,
    amount: Decimal | None = None,
) -> CooperationUpdate:
    """跟进: what was done, the state it leaves the item in (and the amount once signed)."""
    ensure_allowed(actor, "engagement.follow_cooperation", item)
    today = timezone.localdate()
    on = on or today
    if status not in CooperationStatus.values:
        raise ValidationError({"status": _("请选择跟进后的状态。")})
    if on > today:
        raise ValidationError({"on": _("跟进日期不能晚于今天。")})
    text = required_text(text, MAX_CONTENT, str(_("进展情况")))
    if amount is not None and not (0 <= amount <= MAX_AMOUNT):
        raise ValidationError({"amount": _("签约金额应在 0 到 99999999 亿元之间。")})
    with transaction.atomic():
        item = CooperationItem.objects.select_for_update().get(pk=item.pk)
        if item.status in SETTLED_STATUSES:
            raise ValidationError(
                _("这项合作事项%(state)s，不再跟进。") % {"state": item.get_status_display()}
            )
        update = CooperationUpdate.objects.create(
            item=item,
            on=on,
            text=text,
            status=status,
            next_step=(next_step or "").strip()[:300],
            written_by_id=getattr(actor, "pk", None),
        )
        item.status = status
        if next_step.strip():
            item.next_step = next_step.strip()[:300]
        if amount is not None:
            item.amount = amount
        save_with_log(actor=actor, instance=item, verb="cooperation.followed")
        index_cooperation_after_commit(item)
    return update
