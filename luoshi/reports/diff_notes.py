"""Notes that other apps attach to paragraphs of a version comparison.

The reports app cannot know about the apps above it; they register a function here (in their
AppConfig.ready) that, given the newer version, returns notes per paragraph anchor — e.g. the
engagement app marks paragraphs changed because of opinions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from luoshi.reports.models import ReportVersion


@dataclass(frozen=True)
class DiffNote:
    text: str
    url: str = ""


NoteSource = Callable[[ReportVersion], dict[str, list[DiffNote]]]
_sources: list[NoteSource] = []


def register(source: NoteSource) -> None:
    if source not in _sources:
        _sources.append(source)


def notes_for(version: ReportVersion) -> dict[str, list[DiffNote]]:
    merged: dict[str, list[DiffNote]] = {}
    for source in _sources:
        for anchor, notes in source(version).items():
            merged.setdefault(anchor, []).extend(notes)
    return merged
