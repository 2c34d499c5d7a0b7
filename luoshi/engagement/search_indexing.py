"""Opinions, meetings and instructions in the search box.

An opinion's entry holds its text and the reply, never the author's name or contact; it is
public when staff marked the answer public. A meeting's entry holds its topics, people, groups,
speeches and minutes; an instruction has its own entry, so that 一要… can be found and
referred. Meetings and their instructions are public when the meeting is.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.urls import reverse

from luoshi.core.models import SearchEntry
from luoshi.core.search import search_index_put
from luoshi.core.search.indexing import search_index_write_all
from luoshi.engagement.models import Instruction, Meeting, Opinion

OPINION_KIND = "opinion"
MEETING_KIND = "meeting"
INSTRUCTION_KIND = "instruction"
REFERRED = "referred"
NOT_REFERRED = "not_referred"
TITLE_CHARS = 60


def _opinion_entry(opinion: Opinion) -> SearchEntry:
    report = opinion.report
    parts = [opinion.text, opinion.quote, " ".join(opinion.topics), opinion.author_sector]
    if opinion.reply:
        parts.append(opinion.reply)
    return SearchEntry(
        key=str(opinion.pk),
        title=opinion.text[:TITLE_CHARS],
        body="\n".join(part for part in parts if part),
        url=reverse("engagement:opinion_detail", args=[opinion.pk]),
        region=report.region,
        year=report.year,
        state=opinion.state,
        is_public=opinion.is_public,
    )


def _meeting_entry(meeting: Meeting) -> SearchEntry:
    people = [f"{p.name} {'、'.join(p.titles)}" for p in meeting.people.all()]
    groups = [g.sector for g in meeting.groups.all()]
    speeches = [f"{s.speaker_name} {s.speaker_title} {s.summary}" for s in meeting.speeches.all()]
    parts = [meeting.place, " ".join(meeting.topics), *people, *groups, *speeches, meeting.minutes]
    return SearchEntry(
        key=str(meeting.pk),
        title=meeting.title,
        body="\n".join(part for part in parts if part and part.strip()),
        url=reverse("engagement:meeting_detail", args=[meeting.pk]),
        region=meeting.region,
        year=meeting.date.year if meeting.date else None,
        state=meeting.kind,
        is_public=meeting.is_public,
    )


def _instruction_entry(instruction: Instruction) -> SearchEntry:
    meeting = instruction.meeting
    referred = bool(instruction.referrals.all())
    return SearchEntry(
        key=str(instruction.pk),
        title=f"{meeting.title}（{instruction.ordinal}）{instruction.text[:TITLE_CHARS]}",
        body=f"{instruction.text}\n{instruction.given_by}".strip(),
        url=reverse("engagement:meeting_detail", args=[meeting.pk])
        + f"#instruction-{instruction.ordinal}",
        region=meeting.region,
        year=meeting.date.year if meeting.date else None,
        state=REFERRED if referred else NOT_REFERRED,
        is_public=meeting.is_public,
    )


def _opinions() -> Iterator[Opinion]:
    return Opinion.objects.select_related("report__region").order_by("pk").iterator(2000)


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("region").prefetch_related("people", "groups", "speeches")


def _instructions() -> QuerySet[Instruction]:
    return Instruction.objects.select_related("meeting__region").prefetch_related("referrals")


def index_opinion(opinion_id: int) -> None:
    opinion = Opinion.objects.select_related("report__region").filter(pk=opinion_id).first()
    if opinion is not None:
        search_index_put(kind=OPINION_KIND, entry=_opinion_entry(opinion))


def index_meeting(meeting_id: int) -> None:
    """The meeting's entry and those of its instructions."""
    meeting = _meetings().filter(pk=meeting_id).first()
    if meeting is None:
        return
    search_index_put(kind=MEETING_KIND, entry=_meeting_entry(meeting))
    for instruction in _instructions().filter(meeting_id=meeting_id):
        search_index_put(kind=INSTRUCTION_KIND, entry=_instruction_entry(instruction))


def reindex_opinions() -> int:
    return search_index_write_all(OPINION_KIND, map(_opinion_entry, _opinions()))


def reindex_meetings() -> int:
    meetings = _meetings().order_by("pk")
    return search_index_write_all(MEETING_KIND, map(_meeting_entry, meetings))


def reindex_instructions() -> int:
    instructions = _instructions().order_by("pk")
    return search_index_write_all(INSTRUCTION_KIND, map(_instruction_entry, instructions))
