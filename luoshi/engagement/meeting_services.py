"""Meetings written by hand or by an import: created with their people, participant groups,
speeches, insights (学习体会) and numbered instructions, all or nothing; edited the same way.
An edit replaces the people, groups, speeches and insights, and keeps each instruction by its
number — changing its text, adding new ones — so that the referrals made from it stay
attached; an instruction already referred cannot be removed. Every change is logged on the
meeting, with what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region
from luoshi.engagement.models import (
    Insight,
    Instruction,
    Meeting,
    MeetingKind,
    MeetingPerson,
    ParticipantGroup,
    Speech,
)
from luoshi.engagement.search_indexing import index_meeting
from luoshi.reports.models import ReportVersion, WorkReport

MAX_TOPICS = 8


def _topics(topics: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(t.strip()[:20] for t in topics if t and t.strip()))
    if len(cleaned) > MAX_TOPICS:
        raise ValidationError({"topics": _("议题标签最多 %(n)d 个。") % {"n": MAX_TOPICS}})
    return cleaned


def _indexed(meeting: Meeting) -> Meeting:
    """Its search entry brought up to date once the write is committed."""
    transaction.on_commit(partial(index_meeting, meeting.pk), robust=True)
    return meeting


@dataclass(frozen=True)
class PersonInput:
    name: str
    titles: tuple[str, ...] = ()
    role: str = "attendee"


@dataclass(frozen=True)
class SpeechInput:
    speaker_name: str
    speaker_title: str = ""
    topics: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class InsightInput:
    place: str
    seen: str = ""
    lesson: str = ""


@dataclass
class MeetingInput:
    kind: str
    title: str
    # Module-qualified: the field names shadow the types inside the class body.
    date: dt.date | None = None
    date_text: str = ""
    time: dt.time | None = None
    region: Region | None = None
    place: str = ""
    delegation: str = ""
    report: WorkReport | None = None
    report_version: ReportVersion | None = None
    topics: Sequence[str] = ()
    minutes: str = ""
    is_public: bool = False
    people: Sequence[PersonInput] = ()
    groups: Sequence[tuple[str, int | None]] = ()
    speeches: Sequence[SpeechInput] = ()
    instructions: Sequence[str] = ()
    instructions_by: str = ""
    insights: Sequence[InsightInput] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def _check(data: MeetingInput) -> Region | None:
    if not data.title.strip():
        raise ValidationError({"title": _("请填写会议名称。")})
    if data.kind not in MeetingKind.values:
        raise ValidationError({"kind": _("请选择会议类型。")})
    return data.region or (data.report.region if data.report else None)


def _fields(meeting: Meeting, data: MeetingInput, region: Region | None) -> None:
    meeting.kind = data.kind
    meeting.title = data.title.strip()[:200]
    meeting.date = data.date
    meeting.date_text = data.date_text[:30]
    meeting.time = data.time
    meeting.region = region
    meeting.place = data.place.strip()[:200]
    meeting.delegation = data.delegation.strip()[:100]
    meeting.report = data.report
    meeting.report_version = data.report_version
    meeting.topics = _topics(data.topics)
    meeting.minutes = data.minutes.strip()
    meeting.is_public = data.is_public


def _people_groups_speeches(meeting: Meeting, data: MeetingInput) -> None:
    for order, person in enumerate(data.people):
        row = MeetingPerson(
            meeting=meeting,
            name=person.name.strip()[:50],
            titles=list(person.titles),
            role=person.role,
            order=order,
        )
        row.full_clean()
        row.save()
    for sector, count in data.groups:
        group = ParticipantGroup(meeting=meeting, sector=sector.strip()[:100], count=count)
        group.full_clean()
        group.save()
    for order, speech in enumerate(data.speeches):
        row_speech = Speech(
            meeting=meeting,
            speaker_name=speech.speaker_name.strip()[:50],
            speaker_title=speech.speaker_title[:100],
            topics=list(speech.topics),
            summary=speech.summary,
            order=order,
        )
        row_speech.full_clean()
        row_speech.save()
    for order, insight in enumerate(data.insights):
        row_insight = Insight(
            meeting=meeting,
            place=insight.place.strip()[:100],
            seen=insight.seen.strip(),
            lesson=insight.lesson.strip(),
            order=order,
        )
        row_insight.full_clean()
        row_insight.save()


def meeting_create(*, actor: Actor, data: MeetingInput) -> Meeting:
    """A meeting with its people, groups, speeches, insights and numbered instructions, all or
    nothing."""
    region = _check(data)
    ensure_allowed(actor, "engagement.add_meeting", Meeting(region=region) if region else None)
    with transaction.atomic():
        meeting = Meeting(created_by_id=getattr(actor, "pk", None))
        _fields(meeting, data, region)
        save_with_log(actor=actor, instance=meeting, verb="meeting.created")
        _people_groups_speeches(meeting, data)
        for ordinal, text in enumerate(data.instructions, start=1):
            instruction = Instruction(
                meeting=meeting,
                ordinal=ordinal,
                text=text.strip(),
                given_by=data.instructions_by[:50],
            )
            instruction.full_clean()
            instruction.save()
    return _indexed(meeting)


def meeting_update(*, actor: Actor, meeting: Meeting, data: MeetingInput) -> Meeting:
    """The meeting as `data` says, all or nothing. People, groups and speeches are replaced;
    instructions are matched by number (1, 2, …): changed in place, added, and removed from
    the end only when none of them was referred (交办) — a referred one refuses the edit."""
    region = _check(data)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        ensure_allowed(actor, "engagement.change_meeting", meeting)
        if region is not None:
            ensure_allowed(actor, "engagement.change_meeting", Meeting(region=region))
        before = _children(meeting)
        _fields(meeting, data, region)
        save_with_log(actor=actor, instance=meeting, verb="meeting.updated")
        meeting.people.all().delete()
        meeting.groups.all().delete()
        meeting.speeches.all().delete()
        meeting.insights.all().delete()
        _people_groups_speeches(meeting, data)
        _instructions(meeting, data)
        after = _children(meeting)
        if after != before:
            log_action(
                actor=actor,
                verb="meeting.contents_changed",
                target=meeting,
                before=before,
                after=after,
            )
    return _indexed(meeting)


def _instructions(meeting: Meeting, data: MeetingInput) -> None:
    kept = {i.ordinal: i for i in meeting.instructions.prefetch_related("referrals")}
    wanted = [text.strip() for text in data.instructions if text and text.strip()]
    for ordinal, text in enumerate(wanted, start=1):
        row = kept.pop(ordinal, None) or Instruction(meeting=meeting, ordinal=ordinal)
        row.text = text
        row.given_by = data.instructions_by[:50] or row.given_by
        row.full_clean()
        row.save()
    referred = sorted(o for o, row in kept.items() if row.referrals.exists())
    if referred:
        raise ValidationError(
            {
                "instructions": _("第 %(n)s 条指示要求已经交办，不能删除；可以修改它的文字。")
                % {"n": "、".join(str(o) for o in referred)}
            }
        )
    Instruction.objects.filter(pk__in=[row.pk for row in kept.values()]).delete()


def _children(meeting: Meeting) -> dict[str, Any]:
    """What the log records of a meeting's contents (names and numbers, not the texts)."""
    return {
        "people": [p.name for p in meeting.people.all()],
        "groups": [g.sector for g in meeting.groups.all()],
        "speeches": [s.speaker_name for s in meeting.speeches.all()],
        "insights": [i.place for i in meeting.insights.all()],
        "instructions": [
            f"{i.ordinal}. {i.text[:30]}" for i in meeting.instructions.order_by("ordinal")
        ],
    }
