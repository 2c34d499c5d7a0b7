"""Measure the reader on a development set: precision and recall per field, and the same
figures on noisy variants of every document (``zhtext.noise``).

Rules (see ``tests/zhtext/devset``):

- Each gold ``target_scope`` string marks a passage of the document (``zhtext.scope_passages``
  says where a passage lies, on the original and on a variant).
- A predicted target counts only when its ``start`` lies inside a passage; indicators have no
  scope. Names are compared without blanks and without a leading scope word (全省, 我市…).
- Variants other than ``traditional`` apply only to ``.txt`` documents; ``traditional`` is
  also applied to the raw markup of UTF-8 ``.html`` documents. Other documents are skipped
  for that variant and listed as skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhtext.contract import to_contract
from zhtext.model import Document
from zhtext.noise import (
    VARIANTS,
    Range,
    extraction_differences,
    foreign_chars,
    input_text,
    locate_islands,
    skeleton,
    variant_source,
)
from zhtext.reader import read as read_document
from zhtext.scope_passages import inside, passages

Reader = Callable[[bytes, str], Document]
Item = Mapping[str, Any]

DOC_FIELDS = ("doc_type", "title", "date", "region", "speaker")
TARGET_ATTRS = ("key", "measure", "unit", "direction", "relative_to")
TOLERANCE = 1e-9
_SCOPE_WORD = re.compile(r"^(?:全国|全省|全市|全县|全区|全州|全盟|我国|我省|我市|我县|我区)")


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    gold: dict[str, Any]


def load_devset(folder: Path, strict: bool = True) -> list[Case]:
    """Every document of ``folder`` with its gold ``<stem>.json``.

    ``strict`` raises ``ValueError`` naming documents without gold and gold without document;
    otherwise those are left out.
    """
    golds = {p.stem: p for p in folder.glob("*.json")}
    docs = {p.stem: p for p in folder.iterdir() if p.is_file() and p.suffix != ".json"}
    problems = [f"{p.name}: no gold {p.stem}.json" for s, p in docs.items() if s not in golds]
    problems += [f"{p.name}: no document" for s, p in golds.items() if s not in docs]
    if strict and problems:
        raise ValueError("development set incomplete: " + "; ".join(sorted(problems)))
    return [
        Case(docs[s].name, docs[s].read_bytes(), json.loads(golds[s].read_text("utf-8")))
        for s in sorted(golds)
        if s in docs
    ]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    variant: str
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)
    #: document name → lines saying which gold items were missed and which predictions extra
    misses: dict[str, list[str]] = field(default_factory=dict)
    #: extraction differences between this variant and the original reading
    differences: list[str] = field(default_factory=list)
    #: cleaned text holding characters the input does not have
    foreign: list[str] = field(default_factory=list)
    #: gold files that do not fit their document (original reading only)
    gold_problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reading:
    """One document as read under one variant (``doc`` is None when the variant is skipped)."""

    doc: Document | None
    contract: dict[str, Any]
    source: str = ""
    islands: tuple[Range, ...] = ()  # inserted mojibake, located in doc.text
    regions: tuple[Range, ...] = ()  # the islands widened to the corrupt spans around them


# -- names, numbers, matching ------------------------------------------------------------


def norm_name(name: str | None) -> str:
    """The name without blanks or a leading scope word (全省地区生产总值 → 地区生产总值)."""
    return _SCOPE_WORD.sub("", re.sub(r"\s+", "", name or ""))


def same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= TOLERANCE


def _same_by(nums: tuple[str, ...], exact: tuple[str, ...]) -> Callable[[Item, Item], bool]:
    def same(g: Item, p: Item) -> bool:
        return (
            norm_name(g.get("name")) == norm_name(p.get("name"))
            and all(g.get(k) == p.get(k) for k in exact)
            and all(same_number(g.get(k), p.get(k)) for k in nums)
        )

    return same


#: same name, period, low, high and qualifier
same_target = _same_by(("low", "high"), ("period", "qualifier"))
#: same name, period, value and growth
same_indicator = _same_by(("value", "growth"), ("period",))


def match(
    gold: Sequence[Item], pred: Sequence[Item], same: Callable[[Item, Item], bool]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Greedy one-to-one matching: (gold/pred index pairs, missed gold, extra predictions)."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        pi = next((i for i, p in enumerate(pred) if i not in used and same(g, p)), None)
        if pi is not None:
            used.add(pi)
            pairs.append((gi, pi))
    matched = {gi for gi, _ in pairs}
    missed = [gi for gi in range(len(gold)) if gi not in matched]
    return pairs, missed, [pi for pi in range(len(pred)) if pi not in used]


def describe(item: Item) -> str:
    nums = [f"{k}={item[k]}" for k in ("low", "high", "value", "growth") if item.get(k) is not None]
    return " ".join([item.get("name") or "?", item.get("period") or "-", *nums]) + (
        f" {item['qualifier']}" if item.get("qualifier") else ""
    )


# -- gold against its passages ------------------------------------------------------------


def _findable(target: Item, passage_texts: Sequence[str]) -> bool:
    name = norm_name(target.get("name"))
    nums = [target[k] for k in ("low", "high") if target.get(k) is not None]
    shown = [str(int(x)) if float(x).is_integer() else str(x) for x in nums]
    return any(name in t or (name[-2:] in t and all(s in t for s in shown)) for t in passage_texts)


def check_gold(case: Case, doc: Document) -> list[str]:
    """Gold that does not fit its document: scopes not found, targets outside every passage."""
    scopes = case.gold.get("target_scope") or []
    found, _ = passages(doc.simplified, scopes)
    problems = [
        f"{case.name}: scope not found: {s!r}" for s, r in zip(scopes, found, strict=True) if not r
    ]
    texts = [skeleton(doc.simplified[r[0] : r[1]])[0] for r in found if r]
    for t in case.gold.get("targets") or []:
        if not _findable(t, texts):
            problems.append(f"{case.name}: target not in any scope passage: {describe(t)}")
    return problems


# -- reading documents under variants -----------------------------------------------------

Cache = dict[tuple[str, str], Reading]


def read_case(case: Case, variant: str | None, read: Reader, cache: Cache) -> Reading:
    """The reading of ``case`` under ``variant`` (None: the original), cached."""
    key = (case.name, variant or "original")
    if key not in cache:
        data, islands = case.data, []
        if variant is not None:
            base = variant_source(case.name, case.data, variant)
            if base is None:
                cache[key] = Reading(None, {})
                return cache[key]
            text, ranges = VARIANTS[variant](base)
            data, islands = text.encode("utf-8"), [text[s:e] for s, e in ranges]
        doc = read(data, case.name)
        spots, regions = locate_islands(doc.text, doc.quality.corrupt_spans, islands)
        source = input_text(data, case.name)
        cache[key] = Reading(doc, to_contract(doc), source, tuple(spots), tuple(regions))
    return cache[key]


# -- scoring ------------------------------------------------------------------------------


def _doc_fields(source: Item) -> dict[str, Any]:
    region = source.get("region") or None
    out = {name: source.get(name) for name in DOC_FIELDS}
    out["region"] = region and {"name": region.get("name"), "level": region.get("level")}
    return out


def _score_doc(report: Report, case: Case, reading: Reading, original: Reading) -> None:
    doc = reading.doc
    assert doc is not None and original.doc is not None
    gold, pred = case.gold, reading.contract
    misses: list[str] = []
    scopes = gold.get("target_scope") or []
    _, sizes = passages(original.doc.simplified, scopes)
    skip = reading.regions if reading is not original else ()
    found, _ = passages(doc.simplified, scopes, None if reading is original else sizes, skip)
    kinds: tuple[tuple[str, Callable[[Item, Item], bool], tuple[str, ...]], ...] = (
        ("targets", same_target, TARGET_ATTRS),
        ("indicators", same_indicator, ("key",)),
    )
    for kind, same, attrs in kinds:
        golds: list[Item] = gold.get(kind) or []
        preds: list[Item] = pred.get(kind, [])
        if kind == "targets":
            preds = [p for p in preds if inside(p["start"], found)]
        pairs, missed, extra = match(golds, preds, same)
        c = report.counts.setdefault(kind, Counts())
        c.tp, c.fp, c.fn = c.tp + len(pairs), c.fp + len(extra), c.fn + len(missed)
        misses += [f"{kind} missed: {describe(golds[i])}" for i in missed]
        misses += [f"{kind} extra: {describe(preds[i])}" for i in extra]
        for attr in attrs:
            acc = report.accuracy.setdefault(f"{kind}.{attr}", Accuracy())
            for gi, pi in pairs:
                if attr in golds[gi]:
                    acc.add(golds[gi][attr] == preds[pi].get(attr))
    wanted, read = _doc_fields(gold), _doc_fields({**pred, "speaker": doc.speaker})
    for name in DOC_FIELDS:
        want, got = wanted[name], read[name]
        report.accuracy.setdefault(name, Accuracy()).add(want == got)
        if want != got:
            misses.append(f"{name}: want {want!r}, got {got!r}")
    if misses:
        report.misses[case.name] = misses
    bad = foreign_chars(reading.source, doc.text)
    if bad:
        report.foreign.append(f"{case.name}: {bad!r}")


def score(
    cases: Sequence[Case],
    read: Reader = read_document,
    variant: str | None = None,
    cache: Cache | None = None,
) -> Report:
    """Score ``read`` on the cases, as given or under ``variant`` (a name in ``VARIANTS``).

    Pass the same ``cache`` to several calls to read each original document once.
    """
    cache = {} if cache is None else cache
    report = Report(variant or "original")
    for case in cases:
        original = read_case(case, None, read, cache)
        reading = original if variant is None else read_case(case, variant, read, cache)
        if reading.doc is None or original.doc is None:
            report.skipped.append(case.name)
            continue
        report.documents += 1
        if reading.doc.error:
            report.misses.setdefault(case.name, []).append(f"error: {reading.doc.error}")
        if variant is None:
            report.gold_problems += check_gold(case, reading.doc)
        else:
            diffs = extraction_differences(
                original.contract, reading.contract, reading.islands, reading.regions
            )
            report.differences += [f"{case.name}: {d}" for d in diffs]
        _score_doc(report, case, reading, original)
    return report


def format_report(reports: Report | Sequence[Report], details: bool = True) -> str:
    """A table (rows: fields; columns: P R F1, or accuracy, per report), then the details."""
    reports = [reports] if isinstance(reports, Report) else list(reports)
    rows = ["targets", "indicators"]
    accs = [f"targets.{a}" for a in TARGET_ATTRS] + ["indicators.key", *DOC_FIELDS]
    head = f"{'':20}" + "".join(f"{r.variant:>20}" for r in reports)
    lines = [head, f"{'':20}" + f"{'P     R    F1':>20}" * len(reports)]
    for row in rows:
        cells = [r.counts.get(row, Counts()) for r in reports]
        lines.append(
            f"{row:20}" + "".join(f"{c.precision:10.2f}{c.recall:5.2f}{c.f1:5.2f}" for c in cells)
        )
    for row in accs:
        cells2 = [r.accuracy.get(row, Accuracy()) for r in reports]
        lines.append(
            f"{row:20}" + "".join(f"{f'{a.value:.2f} ({a.right}/{a.total})':>20}" for a in cells2)
        )
    for label, values in (
        ("documents", [r.documents for r in reports]),
        ("skipped", [len(r.skipped) for r in reports]),
        ("differences", [len(r.differences) for r in reports]),
        ("foreign chars", [len(r.foreign) for r in reports]),
    ):
        lines.append(f"{label:20}" + "".join(f"{v:>20}" for v in values))
    if details:
        for r in reports:
            extra = r.gold_problems + r.foreign + r.differences
            if r.variant == "original":
                extra += [f"{d}: {m}" for d, ms in r.misses.items() for m in ms]
            if extra:
                lines.append(f"-- {r.variant}")
                lines += [f"  {x}" for x in extra]
    return "\n".join(lines)
