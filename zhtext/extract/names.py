"""An indicator's name as the text writes it, and the catalogue key it belongs to.

The name is never rewritten by a synonym: 地方一般公共预算收入 stays 地方一般公共预算收入 and is
keyed to 一般公共预算收入; 居民消费价格指数 is keyed to 居民消费价格涨幅. A leading scope word
(全市, 全省, 我县…) says where, not what, and is left out of the name. A name that is not
exactly a catalogue name or synonym has no key: a longer noun phrase around a catalogue word
(规模以上工业战略性新兴产业增加值) is another quantity, and two quantities never share a key.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypeVar

from zhtext.lexicon import indicator_synonyms
from zhtext.model import Indicator, Target

SCOPE_WORD = re.compile(
    r"^(?:全国|全省|全市|全县|全区|全州|全盟|全旗|我国|我省|我市|我县|我区|本市|本县)"
)

ItemT = TypeVar("ItemT", Indicator, Target)


def plain_name(name: str) -> str:
    """The name without its leading scope word (kept when nothing would be left)."""
    bare = SCOPE_WORD.sub("", name.strip())
    return bare if len(bare) >= 2 else name.strip()


def key_of(name: str) -> str | None:
    """The catalogue indicator `name` is exactly one of, else None."""
    synonyms = indicator_synonyms()
    return synonyms.get(name) or synonyms.get(plain_name(name))


def settle(item: ItemT) -> ItemT:
    """The item with its name as written (scope word left out) and its catalogue key."""
    return replace(item, name=plain_name(item.name), key=key_of(item.name))
