"""What a commitment's words say about its task: the deadline they name (年底前, 6月底前,
三季度末, 上半年…) and the responsible unit they name (县财政局, 财政局, 县财政…).

Pure: text and plain values in, values out. A commitment that names no deadline is due at the
year's end (年底前), as DOMAIN.md's default; one that names no unit gets no suggestion — a
guess would be worse than an empty choice the office has to make.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from luoshi.core.spreadsheets.cells import CellError
from luoshi.tasks.excel.cells import Deadline, parse_deadline

YEAR_END = "年底前"

# Deadline phrases as reports write them inside a sentence, most specific first. Each match is
# read by the 分解表's own deadline reader, so a phrase means the same date in both places.
_DEADLINE_PHRASES = re.compile(
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:前|之前|以前)"
    r"|(?:\d{4}年)?\d{1,2}月(?:底|末|份)?(?:前|之前|以前)"
    r"|(?:\d{4}年)?\d{1,2}月(?:底|末)"
    r"|(?:\d{4}年)?第?[一二三四1-4]季度(?:末|底)(?:前|之前|以前)?"
    r"|(?:\d{4}年)?(?:上半年)(?:底|末)?(?:前)?"
    r"|(?:\d{4}年)?(?:年底前|年底|年末|年内)"
)
# Sentences, to find the words around a commitment in its paragraph.
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")


@dataclass(frozen=True)
class DeadlineGuess:
    date: dt.date
    text: str  # the words as written, or 年底前 when the commitment names none
    stated: bool  # False: the year-end default


def deadline_in_text(text: str, year: int) -> Deadline | None:
    """The first deadline phrase in `text` that reads as a date of `year` (or the year it
    names), or None."""
    for match in _DEADLINE_PHRASES.finditer(text):
        phrase = match.group(0)
        try:
            return parse_deadline(phrase, year)
        except CellError:
            continue
    return None


def sentence_around(paragraph: str, words: str) -> str:
    """The sentence of `paragraph` that holds `words`, or "" when it does not hold them."""
    if not words or words not in paragraph:
        return ""
    for sentence in _SENTENCE_END.split(paragraph):
        if words in sentence:
            return sentence
    return ""


def commitment_deadline(text: str, paragraph: str, year: int) -> DeadlineGuess:
    """The commitment's own words first, then its sentence in the paragraph (年底前完成…，
    建成… carries the deadline for both clauses); else the end of the year."""
    for words in (text, sentence_around(paragraph, text)):
        found = deadline_in_text(words, year) if words else None
        if found is not None and found.date.year >= year:
            return DeadlineGuess(found.date, found.text or found.date.isoformat(), True)
    return DeadlineGuess(dt.date(year, 12, 31), YEAR_END, False)


# --- units ---------------------------------------------------------------------------------

# What a unit's name ends with; what is left is the field it works in (财政局 → 财政).
_UNIT_SUFFIXES = (
    "委员会办公室",
    "委员会",
    "办公室",
    "管理局",
    "服务中心",
    "中心",
    "局",
    "委",
    "办",
    "厅",
    "部",
    "院",
    "所",
    "站",
    "队",
)
# A region's short form as reports say it of themselves: 吉县 → 县, 云泽市 → 市.
_LEVEL_WORDS = ("自治县", "自治州", "县", "市", "区", "旗", "州", "盟", "省")


@dataclass(frozen=True)
class UnitName:
    """A unit as the matcher sees it: its id and every way the text may name it."""

    unit_id: int
    names: tuple[str, ...]


def unit_names(unit_id: int, name: str, short_name: str, region_name: str) -> UnitName:
    """吉县财政局 of 吉县 → 吉县财政局, 财政局, 县财政局, 县财政 (and its 简称). A bare field word
    (财政) is not a name: 财政 in 财政收入 names no unit."""
    forms = {name, short_name}
    bare = name[len(region_name) :] if region_name and name.startswith(region_name) else ""
    if bare and len(bare) >= 2:
        forms.add(bare)
        level = next((w for w in _LEVEL_WORDS if region_name.endswith(w)), "")
        if level:
            forms.add(level + bare)
            core = next(
                (
                    bare[: -len(s)]
                    for s in _UNIT_SUFFIXES
                    if bare.endswith(s) and len(bare) > len(s)
                ),
                "",
            )
            if len(core) >= 2:
                forms.add(level + core)
    return UnitName(
        unit_id, tuple(sorted((f for f in forms if len(f) >= 3), key=len, reverse=True))
    )


def named_unit(text: str, units: Iterable[UnitName]) -> int | None:
    """The unit the text names first (the lead unit comes first: 由县发改局牵头，县财政局配合);
    at the same place, the longer name wins. None when it names none."""
    best: tuple[int, int, int] | None = None  # (position, -length, unit id)
    for unit in units:
        for form in unit.names:
            position = text.find(form)
            if position < 0:
                continue
            candidate = (position, -len(form), unit.unit_id)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best is not None else None


def suggested_unit(texts: Sequence[str], units: Sequence[UnitName]) -> int | None:
    """The unit named by the first of `texts` that names one."""
    for text in texts:
        found = named_unit(text, units) if text else None
        if found is not None:
            return found
    return None
