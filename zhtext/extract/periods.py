"""Multi-year periods: a goal or a result that spans years carries the span, never the
report's year (“十五五”时期主要目标 → 2026-2030; “十四五”以来年均增长 → 2021-2025).

A span is named by the five-year plan (十四五, 十五五…: the n-th plan runs from 1981 + 5(n-6)
for n ≥ 6), by an explicit range (2021—2025年) or by a goal's horizon (到2030年, read as the
five-year plan that ends then when the report lies in it). A plan named as this year's
context (“十五五”开局之年, 收官之年) is no span: the year's goals stay the year's.
"""

from __future__ import annotations

import re

from zhtext.numerals import cn_int

_PLAN = re.compile(
    r"[“\"‘]?十([一二三四五六七八九])五[”\"’]?|[“\"‘]?([六七八九])五[”\"’]?(?=时期|期间|规划)"
)
_PLAN_AS_YEAR = re.compile(
    r"[”\"’]?(?:规划)?(?:的|之)?(?:开局|收官|起步|第[一二三四五]|头一|最后一|决胜)"
)
_RANGE = re.compile(r"((?:19|20)\d{2})年?\s*(?:—|－|-|–|~|～|至|到)\s*((?:19|20)\d{2})年")
_HORIZON = re.compile(r"(?:到|至|截至|截止到)((?:20)\d{2})年(?:底|末)?")
# Words that put a sentence's figures in one year.
_ONE_YEAR = re.compile(
    r"今年|全年|明年|本年度|过去一年|去年|上年|一年来|当年|(?<![\d—－\-–~～至到])(?:19|20)\d{2}年(?!底|末)"
)
_FIVE_YEARS = re.compile(
    r"五年来|过去五年|近五年|这五年|五年间|五年里|五年(?:砥砺|奋进|奋斗|发展|攻坚)|"
    r"“十四五”以来|十四五以来"
)


def plan_span(number: int) -> tuple[int, int]:
    start = 1981 + 5 * (number - 6) if number >= 6 else 1953 + 5 * (number - 1)
    return start, start + 4


def _plan_in(text: str) -> tuple[int, int] | None:
    """The five-year plan the text frames itself by (not one named as this year's)."""
    found: tuple[int, int] | None = None
    for m in _PLAN.finditer(text):
        if _PLAN_AS_YEAR.match(text, m.end()) or _YEAR_CONTEXT.search(_sentence_at(text, m)):
            continue
        digit = m.group(1) or m.group(2)
        number = (10 if m.group(1) else 0) + (cn_int(digit) or 0)
        if number:
            found = plan_span(number)
    return found


# 今年是实施“十五五”规划承上启下的关键一年: the plan named to place this year.
_YEAR_CONTEXT = re.compile(r"今年|明年|本年|之年|关键一年|这一年")


def _sentence_at(text: str, m: re.Match[str]) -> str:
    start = max(text.rfind(stop, 0, m.start()) for stop in "。！？；") + 1
    ends = [e for e in (text.find(stop, m.end()) for stop in "。！？；") if e >= 0]
    return text[start : min(ends) if ends else len(text)]


def span_text(span: tuple[int, int]) -> str:
    return f"{span[0]}-{span[1]}"


def multi_year_period(
    sentence: str, before: str, doc_year: int | None, *, goal: bool
) -> str | None:
    """The span a sentence's figures cover, from the sentence and what comes before it in
    its paragraph (`before`), or None when they are for one year."""
    explicit = _RANGE.search(sentence)
    if explicit and int(explicit.group(1)) < int(explicit.group(2)):
        return f"{explicit.group(1)}-{explicit.group(2)}"
    if _ONE_YEAR.search(sentence) and not _HORIZON.search(sentence):
        return None
    plan = _plan_in(sentence) or _plan_in(before)
    if goal:
        horizon = _HORIZON.search(sentence) or _HORIZON.search(before)
        if horizon and doc_year and int(horizon.group(1)) > doc_year:
            end = int(horizon.group(1))
            if plan and plan[1] == end:
                return span_text(plan)
            return f"{doc_year}-{end}"
        if plan and doc_year and plan[1] >= doc_year:
            return span_text(plan)
        return None
    # A result spans the plan's years when it says so (年均, 累计) or names the plan as its
    # time (“十四五”时期，…); the year after a plan's last (2030年，…完成“十五五”目标。GDP…)
    # reports that year.
    spread = re.search(r"年均|累计", sentence) or re.search(
        r"十[一二三四五六七八九]五[”\"’]?(?:时期|期间|以来)", sentence
    )
    if plan and doc_year and plan[1] < doc_year and spread:
        return span_text(plan)
    if doc_year and _FIVE_YEARS.search(sentence + before) and re.search(r"年均|累计", sentence):
        return f"{doc_year - 5}-{doc_year - 1}"
    return None


def paragraph_before(simple: str, pos: int) -> str:
    """The text of pos's paragraph before pos."""
    start = simple.rfind("\n", 0, pos) + 1
    return simple[start:pos]
