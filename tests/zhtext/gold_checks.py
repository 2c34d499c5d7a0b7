"""Checks shared by the development-set and held-out tests (tests/zhtext is on sys.path)."""

from __future__ import annotations

from zhtext.evaluation import DOC_FIELDS, Case

SCORED = ("targets", "indicators")


def gold_without_expectations(cases: list[Case]) -> list[str]:
    """Gold files that leave something to chance: a document field not stated (a missing key
    compares None with None), or a work report with no target or indicator to compare."""
    problems = []
    for case in cases:
        g = case.gold
        missing = [k for k in (*DOC_FIELDS, *SCORED) if k not in g]
        if missing:
            problems.append(f"{case.name}: states no {', '.join(missing)}")
        if not (g.get("doc_type") and g.get("title") and g.get("date")):
            problems.append(f"{case.name}: no doc_type, title or date to compare")
        if g.get("doc_type") == "work_report" and not (
            g.get("target_scope") and g.get("targets") and g.get("indicators")
        ):
            problems.append(
                f"{case.name}: a work report with no target_scope, targets or indicators"
            )
    return problems
