"""The luoshi.extraction/1 contract and its JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import zhtext

VALIDATOR = jsonschema.Draft202012Validator(zhtext.json_schema())
TOP_KEYS = {
    "schema",
    "source",
    "quality",
    "text",
    "doc_type",
    "title",
    "date",
    "region",
    "sections",
    "people",
    "events",
    "indicators",
    "targets",
    "commitments",
    "instructions",
}


def check(obj: dict[str, Any]) -> None:
    VALIDATOR.validate(json.loads(json.dumps(obj, ensure_ascii=False)))
    assert set(obj) >= TOP_KEYS
    text = obj["text"]
    for key in ("indicators", "targets", "commitments", "instructions", "sections"):
        for item in obj[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text)


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(zhtext.json_schema())


def test_own_documents_are_contract_valid(documents_dir: Path) -> None:
    paths = sorted(documents_dir.iterdir())
    assert len(paths) >= 13  # the folder as shipped: an empty one would check nothing
    for path in paths:
        obj = zhtext.to_contract(zhtext.read(path.read_bytes(), path.name))
        check(obj)
        assert obj["schema"] == "luoshi.extraction/1"
        assert "error" not in obj


def test_seeds_are_contract_valid(seed_docs: dict[str, Any]) -> None:
    assert sorted(seed_docs) == ["000", "001", "002", "003", "004"]
    for doc in seed_docs.values():
        assert isinstance(doc, zhtext.Document)
        obj = zhtext.to_contract(doc)
        check(obj)
        assert "error" not in obj, obj.get("error")  # a failed reading is trivially valid
        assert obj["source"]["chars"] == len(obj["text"])


def test_numbers_are_numbers(seed_docs: dict[str, Any]) -> None:
    doc = seed_docs["003"]
    assert isinstance(doc, zhtext.Document)
    obj = zhtext.to_contract(doc)
    gdp = next(i for i in obj["indicators"] if i["key"] == "地区生产总值")
    assert gdp["value"] == 40.3 and isinstance(gdp["growth"], float)


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", b"<html><body></body></html>"])
def test_error_objects_are_contract_valid(data: bytes) -> None:
    obj = zhtext.to_contract(zhtext.read(data, "bad.html"))
    check(obj)
    assert obj["error"] and "\n" not in obj["error"]
