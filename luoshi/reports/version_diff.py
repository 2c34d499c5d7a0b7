"""Paragraph-by-paragraph differences between two versions of a report, by anchor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class TextPiece:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class ParagraphChange:
    kind: str  # "unchanged", "changed", "added", "removed"
    anchor: str
    old_text: str
    new_text: str
    pieces: tuple[TextPiece, ...] = ()


def inline_pieces(old: str, new: str) -> tuple[TextPiece, ...]:
    """Character-level differences, for showing what changed inside a paragraph."""
    pieces: list[TextPiece] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(TextPiece("same", old[a0:a1]))
            continue
        if a1 > a0:
            pieces.append(TextPiece("removed", old[a0:a1]))
        if b1 > b0:
            pieces.append(TextPiece("added", new[b0:b1]))
    return tuple(pieces)


def diff_paragraphs(
    old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]
) -> list[ParagraphChange]:
    """Changes in reading order of the new version, removed paragraphs where they stood."""
    old_by_anchor = dict(old)
    new_anchors = {anchor for anchor, _text in new}
    changes: list[ParagraphChange] = []
    old_position = 0
    old_list = list(old)
    for anchor, text in new:
        # Emit removed paragraphs that stood before this one in the old version.
        if anchor in old_by_anchor:
            while old_position < len(old_list) and old_list[old_position][0] != anchor:
                gone_anchor, gone_text = old_list[old_position]
                if gone_anchor not in new_anchors:
                    changes.append(ParagraphChange("removed", gone_anchor, gone_text, ""))
                old_position += 1
            old_position += 1
            before = old_by_anchor[anchor]
            if before == text:
                changes.append(ParagraphChange("unchanged", anchor, before, text))
            else:
                changes.append(
                    ParagraphChange("changed", anchor, before, text, inline_pieces(before, text))
                )
        else:
            changes.append(ParagraphChange("added", anchor, "", text))
    for gone_anchor, gone_text in old_list[old_position:]:
        if gone_anchor not in new_anchors:
            changes.append(ParagraphChange("removed", gone_anchor, gone_text, ""))
    return changes
