"""Stored text set into a sentence of a message.

A task's title is often a whole sentence of the report (“年内建成城市口袋公园10个。”), and so
are milestones, reasons and notes. Set as they are into "…：%(title)s，请于…前反馈。", they
leave "10个。，请于" — not written Chinese. `clause` makes such a piece fit inside a
sentence: without its closing punctuation, and, when cut to length, marked as cut.
"""

from __future__ import annotations

# Punctuation that closes a sentence or a clause, full-width and ASCII, and spaces.
CLOSING = "。．.；;，,、：:！!？? \t\r\n\u3000"
ELLIPSIS = "…"


def clause(text: str, limit: int | None = None) -> str:
    """`text` as a clause inside a sentence: trimmed, without the punctuation that would end
    it, and, when longer than `limit` characters, cut there with an ellipsis."""
    piece = (text or "").strip().rstrip(CLOSING)
    if limit is not None and len(piece) > limit:
        piece = piece[:limit].rstrip(CLOSING) + ELLIPSIS
    return piece
