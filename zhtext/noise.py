"""Noisy variants of a document, as real pages deliver them: for measuring the reader.

Every function is pure and deterministic: the same text (and seed) always gives the same
variant. Each takes the original text and returns the variant text; ``with_mojibake`` also
returns where it inserted its corrupt spans. ``VARIANTS`` maps a variant's name to a function
returning ``(text, inserted ranges)`` for all of them alike.

The helpers at the end apply variants to documents (``variant_source``: plain text only, and
``traditional`` on UTF-8 HTML markup too), check that cleaning invents no character
(``foreign_chars``) and find a string again through the noise (``find_in_skeleton``).
"""

from __future__ import annotations

import html
import random
import re
import threading
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import PurePath
from typing import Any, Protocol

from zhtext.clean import normalise_width
from zhtext.corrupt import find_corrupt_spans
from zhtext.decode import decode
from zhtext.errors import ReadError
from zhtext.model import Span

Range = tuple[int, int]

_HAN = re.compile(r"[\u4e00-\u9fff]+")
# Chinese numerals: a reading after them would split 十五五 or 2026年 the way no page does.
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
_SENTENCE_END = "。"

# Site chrome of the kind government portals print around an article: navigation, widgets,
# page counters and the footer. Each line is one that the cleaner is expected to drop.
CHROME_BEFORE = (
    "首页 | 政务公开 | 政策文件 | 互动交流 | 办事服务",
    "当前位置：首页 > 政务公开 > 政府工作报告",
    "字号：大 中 小",
    "【打印本页】【关闭窗口】",
    "浏览次数：1234",
)
CHROME_AFTER = (
    "分享到：微信 微博 QQ空间",
    "【打印本页】 【关闭窗口】",
    "上一篇：关于开展政务公开工作的通知",
    "主办单位：某某市人民政府办公室",
    "承办单位：某某市大数据中心",
    "网站标识码：1234567890 ICP备12345678号",
    "版权所有 ©2027 某某市人民政府 All Rights Reserved",
    "扫一扫在手机打开当前页",
)


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


_lock = threading.Lock()


@lru_cache(maxsize=4)
def _opencc(config: str) -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC(config)
    return converter


def opencc_convert(config: str, text: str) -> str:
    """OpenCC with the named configuration (``s2tw``, ``tw2s``…), serialised across threads."""
    with _lock:
        return _opencc(config).convert(text)


def traditional(text: str) -> str:
    """The text in Taiwan Traditional script (OpenCC ``s2tw``)."""
    return "\n".join(opencc_convert("s2tw", line) if line else line for line in text.split("\n"))


def with_boilerplate(text: str) -> str:
    """Site navigation and widgets before the text, widgets and footer after it."""
    return "\n".join((*CHROME_BEFORE, text.strip("\n"), *CHROME_AFTER)) + "\n"


def _reading(run: str, i: int) -> str | None:
    from pypinyin import Style, pinyin

    got = pinyin(run, style=Style.TONE, errors="ignore")
    if len(got) != len(run) or not got[i]:
        return None
    syllable = unicodedata.normalize("NFC", got[i][0]).lower()
    return syllable if syllable.isalpha() else None


def with_ruby(text: str, every: int = 23) -> str:
    """Flattened ruby: ``经(jīng)`` after every ``every``-th Han character (numerals skipped).

    The reading is pypinyin's for the character in its run of Han characters, so heteronyms
    get the reading of their word (银行 → háng).
    """
    out: list[str] = []
    pos = 0
    count = 0
    for m in _HAN.finditer(text):
        run = m.group(0)
        chosen: list[int] = []
        for i, ch in enumerate(run):
            if ch in _NUMERALS:
                continue
            count += 1
            if count % every == 0:
                chosen.append(i)
        if not chosen:
            continue
        out.append(text[pos : m.start()])
        last = 0
        for i in chosen:
            syllable = _reading(run, i)
            out.append(run[last : i + 1])
            if syllable:
                out.append(f"({syllable})")
            last = i + 1
        out.append(run[last:])
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def hard_wrapped(text: str, width: int = 38) -> str:
    """Every line longer than ``width`` broken each ``width`` characters, as PDF copies are.

    Breaks fall anywhere, inside numbers and words too; existing line breaks are kept.
    """
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
        else:
            lines.extend(line[i : i + width] for i in range(0, len(line), width))
    return "\n".join(lines)


def _stable(span: str) -> bool:
    """Whether the cleaner leaves ``span`` as it is and marks all of it as corrupt."""
    if any(ch.isspace() or ch in ",;()!:" for ch in span):
        return False
    if unicodedata.normalize("NFC", span) != span or normalise_width(span) != span:
        return False
    found = find_corrupt_spans("前文。" + span + "后文")
    return len(found) == 1 and (found[0].start, found[0].end) == (3, 3 + len(span))


def mojibake_of(phrase: str, style: int) -> str | None:
    """``?`` plus ``phrase``'s UTF-8 bytes misread as GBK (style 0) or Windows-1252 (style 1).

    None when the cleaner would alter the result or not mark all of it as corrupt.
    """
    raw = phrase.encode("utf-8")
    garbled = raw.decode("gbk" if style == 0 else "cp1252", errors="replace")
    span = "?" + garbled
    return span if _stable(span) else None


_FALLBACK_PHRASES = ("经济发展", "人民群众", "城镇新增就业", "高质量发展")


def with_mojibake(text: str, spans: int = 3, seed: int | None = None) -> tuple[str, list[Range]]:
    """Insert ``spans`` short mojibake islands right after sentence ends (``。``).

    Places are drawn with ``random.Random(seed)``; without a seed the seed is the CRC-32 of
    the text, so each document gets its own places. Each island is a few characters of the
    sentence after it, misread the way the seeds show. Returns the variant text and the
    inserted islands' ``(start, end)`` ranges in it.
    """
    rng = random.Random(zlib.crc32(text.encode("utf-8")) if seed is None else seed)
    ends = [m.end() for m in re.finditer(_SENTENCE_END, text)]
    places = sorted(rng.sample(ends, min(spans, len(ends))))
    pieces: list[str] = []
    ranges: list[Range] = []
    pos = 0
    for n, place in enumerate(places):
        following = "".join(_HAN.findall(text[place : place + 40]))
        candidates = [following[:k] for k in (4, 5, 6, 3) if len(following) >= k]
        island = None
        for phrase in (*candidates, *_FALLBACK_PHRASES):
            island = mojibake_of(phrase, n % 2) or mojibake_of(phrase, (n + 1) % 2)
            if island:
                break
        if island is None:
            continue
        pieces.append(text[pos:place])
        start = sum(map(len, pieces))
        pieces.append(island)
        ranges.append((start, start + len(island)))
        pos = place
    pieces.append(text[pos:])
    return "".join(pieces), ranges


def _plain(fn: Callable[[str], str]) -> Callable[[str], tuple[str, list[Range]]]:
    return lambda text: (fn(text), [])


#: Variant name → function returning ``(variant text, inserted corrupt ranges)``.
VARIANTS: dict[str, Callable[[str], tuple[str, list[Range]]]] = {
    "traditional": _plain(traditional),
    "boilerplate": _plain(with_boilerplate),
    "ruby": _plain(with_ruby),
    "hard_wrapped": _plain(hard_wrapped),
    "mojibake": with_mojibake,
}


# -- applying variants to documents, and finding text through the noise --------------------

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})


def variant_source(name: str, data: bytes, variant: str) -> str | None:
    """The text ``variant`` is applied to, or None when it skips this document.

    Every variant applies to plain text (``.txt``, decoded as zhtext decodes it); only
    ``traditional`` applies to HTML, to the raw markup of UTF-8 pages.
    """
    suffix = PurePath(name).suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            return decode(data, name).text
        if suffix in HTML_SUFFIXES and variant == "traditional":
            return data.decode("utf-8")
    except (ReadError, UnicodeDecodeError):
        return None
    return None


def input_text(data: bytes | str, name: str) -> str:
    """The text a document's cleaned text may draw on (markup decoded, entities resolved)."""
    try:
        decoded = decode(data, name)
    except ReadError:
        return ""
    if decoded.kind != "html":
        return decoded.text
    raw = data if isinstance(data, str) else data.decode(decoded.encoding or "utf-8", "replace")
    return html.unescape(raw)


def foreign_chars(source: str, text: str) -> str:
    """Characters of the cleaned ``text`` found neither in ``source`` nor in its normal forms."""
    allowed = set(source) | set(normalise_width(unicodedata.normalize("NFC", source)))
    return "".join(sorted(set(text) - allowed - {"\n", " "}))


def locate_islands(
    text: str, corrupt: Sequence[Span], islands: Sequence[str]
) -> tuple[list[Range], list[Range]]:
    """Where inserted islands landed in a cleaned ``text``, and those places widened to the
    corrupt spans that overlap them."""
    spots: list[Range] = []
    regions: list[Range] = []
    pos = 0
    for island in islands:
        at = text.find(island, pos)
        if at == -1:
            continue
        s, e = at, at + len(island)
        spots.append((s, e))
        for span in corrupt:
            if span.start < e and span.end > s:
                s, e = min(s, span.start), max(e, span.end)
        regions.append((s, e))
        pos = at + len(island)
    return spots, regions


def skeleton(text: str, skip: Sequence[Range] = ()) -> tuple[str, list[int]]:
    """``text`` without blanks and without the ``skip`` ranges, and each kept char's index."""
    mask = bytearray(len(text))
    for s, e in skip:
        mask[s:e] = b"\x01" * (min(e, len(text)) - s)
    index = [i for i, ch in enumerate(text) if not mask[i] and not ch.isspace()]
    return "".join(text[i] for i in index), index


def find_in_skeleton(hay: str, needle: str) -> int:
    """Index of ``needle`` (blanks ignored) in a skeleton, or -1.

    Tried as written, then converted to Simplified, then allowing one character in eight to
    differ (a Traditional round trip may not give back every character).
    """
    needle = re.sub(r"\s+", "", needle)
    if not needle:
        return -1
    for form in dict.fromkeys((needle, opencc_convert("tw2s", needle))):
        if (k := hay.find(form)) != -1:
            return k
    allowed = max(1, len(needle) // 8)
    for off in range(0, max(1, len(needle) - 3), 4):
        at = hay.find(needle[off : off + 4])
        while at != -1:
            k = at - off
            window = hay[k : k + len(needle)] if k >= 0 else ""
            if len(window) == len(needle) and sum(map(str.__ne__, window, needle)) <= allowed:
                return k
            at = hay.find(needle[off : off + 4], at + 1)
    return -1


def _to_original(pos: int, islands: Sequence[Range]) -> int:
    return pos - sum(max(0, min(pos, e) - s) for s, e in islands)


def _fingerprints(
    items: Sequence[Mapping[str, Any]], nums: Sequence[str], regions: Sequence[Range]
) -> Counter[tuple[Any, ...]]:
    return Counter(
        (
            opencc_convert("tw2s", re.sub(r"\s+", "", i.get("name") or "")),
            i.get("period"),
            *(None if i.get(k) is None else round(float(i[k]), 6) for k in nums),
            i.get("qualifier"),
        )
        for i in items
        if not any(i["start"] <= e and i["end"] >= s for s, e in regions)
    )


def extraction_differences(
    original: Mapping[str, Any],
    variant: Mapping[str, Any],
    islands: Sequence[Range] = (),
    regions: Sequence[Range] = (),
) -> list[str]:
    """Targets and indicators a variant's contract dict reads differently from the original's.

    Items are compared as (name in Simplified, period, figures, qualifier); items touching a
    ``regions`` range (inserted mojibake, as placed in the variant's text at ``islands``) are
    left out on both sides.
    """
    back = [(_to_original(s, islands), _to_original(e, islands)) for s, e in regions]
    out: list[str] = []
    for kind, nums in (("targets", ("low", "high")), ("indicators", ("value", "growth"))):
        a = _fingerprints(original.get(kind, []), nums, back)
        b = _fingerprints(variant.get(kind, []), nums, regions)
        out += [f"{kind} lost {t}" for t in sorted((a - b).elements(), key=str)]
        out += [f"{kind} gained {t}" for t in sorted((b - a).elements(), key=str)]
    return out
