"""The team's own documents (own sentences, invented figures) against gold/own_*.json.

Each document differs from the seeds on purpose: a provincial report with ranks among peer
provinces, a Traditional city report with ruby and a site footer, an inspection news item
whose year comes from an anniversary, an HTML deliberation page whose year comes from its
publication line, a GB18030 file with characters outside GBK, and a year-end review news item
whose period is named once in its lead. Every fact is compared
exactly: a new fact or a lost one is a change someone has to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import zhtext
from zhtext.clean import is_boilerplate

GOLD = Path(__file__).resolve().parent / "gold"
OWN = sorted(p.stem for p in GOLD.glob("own_*.json"))

# Site chrome each noisy document carries; none of it may survive cleaning.
NOISE = {
    "own_city_hant": [
        "首頁",
        "主辦單位",
        "承辦單位",
        "ICP備",
        "版權所有",
        "(huì)",
        "(bào)",
        "(jīng)",
    ],
    "own_county_deliberation": [
        "首页",
        "政务公开",
        "当前位置",
        "发布时间",
        "分享到",
        "打印本页",
        "关闭窗口",
        "ICP备",
        "公网安备",
        "网站标识码",
        "版权所有",
        "主办单位",
    ],
}


def _gold(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def own_docs(documents_dir: Path) -> dict[str, zhtext.Document]:
    out = {}
    for stem in OWN:
        name = _gold(stem)["document"]
        doc = zhtext.read((documents_dir / name).read_bytes(), name)
        assert doc.error is None, doc.error
        out[stem] = doc
    return out


def test_there_are_own_documents() -> None:
    assert len(OWN) >= 6


@pytest.mark.parametrize("stem", OWN)
def test_document_facts(own_docs: dict[str, zhtext.Document], stem: str) -> None:
    g, doc = _gold(stem), own_docs[stem]
    assert doc.doc_type == g["doc_type"]
    assert doc.quality.script == g["script"]
    assert doc.source.encoding == g["encoding"]
    assert doc.title == g["title"]
    assert doc.date == g["date"]
    region = None
    if doc.region is not None:
        region = {
            "name": doc.region.name,
            "level": doc.region.level,
            "parents": list(doc.region.parents),
        }
    assert region == g["region"]
    assert doc.speaker == g["speaker"]
    assert doc.quality.ruby_removed == g["ruby_removed"]
    assert doc.quality.boilerplate_lines == g["boilerplate_lines"]
    assert [[s.number, s.level, s.title] for s in doc.sections] == g["sections"]


@pytest.mark.parametrize("stem", OWN)
def test_people_and_events(own_docs: dict[str, zhtext.Document], stem: str) -> None:
    g, doc = _gold(stem), own_docs[stem]
    assert [{"name": p.name, "titles": list(p.titles)} for p in doc.people] == g["people"]
    got = [
        {
            "kind": e.kind,
            "date": e.date,
            "place": e.place,
            "host": e.host,
            "participants": list(e.participants),
            "topics": list(e.topics),
        }
        for e in doc.events
    ]
    assert got == g["events"]


@pytest.mark.parametrize("stem", OWN)
def test_indicators(own_docs: dict[str, zhtext.Document], stem: str) -> None:
    g, doc = _gold(stem), own_docs[stem]
    got = [
        {
            "name": i.name,
            "key": i.key,
            "period": i.period,
            "value": i.value,
            "unit": i.unit,
            "growth": i.growth,
            "growth_unit": i.growth_unit,
            "ranks": [[r.scope, r.rank, r.change] for r in i.ranks],
        }
        for i in doc.indicators
    ]
    assert got == g["indicators"]
    for i in doc.indicators:  # offsets point at the figure in the original script
        assert re.search(r"\d", doc.text[i.start : i.end])


@pytest.mark.parametrize("stem", OWN)
def test_targets(own_docs: dict[str, zhtext.Document], stem: str) -> None:
    g, doc = _gold(stem), own_docs[stem]
    got = [
        {
            "name": t.name,
            "key": t.key,
            "period": t.period,
            "measure": t.measure,
            "low": t.low,
            "high": t.high,
            "unit": t.unit,
            "qualifier": t.qualifier,
            "relative_to": t.relative_to,
            "direction": t.direction,
        }
        for t in doc.targets
    ]
    assert got == g["targets"]
    for t in doc.targets:
        assert doc.text[t.start : t.end]


@pytest.mark.parametrize("stem", OWN)
def test_commitments_and_instructions(own_docs: dict[str, zhtext.Document], stem: str) -> None:
    g, doc = _gold(stem), own_docs[stem]
    assert [[c.section, c.text] for c in doc.commitments] == g["commitments"]
    assert [i.text for i in doc.instructions] == g["instructions"]
    assert [i.ordinal for i in doc.instructions] == list(range(1, len(g["instructions"]) + 1))
    for c in doc.commitments:
        assert doc.simplified[c.start : c.end] == c.text
    for i in doc.instructions:
        assert doc.simplified[i.start : i.end] == i.text


@pytest.mark.parametrize("stem", sorted(NOISE))
def test_noise_removed(own_docs: dict[str, zhtext.Document], stem: str) -> None:
    doc = own_docs[stem]
    for noise in NOISE[stem]:
        assert noise not in doc.text, noise
    for line in doc.text.split("\n"):
        assert not is_boilerplate(zhtext.to_simplified(line)), line


def test_traditional_offsets_and_simplified_values(own_docs: dict[str, zhtext.Document]) -> None:
    doc = own_docs["own_city_hant"]
    gdp = doc.indicators[0]
    assert doc.text[gdp.start : gdp.end].startswith("全市生產總值完成3820.5億元")
    assert (gdp.name, gdp.key, gdp.unit) == ("生产总值", "地区生产总值", "亿元")  # as written
    assert doc.text.startswith("政府工作報告\n")  # the navigation line is gone


def test_characters_outside_gbk_survive(own_docs: dict[str, zhtext.Document]) -> None:
    doc = own_docs["own_gb18030_notice"]
    assert "𠮷安镇" in doc.text and "刘䶮" in doc.text
    assert doc.events[0].place == "𠮷安镇"


def test_contract_is_valid_for_own_documents(own_docs: dict[str, zhtext.Document]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = zhtext.json_schema()
    for doc in own_docs.values():
        jsonschema.validate(zhtext.to_contract(doc), schema)


@pytest.mark.parametrize("stem", ["own_inspection_news", "own_province_report"])
def test_same_facts_from_traditional_big5(own_docs: dict[str, zhtext.Document], stem: str) -> None:
    """The same document converted to Traditional (Taiwan) and encoded in Big5 reads the same."""
    import opencc

    simple = own_docs[stem]
    hant = opencc.OpenCC("s2tw").convert(simple.text).encode("big5")
    doc = zhtext.read(hant, f"{stem}.txt")
    assert (doc.source.encoding, doc.quality.script) == ("big5", "hant")
    assert (doc.date, doc.region, doc.doc_type) == (simple.date, simple.region, simple.doc_type)
    assert doc.people == simple.people
    assert doc.events == simple.events
    assert [(i.name, i.value, i.growth, i.ranks) for i in doc.indicators] == [
        (i.name, i.value, i.growth, i.ranks) for i in simple.indicators
    ]
    assert [(t.name, t.low, t.high, t.qualifier) for t in doc.targets] == [
        (t.name, t.low, t.high, t.qualifier) for t in simple.targets
    ]
    assert [c.text for c in doc.commitments] == [c.text for c in simple.commitments]
    assert [i.text for i in doc.instructions] == [i.text for i in simple.instructions]
