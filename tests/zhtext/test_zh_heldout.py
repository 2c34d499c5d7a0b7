"""The held-out set (tests/zhtext/heldout): 15 documents written after the reader's rules, by
someone who had not seen them, with their own gold. Measured first at targets P 1.00 / R 0.91,
indicators P 0.86 / R 0.92; the floors below keep what the general rules it exposed have
gained since (README, "Reading documents")."""

from __future__ import annotations

from pathlib import Path

from gold_checks import gold_without_expectations

import zhtext
from zhtext import evaluation

HELDOUT = Path(__file__).resolve().parent / "heldout"
FLOORS = {
    "targets.precision": 0.97,
    "targets.recall": 0.97,
    "indicators.precision": 0.97,
    "indicators.recall": 0.95,
}


def test_every_gold_has_something_to_compare() -> None:
    cases = evaluation.load_devset(HELDOUT)
    assert len(cases) >= 15
    problems = gold_without_expectations(cases)
    assert not problems, "\n".join(problems)


def test_the_reader_holds_on_documents_it_was_not_tuned_on() -> None:
    cases = evaluation.load_devset(HELDOUT)
    assert len(cases) >= 15
    report = evaluation.score(cases, zhtext.read, None, {})
    assert not report.gold_problems, report.gold_problems
    got = {}
    for field in ("targets", "indicators"):
        counts = report.counts[field]
        got[f"{field}.precision"], got[f"{field}.recall"] = counts.precision, counts.recall
    low = {k: round(got[k], 3) for k, floor in FLOORS.items() if got[k] < floor}
    assert not low, evaluation.format_report(report)
    wrong = {k: a.value for k, a in report.accuracy.items() if k in evaluation.DOC_FIELDS}
    assert all(v == 1.0 for v in wrong.values()), wrong
