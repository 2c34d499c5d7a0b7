"""Writes for consultation and deliberation: validated, atomic, permission-checked, logged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Unit, Visibility
from luoshi.core.public_limits import hold_public_limit, sender_hash
from luoshi.core.workflow import require_state
from luoshi.engagement.meeting_services import MeetingInput as MeetingInput
from luoshi.engagement.meeting_services import PersonInput as PersonInput
from luoshi.engagement.meeting_services import SpeechInput as SpeechInput

# Meetings are written in `meeting_services`; their names stay importable from here.
from luoshi.engagement.meeting_services import _topics
from luoshi.engagement.meeting_services import meeting_create as meeting_create
from luoshi.engagement.meeting_services import meeting_update as meeting_update
from luoshi.engagement.models import (
    AnswerCategory,
    AnswerState,
    Channel,
    Instruction,
    Meeting,
    Opinion,
    Referral,
    ReferralStatus,
)
from luoshi.engagement.search_indexing import index_meeting, index_opinion
from luoshi.engagement.suggestion_services import delegation_of
from luoshi.engagement.suggestion_services import opinion_rate as opinion_rate
from luoshi.reports.models import ReportStatus, ReportVersion, VersionKind, WorkReport

MAX_OPINION_CHARS = 2000
IndexedT = TypeVar("IndexedT", Opinion, Meeting)


def required_text(value: str, limit: int, label: str, *, field: str = "text") -> str:
    """The text without control characters, not empty, at most `limit` characters."""
    text = "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()
    if not text:
        raise ValidationError({field: _("%(label)s不能为空。") % {"label": label}})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("%(label)s不能超过 %(n)d 字（现有 %(m)d 字）。")
                % {"label": label, "n": limit, "m": len(text)}
            }
        )
    return text


def _check_anchor(
    version: ReportVersion | None, anchor: str, start: int | None, end: int | None, quote: str
) -> None:
    if version is None:
        if anchor:
            raise ValidationError({"anchor": _("引用段落时要指明版本。")})
        return
    if not anchor:
        return
    paragraph = version.paragraphs.filter(anchor=anchor).first()
    if paragraph is None:
        raise ValidationError({"anchor": _("所引用的段落不在这个版本中。")})
    if start is not None and end is not None:
        if not 0 <= start < end <= len(paragraph.text):
            raise ValidationError({"anchor": _("引用位置超出段落范围。")})
        if quote and paragraph.text[start:end] != quote:
            raise ValidationError({"anchor": _("引用的文字与原文不符。")})


@dataclass(frozen=True)
class Passage:
    version: ReportVersion | None = None
    anchor: str = ""
    start: int | None = None
    end: int | None = None
    quote: str = ""


def opinion_submit_public(
    *,
    report: WorkReport,
    text: str,
    passage: Passage = Passage(),
    author_name: str = "",
    author_sector: str = "",
    contact: str = "",
    client_key: str,
    submitted_by: Any = None,
) -> Opinion:
    """An opinion from the public form on a draft that is out for comments. No login is
    needed; a signed-in person's opinion is recorded as theirs, so they can follow it.

    `client_key` is the sender's address (`luoshi.core.client_address`, the same rule for the
    page and the API): at most PUBLIC_RATE_LIMIT opinions per address (an IPv6 /64) in
    PUBLIC_RATE_WINDOW_SECONDS, else `SubmissionsTooFrequent`."""
    require_state(
        report, ReportStatus.CONSULTING, _("这份报告目前没有在征求意见。"), field="status"
    )
    if passage.version is not None and (
        passage.version.report_id != report.pk
        or passage.version.kind != VersionKind.DRAFT
        or not passage.version.is_published
    ):
        raise ValidationError({"anchor": _("只能对公开征求意见的稿子提意见。")})
    opinion = Opinion(
        report=report,
        channel=Channel.PUBLIC,
        text=required_text(text, MAX_OPINION_CHARS, str(_("意见内容"))),
        author_name=author_name.strip()[:50],
        author_sector=author_sector.strip()[:50],
        contact=contact.strip()[:100],
        version=passage.version,
        anchor=passage.anchor,
        start=passage.start,
        end=passage.end,
        quote=passage.quote[:500],
        submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
    )
    _check_anchor(passage.version, passage.anchor, passage.start, passage.end, passage.quote)
    opinion.client_hash = sender_hash(client_key)
    with transaction.atomic():
        hold_public_limit(Opinion, opinion.client_hash, namespace="engagement.public_opinion")
        return _indexed(
            save_with_log(
                actor=None, instance=opinion, verb="opinion.submitted", visibility=Visibility.ADMIN
            )
        )


def _indexed(instance: IndexedT) -> IndexedT:
    """Once the write is committed, bring the object's search entry up to date. The index is
    derived data (`luoshi search_rebuild` rewrites it), so a failure there is logged by
    Django and does not undo the write."""
    index = index_opinion if isinstance(instance, Opinion) else index_meeting
    transaction.on_commit(partial(index, instance.pk), robust=True)
    return instance


def opinion_record(
    *,
    actor: Actor,
    report: WorkReport,
    channel: str,
    text: str,
    passage: Passage = Passage(),
    meeting: Meeting | None = None,
    author_name: str = "",
    author_sector: str = "",
    contact: str = "",
    topics: Sequence[str] = (),
) -> Opinion:
    """An opinion said at a meeting (recorded by staff) or handed in by a representative."""
    ensure_allowed(actor, "engagement.add_opinion")
    if channel not in (Channel.MEETING, Channel.WRITTEN):
        raise ValidationError({"channel": _("这里只能录入会上发言或书面意见。")})
    if meeting is not None and meeting.report_id not in (None, report.pk):
        raise ValidationError({"meeting": _("会议讨论的不是这份报告。")})
    _check_anchor(passage.version, passage.anchor, passage.start, passage.end, passage.quote)
    opinion = Opinion(
        report=report,
        channel=channel,
        meeting=meeting,
        text=required_text(text, MAX_OPINION_CHARS * 5, str(_("意见内容"))),
        submitted_by_id=getattr(actor, "pk", None),
        delegation=(meeting.delegation if meeting else "") or delegation_of(actor),
        author_name=author_name.strip()[:50]
        or (getattr(actor, "display_name", "") if actor else ""),
        author_sector=author_sector.strip()[:50],
        contact=contact.strip()[:100],
        topics=_topics(topics),
        version=passage.version,
        anchor=passage.anchor,
        start=passage.start,
        end=passage.end,
        quote=passage.quote[:500],
    )
    return _indexed(save_with_log(actor=actor, instance=opinion, verb="opinion.recorded"))


def opinion_triage(
    *, actor: Actor, opinion: Opinion, topics: Sequence[str], unit: Unit | None
) -> Opinion:
    ensure_allowed(actor, "engagement.triage_opinion", opinion)
    opinion.topics = _topics(topics)
    opinion.unit = unit
    return _indexed(save_with_log(actor=actor, instance=opinion, verb="opinion.triaged"))


def opinion_answer(
    *,
    actor: Actor,
    opinion: Opinion,
    state: str,
    reply: str,
    is_public: bool,
    category: str = "",
) -> Opinion:
    """The answer: by the office, or by the unit a suggestion was handed to (with its category
    A, B or C). An answer after 重新办理 is the one the deputy rates next."""
    ensure_allowed(actor, "engagement.answer_opinion", opinion)
    if state not in AnswerState.values or state == AnswerState.PENDING:
        raise ValidationError({"state": _("请选择答复结果。")})
    if category and category not in AnswerCategory.values:
        raise ValidationError({"category": _("请选择答复类别。")})
    if opinion.deadline is not None and not category:
        raise ValidationError({"category": _("交办的建议请选择答复类别（A、B、C类）。")})
    if opinion.redo_count and opinion.state == AnswerState.PENDING:
        opinion.author_rating, opinion.author_rating_note = "", ""
    opinion.category = category
    opinion.state = state
    opinion.reply = required_text(reply, MAX_OPINION_CHARS, str(_("答复")))
    opinion.answered_at = timezone.now()
    opinion.is_public = is_public
    return _indexed(
        save_with_log(
            actor=actor,
            instance=opinion,
            verb="opinion.answered",
            visibility=Visibility.PUBLIC if is_public else Visibility.ADMIN,
        )
    )


def opinion_link_change(
    *, actor: Actor, opinion: Opinion, version: ReportVersion, anchor: str
) -> Opinion:
    """Record the paragraph of a later version that was changed because of the opinion."""
    ensure_allowed(actor, "engagement.triage_opinion", opinion)
    if version.report_id != opinion.report_id:
        raise ValidationError({"result_version": _("版本不属于这份报告。")})
    if opinion.version is not None and version.number <= opinion.version.number:
        raise ValidationError({"result_version": _("请选择意见之后的修改版本。")})
    if not version.paragraphs.filter(anchor=anchor).exists():
        raise ValidationError({"result_anchor": _("这个版本中没有所选段落。")})
    opinion.result_version = version
    opinion.result_anchor = anchor
    return _indexed(save_with_log(actor=actor, instance=opinion, verb="opinion.change_linked"))


def referral_create(
    *,
    actor: Actor,
    summary: str,
    units: Sequence[Unit],
    deadline: date,
    instruction: Instruction | None = None,
    opinion: Opinion | None = None,
    meeting: Meeting | None = None,
    again: bool = False,
) -> Referral:
    """Refer (交办) an instruction, opinion or meeting insight to units; the first is the lead.
    An instruction referred already is referred again only when `again` says so."""
    if not units:
        raise ValidationError({"units": _("请至少选择一个承办单位。")})
    first = instruction.referrals.select_related("lead_unit").first() if instruction else None
    if first is not None and not again:
        raise ValidationError(
            {
                "again": _(
                    "这条指示要求已于%(day)s交办给%(unit)s（限 %(deadline)s）；"
                    "确需再次交办，请勾选“再次交办”。"
                )
                % {
                    "day": timezone.localtime(first.created_at).strftime("%Y-%m-%d"),
                    "unit": first.lead_unit.name,
                    "deadline": first.deadline.isoformat(),
                }
            }
        )
    referral = Referral(
        summary=required_text(summary, MAX_OPINION_CHARS, str(_("交办事项"))),
        instruction=instruction,
        opinion=opinion,
        meeting=meeting or (instruction.meeting if instruction else None),
        lead_unit=units[0],
        deadline=deadline,
        created_by_id=getattr(actor, "pk", None),
    )
    ensure_allowed(actor, "engagement.add_referral", referral)
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("办理时限不能早于今天。")})
    with transaction.atomic():
        save_with_log(actor=actor, instance=referral, verb="referral.created")
        referral.units.set(units)
    if instruction is not None:
        _indexed(instruction.meeting)  # the instruction's entry now says 已交办
    return referral


def referral_complete(*, actor: Actor, referral: Referral, by_task: bool = False) -> Referral:
    """办结. By the office; or ``by_task``: the task made from the referral was approved as
    done (the approval was the office's, checked there), and a referral already settled is
    left as it is."""
    if not by_task:
        ensure_allowed(actor, "engagement.change_referral", referral)
    if referral.status == ReferralStatus.DONE:
        if by_task:
            return referral
        raise ValidationError(_("这项交办已经办结。"))
    referral.status = ReferralStatus.DONE
    return save_with_log(actor=actor, instance=referral, verb="referral.completed")
