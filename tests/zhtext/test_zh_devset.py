"""The development set (tests/zhtext/devset) and its noise harness.

Gold must fit its documents; precision and recall per field must stay above the floors, on the
documents as written and on every noisy variant; cleaning never invents characters. Nothing
here skips: an empty or incomplete development set is a failure. ``python
bench/zhtext_devset.py`` prints the figures.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gold_checks import gold_without_expectations

import zhtext
from zhtext import evaluation, noise, scope_passages
from zhtext.evaluation import Case, Counts, Report

# ZHTEXT_DEVSET points the harness at another folder (a scratch set while writing gold).
DEVSET = Path(os.environ.get("ZHTEXT_DEVSET") or Path(__file__).resolve().parent / "devset")
MIN_DOCUMENTS = 30

_FIELDS = ("targets", "indicators")
_DOC_FIELDS = evaluation.DOC_FIELDS
# Issue 11's bar: targets (number and qualifier exact) and review indicators at precision and
# recall >= 0.97, the document's own fields always right — on the documents as written and on
# every noisy variant. Measured (make bench): targets 1.00/1.00, indicators 0.99/0.99.
_BAR: dict[str, float] = {
    **{f"{f}.{m}": 0.97 for f in _FIELDS for m in ("precision", "recall")},
    **dict.fromkeys(_DOC_FIELDS, 1.0),
}
FLOORS: dict[str, dict[str, float]] = {
    "original": dict(_BAR),
    "traditional": dict(_BAR),
    "boilerplate": dict(_BAR),
    "ruby": dict(_BAR),
    "hard_wrapped": dict(_BAR),
    "mojibake": dict(_BAR),
}
# What a variant may read differently from the document as written (items touching an
# inserted corrupt span aside). One is left: a document already wrapped by hand and then
# wrapped again at a fixed width loses a growth split across the two kinds of break.
MAX_DIFFERENCES = {"hard_wrapped": 2}  # one item: its lost and its gained reading
VARIANT_NAMES = ["original", *noise.VARIANTS]


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    if not DEVSET.is_dir():
        pytest.fail(f"development set {DEVSET} is missing")
    try:
        found = evaluation.load_devset(DEVSET)
    except ValueError as exc:
        pytest.fail(str(exc))
    if not found:
        pytest.fail(f"development set {DEVSET} holds no document with its gold <stem>.json")
    return found


@pytest.fixture(scope="module")
def reports(cases: list[Case]) -> dict[str, Report]:
    """Every variant scored once; the original readings are shared through the cache."""
    cache: evaluation.Cache = {}
    out = {"original": evaluation.score(cases, zhtext.read, None, cache)}
    for name in noise.VARIANTS:
        out[name] = evaluation.score(cases, zhtext.read, name, cache)
    return out


# -- the development set ------------------------------------------------------------------


def test_devset_is_complete(cases: list[Case]) -> None:
    assert len(cases) >= MIN_DOCUMENTS, f"only {len(cases)} documents in {DEVSET}"


def test_every_gold_has_something_to_compare(cases: list[Case]) -> None:
    problems = gold_without_expectations(cases)
    assert not problems, "\n".join(problems)


def test_gold_fits_its_documents(reports: dict[str, Report]) -> None:
    problems = reports["original"].gold_problems
    assert not problems, "\n".join(problems)


def test_documents_are_read(reports: dict[str, Report]) -> None:
    errors = [
        f"{name}: {m}"
        for name, lines in reports["original"].misses.items()
        for m in lines
        if m.startswith("error:")
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_cleaned_text_invents_no_character(reports: dict[str, Report], variant: str) -> None:
    assert not reports[variant].foreign, "\n".join(reports[variant].foreign)


@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_scores_above_floors(reports: dict[str, Report], variant: str) -> None:
    report = reports[variant]
    got: dict[str, float] = {}
    for f in _FIELDS:
        c = report.counts.get(f, Counts())
        got[f"{f}.precision"], got[f"{f}.recall"] = c.precision, c.recall
    for f in _DOC_FIELDS:
        got[f] = report.accuracy[f].value if f in report.accuracy else 1.0
    low = {k: (round(got[k], 3), floor) for k, floor in FLOORS[variant].items() if got[k] < floor}
    assert not low, f"{variant}: below floor (measured, floor): {low}\n" + (
        evaluation.format_report(report)
    )


@pytest.mark.parametrize("variant", list(noise.VARIANTS))
def test_a_variant_reads_as_the_document_as_written(
    reports: dict[str, Report], variant: str
) -> None:
    differences = reports[variant].differences
    assert len(differences) <= MAX_DIFFERENCES.get(variant, 0), "\n".join(differences)


# -- noise.py -----------------------------------------------------------------------------

SAMPLE = (
    "政府工作报告\n今年主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业10万人以上。"
    "我们要坚持高质量发展，推动银行行长重视绿色金融。全市人民团结奋斗。\n"
    "一、工作回顾\n去年全市地区生产总值6520.3亿元，增长6.1%。"
)


def test_hard_wrapped_breaks_at_width() -> None:
    text = "一二三四五六七八九十" * 5 + "\n短行\n" + "ab" * 3
    out = noise.hard_wrapped(text, width=12)
    lines = out.split("\n")
    assert all(len(line) <= 12 for line in lines)
    assert lines[:5] == ["一二三四五六七八九十一二", "三四五六七八九十一二三四", *lines[2:5]]
    assert "短行" in lines and out.replace("\n", "") == text.replace("\n", "")


def test_traditional_converts() -> None:
    assert noise.traditional("经济社会发展\n国内生产总值") == "經濟社會發展\n國內生產總值"


def test_ruby_readings_are_removed_by_clean() -> None:
    out = noise.with_ruby(SAMPLE, every=5)
    assert "(" in out and out != SAMPLE
    assert "行(háng)" in noise.with_ruby("银行", every=2)
    cleaned = zhtext.clean(out)
    assert cleaned.text == zhtext.clean(SAMPLE).text
    assert cleaned.ruby_removed == out.count("(")


def test_boilerplate_lines_are_dropped_by_clean() -> None:
    cleaned = zhtext.clean(noise.with_boilerplate(SAMPLE))
    assert cleaned.text == zhtext.clean(SAMPLE).text
    assert cleaned.boilerplate_lines == len(noise.CHROME_BEFORE) + len(noise.CHROME_AFTER)


def test_mojibake_spans_are_marked_by_the_cleaner() -> None:
    text, ranges = noise.with_mojibake(SAMPLE, spans=3, seed=7)
    assert len(ranges) == 3 and noise.with_mojibake(SAMPLE, spans=3, seed=7) == (text, ranges)
    doc = zhtext.read(text.encode("utf-8"), "sample.txt")
    spans = doc.quality.corrupt_spans
    for s, e in ranges:
        at = doc.text.find(text[s:e])
        assert at != -1
        assert any(sp.start <= at and at + (e - s) <= sp.end for sp in spans), text[s:e]
    stripped = text
    for s, e in reversed(ranges):
        stripped = stripped[:s] + stripped[e:]
    assert stripped == SAMPLE


# -- evaluation.py ------------------------------------------------------------------------


def _t(name: str, low: float | None, qualifier: str = "about") -> dict[str, object]:
    return {"name": name, "period": "2027", "low": low, "high": low, "qualifier": qualifier}


def test_matcher_counts_true_and_false_positives() -> None:
    gold = [_t("地区生产总值", 5.5), _t("城镇新增就业", 10, "at_least"), _t("粮食产量", 760)]
    pred = [
        _t("全省地区生产总值", 5.5),  # scope word stripped: a match
        _t("城镇新增就业", 10.0 + 1e-12, "at_least"),  # within tolerance
        _t("粮食产量", 750),  # wrong figure: one fp, one fn
    ]
    pairs, missed, extra = evaluation.match(gold, pred, evaluation.same_target)
    assert (len(pairs), len(extra), len(missed)) == (2, 1, 1)
    assert missed == [2] and extra == [2]
    c = Counts(tp=2, fp=1, fn=1)
    assert c.precision == pytest.approx(2 / 3) and c.recall == pytest.approx(2 / 3)


def test_scope_is_located_across_line_breaks() -> None:
    text = "前言。\n今年经济社会发展的主\n要预期目标是：地区生产总值\n增长5%左右。\n下一段。"
    found, sizes = scope_passages.passages(text, ["今年经济社会发展的主要预期目标是"])
    start, end = found[0] or (0, 0)
    assert text[start:].startswith("今年") and text[start:end].endswith("左右。")
    wrapped = "首页\n今年经济社会发展\n的主要预期目标是：地区生产\n总值增长5%左右。下一段。"
    again, _ = scope_passages.passages(wrapped, ["今年经济社会发展的主要预期目标是"], sizes)
    s2, e2 = again[0] or (0, 0)
    assert wrapped[s2:e2].replace("\n", "") == text[start:end].replace("\n", "")
