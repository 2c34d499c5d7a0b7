"""Stage 6: facts from a cleaned, structured document."""

from __future__ import annotations

from dataclasses import dataclass, replace

from zhtext.extract.commitments import extract_commitments
from zhtext.extract.context import Context
from zhtext.extract.dates import document_date
from zhtext.extract.events import extract_events
from zhtext.extract.indicators import extract_indicators
from zhtext.extract.instructions import extract_instructions
from zhtext.extract.names import settle
from zhtext.extract.people import extract_people, speaker_person
from zhtext.extract.region import resolve_region
from zhtext.extract.targets import extract_targets
from zhtext.model import (
    Commitment,
    Event,
    Indicator,
    Instruction,
    Person,
    Region,
    Structure,
    Target,
)
from zhtext.script import to_simplified

__all__ = ["Facts", "extract"]


@dataclass(frozen=True)
class Facts:
    date: str | None
    region: Region | None
    ambiguous_regions: tuple[str, ...]
    people: tuple[Person, ...]
    bylines: tuple[str, ...]
    events: tuple[Event, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[Target, ...]
    commitments: tuple[Commitment, ...]
    instructions: tuple[Instruction, ...]
    speaker: str | None


def extract(
    text: str,
    simple: str,
    structure: Structure,
    doc_type: str,
    use_model: bool = True,
    published: str | None = None,
    figures_simple: str | None = None,
    publisher: str | None = None,
) -> Facts:
    """`figures_simple`: the Simplified text in which figures are read (corrupt spans masked
    as stops, same length), when it differs from `simple`."""
    head_lines = [x for x in (structure.title, structure.date_line, structure.speaker) if x]
    head = to_simplified("\n".join(head_lines))
    date_line = to_simplified(structure.date_line) if structure.date_line else None
    date, year = document_date(simple, date_line, published=published)
    ctx = Context(
        text=text,
        simple=simple,
        structure=structure,
        doc_type=doc_type,
        use_model=use_model,
        doc_year=year,
    )
    region, ambiguous = resolve_region(simple, head, publisher=publisher)
    people, bylines = extract_people(ctx)
    speaker = speaker_person(to_simplified(structure.speaker) if structure.speaker else None)
    if speaker is not None:
        # The tagger may cut the speaker's name short (黄鹏 for 黄鹏飞): one person.
        merged = [speaker] + [p for p in people if not speaker.name.startswith(p.name)]
        people = tuple(merged)
    events = extract_events(ctx, people, date)
    figures = ctx if figures_simple in (None, simple) else replace(ctx, simple=figures_simple)
    targets = extract_targets(figures)
    return Facts(
        date=date,
        region=region,
        ambiguous_regions=ambiguous,
        people=people,
        bylines=bylines,
        events=events,
        indicators=tuple(settle(i) for i in extract_indicators(figures)),
        targets=tuple(settle(t) for t in targets),
        commitments=extract_commitments(figures, targets),
        instructions=extract_instructions(ctx),
        speaker=speaker.name if speaker else None,
    )
