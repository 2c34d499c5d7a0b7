"""Snippets: the part of a text around the first match, with the matched parts marked.

Pure functions returning plain (text, is_match) segments; the template escapes the text and
wraps the matches in <mark>, so no HTML is ever built here.
"""

from __future__ import annotations

from luoshi.core.search.tokens import ParsedQuery, bigrams, is_cjk, normalize

Segment = tuple[str, bool]
ELLIPSIS = "…"
# What follows this mark in an entry's body is found but never shown in a snippet: the names,
# codes and dates a kind adds so that they can be searched (a task's co-units, a project's
# code), which the hit shows in its own words or the page shows in full. U+2063 (invisible
# separator): a format character, which saving keeps (control characters are removed, see
# core.text_input) and tokenizing treats as a separator.
SEARCH_ONLY = "\u2063"


def _normalized_with_positions(text: str) -> tuple[str, list[int]]:
    """`text` normalized as tokens are, and for each normalized character its source index."""
    folded = normalize(text)
    if len(folded) == len(text):  # the usual case: NFKC and lowercase kept one char per char
        return folded, list(range(len(text)))
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        piece = normalize(char)
        chars.append(piece)
        positions.extend([index] * len(piece))
    return "".join(chars), positions


def _needles(query: ParsedQuery, folded: str) -> list[str]:
    """What to look for: each query phrase, or its bigrams when the phrase is not in the text
    as a whole (all bigrams must be in the entry, but not necessarily next to each other)."""
    needles: list[str] = []
    for phrase in query.phrases:
        if phrase in folded or len(phrase) < 3 or not is_cjk(phrase[0]):
            needles.append(phrase)
        else:
            needles.extend(bigrams(phrase))
    return needles


def match_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """Merged [start, end) spans of `text` where query phrases occur."""
    if not text or not query:
        return []
    folded, positions = _normalized_with_positions(text)
    spans: list[tuple[int, int]] = []
    for needle in _needles(query, folded):
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(needle, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _segments(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[Segment]:
    segments: list[Segment] = []
    cursor = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        if span_start > cursor:
            segments.append((text[cursor:span_start], False))
        segments.append((text[span_start:span_end], True))
        cursor = span_end
    if cursor < end:
        segments.append((text[cursor:end], False))
    return segments


def highlight(text: str, query: ParsedQuery) -> list[Segment]:
    """The whole of `text` (a title) with its matches marked."""
    return _segments(text, match_spans(text, query), 0, len(text))


def snippet(text: str, query: ParsedQuery, *, width: int = 120, before: int = 30) -> list[Segment]:
    """About `width` characters of `text` starting a little before the first match; the
    start of the text when nothing matches (the entry matched on its title, or on what
    follows `SEARCH_ONLY`, which is never shown)."""
    text = text.split(SEARCH_ONLY, 1)[0]
    text = " ".join(text.split())  # line breaks and runs of spaces mean nothing in a snippet
    spans = match_spans(text, query)
    start = max(0, spans[0][0] - before) if spans else 0
    end = min(len(text), start + width)
    segments = _segments(text, spans, start, end)
    if start > 0:
        segments.insert(0, (ELLIPSIS, False))
    if end < len(text):
        segments.append((ELLIPSIS, False))
    return segments
