"""Stage 3: which script a text is in, and its Simplified form aligned with it.

OpenCC ``tw2s`` runs only on text detected as Traditional: on Simplified text it damages
words (显著 becomes 显着). The Simplified form keeps the length of the original so that
offsets found in it are offsets into the cleaned original text.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Protocol

# Variant forms OpenCC's tw2s leaves alone but that Simplified text never uses.
_EXTRA = str.maketrans({"陜": "陕", "𡒄": "坝"})

_lock = threading.Lock()


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=2)
def _opencc(config: str) -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC(config)
    return converter


def _convert(config: str, text: str) -> str:
    with _lock:  # the OpenCC binding is not documented as thread-safe
        return _opencc(config).convert(text)


@lru_cache(maxsize=65536)
def char_to_simplified(ch: str) -> str:
    """Simplified form of one Traditional character (itself if it has none of one char)."""
    out = _convert("tw2s", ch).translate(_EXTRA)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=65536)
def _is_traditional_only(ch: str) -> bool:
    simple = char_to_simplified(ch)
    if simple == ch:
        return False
    # 著 and 乾 convert too, yet are valid Simplified characters: a character counts as
    # Traditional only if GB2312 lacks it or Simplified maps straight back to it.
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return _convert("s2t", simple) == ch


@lru_cache(maxsize=65536)
def _is_simplified_only(ch: str) -> bool:
    out = _convert("s2t", ch)
    return len(out) == 1 and out != ch


def detect_script(text: str) -> str:
    """ "hant", "hans" or "mixed", from characters that exist in only one script."""
    hant = hans = 0
    for ch in set(text):
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            if _is_traditional_only(ch):
                hant += 1
            elif _is_simplified_only(ch):
                hans += 1
    if hant == 0:
        return "hans"
    if hans == 0:
        return "hant"
    share = hant / (hant + hans)
    if share >= 0.9:
        return "hant"
    if share <= 0.1:
        return "hans"
    return "mixed"


def _per_char(text: str, only_traditional: bool) -> str:
    out = []
    for ch in text:
        if "\u3400" <= ch <= "\u9fff" and (not only_traditional or _is_traditional_only(ch)):
            out.append(char_to_simplified(ch))
        else:
            out.append(ch)
    return "".join(out)


def to_simplified(text: str, script: str | None = None) -> str:
    """Simplified Chinese aligned with ``text`` (same length, same positions)."""
    script = script or detect_script(text)
    if script == "hans":
        return text.translate(_EXTRA)
    if script == "mixed":
        # Phrase conversion would rewrite the Simplified parts too; convert character by
        # character and only characters that exist solely in Traditional.
        return _per_char(text, only_traditional=True)
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        conv = _convert("tw2s", line).translate(_EXTRA) if line else line
        out.append(conv if len(conv) == len(line) else _per_char(line, only_traditional=False))
    return "\n".join(out)


def simplified_table(text: str) -> dict[int, str]:
    """A ``str.translate`` table turning the Traditional-only characters of ``text`` Simplified.

    Used where a rough Simplified reading is enough (pattern matching on short lines), as it
    is safe on text of any script.
    """
    return {
        ord(ch): char_to_simplified(ch)
        for ch in set(text)
        if ("\u3400" <= ch <= "\u9fff") and _is_traditional_only(ch)
    }
