"""The ``luoshi.extraction/1`` contract: a ``Document`` as a plain JSON-ready dict."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from zhtext.model import Document

SCHEMA_ID = "luoshi.extraction/1"


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def to_contract(doc: Document) -> dict[str, Any]:
    """Every key of the contract is present; empty lists or null where nothing was found."""
    out: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "source": {
            "name": doc.source.name,
            "sha256": doc.source.sha256,
            "encoding": doc.source.encoding,
            "chars": doc.source.chars,
        },
        "quality": {
            "script": doc.quality.script,
            "ruby_removed": doc.quality.ruby_removed,
            "boilerplate_lines": doc.quality.boilerplate_lines,
            "corrupt_spans": [{"start": s.start, "end": s.end} for s in doc.quality.corrupt_spans],
            "segmenter": doc.quality.segmenter,
        },
        "text": doc.text,
        "doc_type": doc.doc_type,
        "title": doc.title,
        "date": doc.date,
        "region": (
            {
                "name": doc.region.name,
                "level": doc.region.level,
                "parents": list(doc.region.parents),
            }
            if doc.region
            else None
        ),
        "sections": [
            {"number": s.number, "level": s.level, "title": s.title, "start": s.start, "end": s.end}
            for s in doc.sections
        ],
        "people": [{"name": p.name, "titles": list(p.titles)} for p in doc.people],
        "events": [
            {
                "kind": e.kind,
                "date": e.date,
                "place": e.place,
                "host": e.host,
                "participants": list(e.participants),
                "topics": list(e.topics),
            }
            for e in doc.events
        ],
        "indicators": [
            {
                "name": i.name,
                "key": i.key,
                "period": i.period,
                "value": _num(i.value),
                "unit": i.unit,
                "growth": _num(i.growth),
                "growth_unit": i.growth_unit,
                "ranks": [{"scope": r.scope, "rank": r.rank, "change": r.change} for r in i.ranks],
                "start": i.start,
                "end": i.end,
            }
            for i in doc.indicators
        ],
        "targets": [
            {
                "name": t.name,
                "key": t.key,
                "period": t.period,
                "measure": t.measure,
                "low": _num(t.low),
                "high": _num(t.high),
                "unit": t.unit,
                "qualifier": t.qualifier,
                "relative_to": t.relative_to,
                "direction": t.direction,
                "start": t.start,
                "end": t.end,
            }
            for t in doc.targets
        ],
        "commitments": [
            {"section": c.section, "text": c.text, "start": c.start, "end": c.end}
            for c in doc.commitments
        ],
        "instructions": [
            {"ordinal": i.ordinal, "text": i.text, "start": i.start, "end": i.end}
            for i in doc.instructions
        ],
    }
    if doc.error is not None:
        out["error"] = doc.error
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the contract, shipped with the package."""
    raw = (
        files("zhtext")
        .joinpath("schema")
        .joinpath("extraction-1.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(raw)
    return schema
