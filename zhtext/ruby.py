"""Flattened ruby pinyin: 會(huì)議 is 會议 with its reading printed after it.

A parenthesised syllable is removed only when pypinyin lists it as a reading of the
character right before it; anything else in parentheses is the author's text and stays.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from zhtext.script import char_to_simplified

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
RUBY = re.compile(rf"(?<=[\u3400-\u9fff])[(（]([a-z{_TONED}]{{1,7}})[)）]")
_TONE_STRIP = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")


@lru_cache(maxsize=32768)
def readings(ch: str) -> frozenset[str]:
    """All toned readings pypinyin knows for a character and for its Simplified form."""
    from pypinyin import Style, pinyin

    out: set[str] = set()
    for form in {ch, char_to_simplified(ch)}:
        for group in pinyin(form, style=Style.TONE, heteronym=True, errors="ignore"):
            out.update(unicodedata.normalize("NFC", r).lower() for r in group)
    return frozenset(out)


def is_reading(ch: str, syllable: str) -> bool:
    syl = unicodedata.normalize("NFC", syllable).lower()
    known = readings(ch)
    if syl in known:
        return True
    if syl == syl.translate(_TONE_STRIP):
        # An unmarked syllable is a neutral-tone reading: compare without tones.
        return syl.replace("v", "ü") in {r.translate(_TONE_STRIP) for r in known}
    return False


def repair_ruby(text: str) -> tuple[str, int]:
    """Remove flattened ruby readings; returns (text, number removed)."""
    removed = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal removed
        if is_reading(text[m.start() - 1], m.group(1)):
            removed += 1
            return ""
        return m.group(0)

    return RUBY.sub(replace, text), removed
