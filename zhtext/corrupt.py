"""Corrupted spans: mojibake islands that start where a decoder wrote ``?``.

Nothing here repairs text; spans are only marked so that readers and extractors know not to
trust them. An island is the ``?`` plus the run of unlikely characters after it (Latin
letters, stray symbols, kana, bopomofo, rare ideographs), allowing short gaps of ordinary text.
"""

from __future__ import annotations

from functools import lru_cache

from zhtext.model import Span
from zhtext.script import char_to_simplified

_MAX_ISLAND = 30
_MAX_GAP = 2
_PLAIN_PUNCT = set("，。、；：！？“”‘’《》（）—…·,.:!%")
_QUESTION_END = set(" \n”’)）》」』")
_QUESTION_PARTICLES = set("吗嗎呢吧嘛么麼")


@lru_cache(maxsize=65536)
def suspicious(ch: str) -> bool:
    if ch in "?\ufffd":
        return True
    o = ord(ch)
    if ch.isascii():
        return ch.isalpha() or (not ch.isalnum() and ch not in _PLAIN_PUNCT and ch != " ")
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
        simple = char_to_simplified(ch)
        try:
            code = simple.encode("gb2312")
        except UnicodeEncodeError:
            return True
        # GB2312 level 1 holds the 3,755 common characters; mojibake mostly lands elsewhere.
        return not (0xB0 <= code[0] <= 0xD7)
    return ch not in _PLAIN_PUNCT


def _is_latin(ch: str) -> bool:
    return ch.isalpha() and (ch.isascii() or "\u00c0" <= ch <= "\u024f")


def find_corrupt_spans(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    i = text.find("?")
    while i != -1:
        nxt = text[i + 1] if i + 1 < len(text) else "\n"
        if spans and i < spans[-1].end:
            i = text.find("?", spans[-1].end)
            continue
        prev = text[i - 1] if i else ""
        if nxt in _QUESTION_END or prev in _QUESTION_PARTICLES:
            # A question mark at the end of a sentence or before a closing mark is punctuation.
            i = text.find("?", i + 1)
            continue
        end = i + 1
        j = i + 1
        gap = 0
        while j < len(text) and j - i < _MAX_ISLAND and text[j] != "\n":
            if suspicious(text[j]):
                end = j + 1
                gap = 0
            else:
                gap += 1
                if gap > _MAX_GAP:
                    break
            j += 1
        # The closing parenthesis of a reading whose character was destroyed belongs inside.
        if end < len(text) and text[end] in ")）" and _is_latin(text[end - 1]):
            end += 1
        spans.append(Span(i, end))
        i = text.find("?", end)
    return tuple(spans)
