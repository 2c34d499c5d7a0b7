"""Lexicons shipped as package data: title heads, units and indicator names."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    raw = files("zhtext").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def title_heads() -> tuple[str, ...]:
    return tuple(sorted(set(_lines("titles.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def units() -> tuple[str, ...]:
    return tuple(sorted(set(_lines("units.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def unit_pattern() -> str:
    """Units as written, each optionally scaled: 5万个, 1.2万亿元, 3千套 (万个 is 万 + 个)."""
    return "(?:(?:万亿|亿|万|千)?(?:" + "|".join(re.escape(u) for u in units()) + "))"


_SCALE = re.compile(r"^(?:万亿|亿|万|千)(?=.)")


def base_unit(unit: str) -> str:
    """The unit without its scale word: 万个 → 个, 万人 → 人, 亿元 → 元."""
    return _SCALE.sub("", unit)


@lru_cache(maxsize=1)
def indicator_synonyms() -> dict[str, str]:
    """Synonym -> canonical name."""
    out: dict[str, str] = {}
    for line in _lines("indicators.tsv"):
        canonical, _, syns = line.partition("\t")
        out[canonical] = canonical
        for syn in syns.split("|"):
            if syn:
                out[syn] = canonical
    return out


@lru_cache(maxsize=1)
def indicator_pattern() -> re.Pattern[str]:
    names = sorted(indicator_synonyms(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Common surnames, one- and two-character."""
    return frozenset(w for line in _lines("surnames.txt") for w in line.split())
