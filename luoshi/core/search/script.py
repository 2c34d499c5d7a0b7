"""Traditional characters folded to Simplified ones for matching: 鄉村振興 finds 乡村振兴.

Documents and queries go through the same folding before they are cut into tokens (see
`tokens.normalize`), so a Traditional query finds Simplified text, a Simplified query finds
Traditional text, and the index holds each text once, folded — never both forms.

OpenCC's `t2s` is applied one character at a time. That keeps every text its own length, so
the positions of a match in the folded text are positions in the text as stored (the
snippets mark the stored words), and the same character always folds the same way, in a
document as in a query. The folding also changes a few characters that Simplified text uses
as they are (著 → 着, 乾 → 干): harmless here, since both sides fold alike, but it is why the
folded form is only ever compared and never shown (zhtext derives the Simplified text that
pages show, with OpenCC only on text detected as Traditional).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Protocol

# Han characters: extension A, the basic block, compatibility ideographs, extension B on.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))

_lock = threading.Lock()


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


def _is_han(code: int) -> bool:
    return any(low <= code <= high for low, high in _HAN_RANGES)


class _FoldTable(dict[int, str]):
    """A `str.translate` table filled in as characters are met: each Han character's
    one-character Simplified form, every other character itself."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char
        if _is_han(code):
            with _lock:  # the OpenCC binding is not documented as thread-safe
                converted = _t2s().convert(char)
            if len(converted) == 1:
                folded = converted
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def to_simplified(text: str) -> str:
    """`text` with each Traditional character replaced by its Simplified form; same length."""
    return text.translate(_TABLE)
