"""Carry paragraph anchors from one version to the next.

An unchanged paragraph keeps its anchor; a revised paragraph (most of its text still there)
keeps it too; a paragraph with no counterpart gets a new anchor. The alignment respects order:
difflib aligns the two sequences, and within a block of replaced paragraphs each new one is
paired with the most similar old one still unpaired, if similar enough.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from difflib import SequenceMatcher

REVISION_SIMILARITY = 0.5


def new_anchor() -> str:
    return secrets.token_hex(5)


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < REVISION_SIMILARITY:
        return 0.0
    return matcher.ratio()


def carry_anchors(old: Sequence[tuple[str, str]], new_texts: Sequence[str]) -> list[str]:
    """For each new text, the anchor it inherits from `old` [(anchor, text)], or a new one."""
    old_texts = [text for _anchor, text in old]
    anchors: list[str | None] = [None] * len(new_texts)
    matcher = SequenceMatcher(None, old_texts, list(new_texts), autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(new_end - new_start):
                anchors[new_start + offset] = old[old_start + offset][0]
        elif tag == "replace":
            unpaired = list(range(old_start, old_end))
            for new_index in range(new_start, new_end):
                scored = [(similarity(old_texts[i], new_texts[new_index]), i) for i in unpaired]
                best = max(scored, default=(0.0, -1))
                if best[0] >= REVISION_SIMILARITY:
                    anchors[new_index] = old[best[1]][0]
                    unpaired.remove(best[1])
    used = {anchor for anchor in anchors if anchor}
    result = []
    for anchor in anchors:
        if anchor is None:
            anchor = new_anchor()
            while anchor in used:
                anchor = new_anchor()
            used.add(anchor)
        result.append(anchor)
    return result
