"""Turning the events, people and instructions read from a news page into meeting records.

One meeting per accepted event. The page's people and numbered instructions belong to its
main event (a symposium, deliberation or summary meeting rather than the site visits around
it). Participants that are people named on the page become attendees (deputies who spoke at a
deliberation become speeches); the rest are participant groups.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from luoshi.core.models import Region, RegionLevel
from luoshi.engagement.meeting_services import MeetingInput, PersonInput, SpeechInput
from luoshi.engagement.models import MeetingKind, PersonRole

MAIN_KINDS = (
    "deliberation",
    "symposium",
    "summary_meeting",
    "congress_session",
    "other",
    "inspection",
)
KIND_WORDS = {
    "symposium": "座谈会",
    "deliberation": "代表团审议",
    "inspection": "调研",
    "summary_meeting": "总结交流会",
    "congress_session": "大会",
    "other": "会议",
}
REGION_NAME = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|区|旗)"
)
LEVEL_DEPTH: dict[str, int] = {
    RegionLevel.PROVINCE: 1,
    RegionLevel.CITY: 2,
    RegionLevel.COUNTY: 3,
    RegionLevel.TOWNSHIP: 4,
}


def main_event_index(events: list[dict[str, Any]]) -> int:
    """The event the page is about: the first of the most meeting-like kind."""
    return min(
        range(len(events)),
        key=lambda i: (
            MAIN_KINDS.index(events[i].get("kind") or "other")
            if events[i].get("kind") in MAIN_KINDS
            else 99,
            i,
        ),
    )


def region_in_place(place: str, fallback: Region | None) -> Region | None:
    """The deepest gazetteer region named in a place ("锦州市义县" → 义县), checked against the
    other names in the same string so that an ambiguous county name is not guessed."""
    if not place:
        return fallback
    names = set()
    for start in range(len(place)):
        match = REGION_NAME.match(place, start)
        if match:
            names.add(match.group(0))
    if not names:
        return fallback
    candidates = list(Region.objects.filter(name__in=names).select_related("parent__parent"))
    if not candidates:
        return fallback

    def fits(region: Region) -> bool:
        parent = region.parent
        while parent is not None:
            if parent.name in names or parent.name in place:
                return True
            parent = parent.parent
        return region.parent is None or len([c for c in candidates if c.name == region.name]) == 1

    fitting = [c for c in candidates if fits(c)]
    if not fitting:
        return fallback
    deepest = max(LEVEL_DEPTH.get(c.level, 0) for c in fitting)
    best = [c for c in fitting if LEVEL_DEPTH.get(c.level, 0) == deepest]
    return best[0] if len(best) == 1 else fallback


def _date(value: str | None) -> tuple[date | None, str]:
    if not value:
        return None, ""
    if value.startswith("--"):
        month, day = value[2:].split("-")
        return None, f"{int(month)}月{int(day)}日"
    try:
        return date.fromisoformat(value), ""
    except ValueError:
        return None, value


def meeting_inputs(
    *,
    events: list[dict[str, Any]],
    people: list[dict[str, Any]],
    instructions: list[dict[str, Any]],
    title: str,
    region: Region | None,
    report: Any,
) -> list[MeetingInput]:
    if not events:
        return []
    titles_by_name = {p["name"]: tuple(p.get("titles") or ()) for p in people if p.get("name")}
    main = main_event_index(events)
    inputs = []
    for index, event in enumerate(events):
        kind = str(event.get("kind") or "")
        if kind not in MeetingKind.values:
            kind = MeetingKind.OTHER
        when, when_text = _date(event.get("date"))
        host = event.get("host") or ""
        members: list[PersonInput] = []
        if host:
            members.append(PersonInput(host, titles_by_name.get(host, ()), PersonRole.HOST))
        groups: list[tuple[str, int | None]] = []
        speeches: list[SpeechInput] = []
        delegation = ""
        for participant in event.get("participants") or []:
            if participant in titles_by_name and participant != host:
                titles = titles_by_name[participant]
                if kind == MeetingKind.DELIBERATION and any("代表" in t for t in titles):
                    speeches.append(SpeechInput(participant, "、".join(titles)))
                else:
                    members.append(PersonInput(participant, titles, PersonRole.ATTENDEE))
            elif participant.endswith("代表团"):
                delegation = participant
            elif participant != host:
                groups.append((participant, None))
        if index == main:
            named = {m.name for m in members} | {s.speaker_name for s in speeches}
            for name, titles in titles_by_name.items():
                if name not in named:
                    members.append(PersonInput(name, titles, PersonRole.LEADER))
        word = KIND_WORDS.get(kind, "会议")
        inputs.append(
            MeetingInput(
                kind=kind,
                title=(
                    title if index == main and title else f"{host}{event.get('place') or ''}{word}"
                )[:200]
                or word,
                date=when,
                date_text=when_text,
                region=region_in_place(event.get("place") or "", region),
                place=event.get("place") or "",
                delegation=delegation,
                report=report if index == main else None,
                topics=[t[:20] for t in event.get("topics") or []][:8],
                people=members,
                groups=groups,
                speeches=speeches,
                instructions=[
                    i["text"] for i in sorted(instructions, key=lambda i: i.get("ordinal") or 0)
                ]
                if index == main
                else [],
                instructions_by=host if index == main else "",
            )
        )
    return inputs
