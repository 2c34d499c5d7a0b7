"""代表建议办理: a deputy's suggestion handed (交办) to a unit with a deadline, answered by the
unit with a category (A 已解决或采纳 · B 正在解决或列入计划 · C 留作参考), rated by the deputy;
不满意 sends it back once (重新办理) with a new deadline.

The answer itself is `services.opinion_answer` (the office answers opinions on the report
too); the unit answers a suggestion handed to it. The reminders before and after the deadline
are sent with the others by `luoshi remind` (`luoshi.tasks.services.suggestion_reminders`:
the notifications live with the tasks).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Membership, Role
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit
from luoshi.engagement.models import AnswerState, AuthorRating, Opinion

HANDLING_DAYS = 90  # commonly three months from 交办
REDO_DAYS = 30  # a suggestion sent back after 不满意
MAX_HANDLING_DAYS = 366


def default_deadline(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(days=HANDLING_DAYS)


def delegation_of(user: Any) -> str:
    """The delegation (代表团) a deputy belongs to: the unit they are a representative of."""
    if not getattr(user, "is_authenticated", False):
        return ""
    membership = (
        Membership.objects.filter(user=user, role=Role.REPRESENTATIVE)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    return membership.unit.display_name[:100] if membership else ""


def opinion_hand(*, actor: Actor, opinion: Opinion, unit: Unit, deadline: dt.date) -> Opinion:
    """交办: to `unit` (which answers it) by `deadline`; handing again moves it to another unit
    or deadline while it waits for its answer."""
    ensure_allowed(actor, "engagement.triage_opinion", opinion)
    today = timezone.localdate()
    if opinion.state != AnswerState.PENDING:
        raise ValidationError(_("这条意见已经答复，不能再交办。"))
    if not unit.is_active:
        raise ValidationError({"unit": _("承办单位已停用。")})
    if deadline < today:
        raise ValidationError({"deadline": _("办理时限不能早于今天。")})
    if deadline > today + dt.timedelta(days=MAX_HANDLING_DAYS):
        raise ValidationError({"deadline": _("办理时限不能超过一年。")})
    opinion.unit = unit
    opinion.deadline = deadline
    opinion.handed_at = timezone.now()
    return save_with_log(actor=actor, instance=opinion, verb="opinion.handed")


def opinion_rate(*, actor: Actor, opinion: Opinion, rating: str, note: str = "") -> Opinion:
    """代表满意度: the opinion's author rates the answer, once it is answered; they may change
    their verdict. 不满意 needs the reason; on a suggestion handed to a unit, the first 不满意
    sends it back to the unit (重新办理) with a new deadline."""
    ensure_allowed(actor, "engagement.rate_opinion", opinion)
    if opinion.state == AnswerState.PENDING:
        raise ValidationError(_("意见还没有答复，答复后才能评价。"))
    if rating not in AuthorRating.values:
        raise ValidationError({"rating": _("请选择满意、基本满意或不满意。")})
    note = (note or "").strip()[:500]
    if rating == AuthorRating.UNSATISFIED and len(note) < 5:
        raise ValidationError({"note": _("请写明不满意的原因，至少 5 个字。")})
    with transaction.atomic():
        opinion.author_rating = rating
        opinion.author_rating_note = note
        save_with_log(actor=actor, instance=opinion, verb="opinion.rated")
        redo = (
            rating == AuthorRating.UNSATISFIED
            and opinion.deadline is not None
            and opinion.redo_count == 0
        )
        if redo:
            opinion.state = AnswerState.PENDING
            opinion.redo_count += 1
            opinion.deadline = timezone.localdate() + dt.timedelta(days=REDO_DAYS)
            opinion.answered_at = None
            save_with_log(actor=actor, instance=opinion, verb="opinion.reopened")
    return opinion
