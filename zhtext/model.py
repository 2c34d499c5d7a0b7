"""Frozen dataclasses: everything zhtext returns.

Offsets (start/end) are character offsets into ``Document.text``, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    name: str | None
    sha256: str
    encoding: str | None
    chars: int


@dataclass(frozen=True)
class Quality:
    script: str  # "hant" | "hans" | "mixed"
    ruby_removed: int
    boilerplate_lines: int
    corrupt_spans: tuple[Span, ...]
    #: "lac" when the word-segmentation model was used, "fallback" when it could not be.
    segmenter: str = "lac"


@dataclass(frozen=True)
class Region:
    name: str
    level: str  # province | city | county | township | national
    parents: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    number: str
    level: int
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Enumeration:
    """One item of an inline enumeration such as 一要…二要… or 一是…二是…."""

    marker: str
    ordinal: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Person:
    name: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    kind: str
    date: str | None
    place: str | None
    host: str | None
    participants: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Rank:
    scope: str
    rank: int | None
    change: int | None


@dataclass(frozen=True)
class Indicator:
    name: str
    period: str | None
    value: float | None
    unit: str | None
    growth: float | None
    growth_unit: str | None
    ranks: tuple[Rank, ...]
    start: int
    end: int
    #: The catalogue indicator the name belongs to (its canonical name), or None.
    key: str | None = None


@dataclass(frozen=True)
class Target:
    name: str
    period: str | None
    measure: str  # growth | level | share | count
    low: float | None
    high: float | None
    unit: str | None
    qualifier: str  # exact | about | range | at_least | at_most | in_step | above | below
    direction: str  # up | down
    start: int
    end: int
    #: What an above/below goal is compared with (经济增长), else None.
    relative_to: str | None = None
    #: The catalogue indicator the name belongs to (its canonical name), or None.
    key: str | None = None


@dataclass(frozen=True)
class Commitment:
    section: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Instruction:
    ordinal: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Structure:
    title: str | None
    date_line: str | None
    speaker: str | None
    sections: tuple[Section, ...]
    paragraphs: tuple[Span, ...]
    enumerations: tuple[Enumeration, ...]


@dataclass(frozen=True)
class Document:
    source: Source
    quality: Quality
    text: str
    #: Simplified form of ``text``, same length, aligned character by character.
    simplified: str
    doc_type: str
    title: str | None
    date: str | None
    region: Region | None
    sections: tuple[Section, ...] = ()
    people: tuple[Person, ...] = ()
    events: tuple[Event, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    targets: tuple[Target, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    instructions: tuple[Instruction, ...] = ()
    speaker: str | None = None
    bylines: tuple[str, ...] = ()
    #: Region names found but mapping to several places; never guessed.
    ambiguous_regions: tuple[str, ...] = ()
    error: str | None = None
    paragraphs: tuple[Span, ...] = field(default=())
