"""典型案例: a closed appeal the office publishes on the portal, in words it writes for the
public — what was asked and what was done — never the citizen's own text with their name or
number. The text is refused when it carries the appeal's contact name or phone, or anything
that looks like a phone or identity-card number; the draft offered leaves those out."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.appeals.handling import _locked
from luoshi.appeals.models import Appeal, AppealStatus
from luoshi.appeals.privacy import NUMBERS, masked
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.sentences import clause
from luoshi.core.text_input import strip_control
from luoshi.core.workflow import require_state

MIN_TEXT = 20
MAX_TEXT = 1000


def draft_of(appeal: Appeal) -> str:
    """A first draft for the office to edit: where, what (numbers masked, clipped), who did
    what."""
    asked = masked(clause(appeal.content, 80))
    if appeal.contact_name and len(appeal.contact_name) >= 2:
        asked = asked.replace(appeal.contact_name, "群众")
    done = masked(clause(appeal.reply, 120))
    unit = appeal.lead_unit.name if appeal.lead_unit else ""
    return _("%(place)s群众反映：%(asked)s %(unit)s答复：%(done)s") % {
        "place": appeal.region.name,
        "asked": asked,
        "unit": unit,
        "done": done,
    }


def _checked(appeal: Appeal, text: str) -> str:
    text = strip_control(text or "").strip()
    if len(text) < MIN_TEXT:
        raise ValidationError({"note": _("案例至少写 %(n)d 个字。") % {"n": MIN_TEXT}})
    if len(text) > MAX_TEXT:
        raise ValidationError({"note": _("案例最多 %(n)d 字。") % {"n": MAX_TEXT}})
    digits = re.sub(r"\D", "", text)
    phone = re.sub(r"\D", "", appeal.contact_phone)
    named = len(appeal.contact_name) >= 2 and appeal.contact_name in text
    if NUMBERS.search(text) or (phone and phone in digits) or named:
        raise ValidationError(
            {"note": _("案例里不能有来电人的姓名、电话或身份证号等号码，请删去后再公开。")}
        )
    return text


def appeal_publish(actor: Actor, appeal: Appeal, text: str) -> Appeal:
    with transaction.atomic():
        appeal = _locked(appeal)
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
        require_state(
            appeal, AppealStatus.CLOSED, _("诉求%(state)s，办结后才能公开。"), field="status"
        )
        appeal.public_text = _checked(appeal, text)
        appeal.published_at = timezone.now()
        save_with_log(actor=actor, instance=appeal, verb="appeal.published")
        return appeal


def appeal_unpublish(actor: Actor, appeal: Appeal) -> Appeal:
    with transaction.atomic():
        appeal = _locked(appeal)
        ensure_allowed(actor, "appeals.dispatch_appeal", appeal)
        if appeal.published_at is None:
            raise ValidationError(_("这件诉求没有公开。"))
        appeal.public_text = ""
        appeal.published_at = None
        save_with_log(actor=actor, instance=appeal, verb="appeal.unpublished")
        return appeal
