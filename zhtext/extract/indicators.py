"""Reported actuals: named quantities with value, growth and ranks.

A sentence is read clause by clause. A clause that starts with an indicator name opens a new
indicator; the clauses after it that carry no name (同比增长10.8%, 全市排名第4,
较2022年全市排名前进了2位, 总量为40.3亿元) add to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from zhtext.extract.context import Context
from zhtext.extract.figures import (
    GROWTH,
    NUM,
    RANK,
    RANK_BARE,
    RANK_CHANGE,
    RANK_TOP,
    find_indicator_names,
    generic_name,
    growth_sign,
    mask_superseded,
    rank_int,
    respectively,
    to_number,
    value_re,
)
from zhtext.extract.periods import multi_year_period, paragraph_before
from zhtext.lexicon import unit_pattern
from zhtext.model import Indicator, Rank

GROWTH_VERB = re.compile(r"增长|下降|降低|减少|提高")
_CLAUSE = re.compile(r"[^，；：;]+")
_YEAR = re.compile(r"(?<![较比与同至到])((?:19|20)\d{2})年(?!以来|相比|同期|水平|增长)")
_YEAR_BEFORE = re.compile(
    r"(?<![较比与同至到\d])((?:19|20)\d{2})年(?!以来|相比|同期|水平|以前|前|底前)"
    r"|(?:回眸|回望|回顾|盘点|数说)\s*((?:19|20)\d{2})(?!\d)"
)
_PLAN_SENTENCE = re.compile(r"^(?:今年|明年|力争|计划|预计|确保|要|将|目标)")
# Sentences stating goals hold targets, not actuals.
_GOAL_WORDS = re.compile(r"目标|预期|力争|计划|确保|今年|明年|争取")
_NO_RANK_AFTER = re.compile(r"^(?:方阵|梯队|批|次|季度|产业|届|个|方面|名片|时间)")
_TOTAL_VERB = re.compile(r"总量|总额|完成|达到|达|实现|为|突破|超过|累计")


@dataclass
class _Open:
    name: str
    period: str | None
    start: int
    end: int
    value: float | None = None
    unit: str | None = None
    growth: float | None = None
    growth_unit: str | None = None
    ranks: list[Rank] = field(default_factory=list)
    #: The value is a bound (突破4000亿元, 近50亿元) that an exact figure may replace.
    bound: bool = False

    def add_rank(self, scope: str, rank: int | None, change: int | None) -> None:
        for i, r in enumerate(self.ranks):
            if r.scope == scope and (r.change is None and change is not None and rank is None):
                self.ranks[i] = Rank(scope, r.rank, change)
                return
            if r.scope == scope and r.rank is None and rank is not None and r.change is None:
                self.ranks[i] = Rank(scope, rank, r.change)
                return
        self.ranks.append(Rank(scope, rank, change))

    def freeze(self) -> Indicator | None:
        if self.value is None and self.growth is None and not self.ranks:
            return None
        return Indicator(
            self.name,
            self.period,
            self.value,
            self.unit,
            self.growth,
            self.growth_unit,
            tuple(self.ranks),
            self.start,
            self.end,
        )


_BARE_HEAD = re.compile(
    r"(?:产值|产量|营收|销售额|销量|出口额)(?=[^\u4e00-\u9fff]|突破|超过|达到|达|为|完成|实现|增长)"
)


_HEAD_AT_END = re.compile(r"(?:产值|产量|营收|销售额|销量|出口额)$")


@lru_cache(maxsize=1)
def _from_to() -> re.Pattern[str]:
    unit = unit_pattern()
    return re.compile(
        rf"(?:由|从)\s*(?:{NUM})\s*{unit}?\s*(?:增加|提高|提升|增长|扩大|上升|跃升|下降|减少|降低|增|降)?"
        rf"(?:到|至)\s*(?P<num>{NUM})\s*(?P<unit>{unit})"
    )


def _never() -> Indicator:
    raise AssertionError("an indicator with a value always freezes")


def _period(ctx: Context, sentence: str, pos: int) -> str | None:
    before = paragraph_before(ctx.simple, pos)
    span = multi_year_period(sentence, before, ctx.doc_year, goal=False)
    if span:
        return span
    m = _YEAR.search(sentence)
    if m:
        return m.group(1)
    year = ctx.year_of_section(pos)
    if year:
        return str(year)
    if ctx.doc_type == "work_report" and ctx.doc_year:
        return str(ctx.doc_year - 1)
    if ctx.doc_type != "work_report":
        # A news item states its year once (2025年全市经济运行…, 回眸2025) and then speaks
        # of 全年: the last year named before the sentence is the period.
        found = _YEAR_BEFORE.findall(ctx.simple, 0, pos)
        if found:
            return str(found[-1][0] or found[-1][1])
    return None


def _read_clause(ind: _Open, clause: str, named_end: int) -> bool:
    """Add what the clause says to the open indicator; True if it said anything."""
    said = False
    if ind.growth is None and re.search(r"(?:与上年|同比)?(?:基本)?持平", clause):
        ind.growth, ind.growth_unit, said = 0.0, "%", True  # 税收收入与上年持平
    masked = clause
    for m in GROWTH.finditer(clause):
        if ind.growth is None:
            ind.growth = to_number(m.group("num")) * growth_sign(m.group("verb"))
            ind.growth_unit = "%" if m.group("unit") == "%" else m.group("unit")
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
        said = True
    # A change without its scope (全市排名第3、较上年前进2位) is the change of the rank named
    # last: the one before this clause, or the one this clause names before it.
    unscoped: list[int] = []
    for m in RANK_CHANGE.finditer(masked):
        change = rank_int(m.group("num"))
        if change is None:
            continue
        if re.search(r"后退|下降|下滑|倒退", m.group("verb")):
            change = -change
        scope = m.group("scope") or (ind.ranks[-1].scope if ind.ranks else "")
        if scope:
            ind.add_rank(scope, None, change)
            said = True
        else:
            unscoped.append(change)
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in RANK.finditer(masked):
        if _NO_RANK_AFTER.match(masked[m.end() :]):
            continue
        scopes = m.group("scopes") or m.group("scope2") or ""
        rank = rank_int(m.group("rank") or m.group("rank2") or "")
        for scope in scopes.split("、"):
            ind.add_rank(scope, rank, None)
            said = True
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in RANK_BARE.finditer(masked):
        rank = rank_int(m.group("rank"))
        if ind.ranks and rank is not None and not _NO_RANK_AFTER.match(masked[m.end() :]):
            ind.add_rank(ind.ranks[-1].scope, rank, None)
            said = True
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in RANK_TOP.finditer(masked):
        ind.add_rank(m.group("scope"), None, None)
        said = True
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for change in unscoped:
        if ind.ranks:
            ind.add_rank(ind.ranks[-1].scope, None, change)
            said = True
    fromto = _from_to().search(masked)
    if fromto and (ind.value is None or ind.bound):
        # 由150亿元增加到218亿元: the figure reached is the value; where it started is not.
        ind.value, ind.unit, ind.bound = to_number(fromto.group("num")), fromto.group("unit"), False
        masked = (
            masked[: fromto.start()]
            + " " * (fromto.end() - fromto.start())
            + masked[fromto.end() :]
        )
        said = True
    if ind.value is None or ind.bound:
        for m in value_re().finditer(masked):
            if m.group("unit") in {"%", "个百分点", "百分点", "倍"} and not re.search(
                r"率|比重|占比|比例|指数", ind.name
            ):
                continue
            if m.start() - named_end > 8 and not m.group("verb"):
                continue
            if named_end < 0 and not (m.group("verb") and _TOTAL_VERB.search(m.group("verb"))):
                continue
            bound = bool(m.group("approx") or m.group("more")) or (m.group("verb") or "") in {
                "突破",
                "超过",
            }
            if ind.value is not None and bound:
                break  # a second bound does not replace the first
            ind.value = to_number(m.group("num"))
            ind.unit = m.group("unit")
            ind.bound = bound
            said = True
            break
    return said


def _clauses(sentence: str, base: int) -> list[tuple[int, str]]:
    """(start, text) of each clause; a clause opening with 分别 stays with the one before it
    (城镇…48920元、农村…24310元，分别增长5.0%和7.1%)."""
    out: list[tuple[int, str]] = []
    for cm in _CLAUSE.finditer(sentence):
        if out and cm.group(0).startswith("分别"):
            start = out[-1][0]
            merged = sentence[start - base : cm.end()]
            if respectively(merged) is not None or not _THEN_RESPECTIVELY.match(
                cm.group(0).rstrip("。；;")
            ):
                out[-1] = (start, merged)
                continue
        out.append((base + cm.start(), cm.group(0)))
    return out


_THEN_RESPECTIVELY = re.compile(
    rf"^分别(?P<verb>同比增长|增长|下降|提高|增加)\s*(?P<figs>(?:{NUM})\s*(?:%|个百分点)"
    rf"(?:\s*[、和及与]\s*(?:{NUM})\s*(?:%|个百分点))+)$"
)


def _then_respectively(out: list[Indicator], listed: list[int], clause: str) -> bool:
    """…分别达到50260元、24870元，分别增长4.6%和6.5%: the second 分别 gives each indicator of
    the list before it its growth, in order. True when the clause was that."""
    m = _THEN_RESPECTIVELY.match(clause.strip().rstrip("。；;"))
    if m is None:
        return False
    figures = re.findall(rf"({NUM})\s*(%|个百分点)", m.group("figs"))
    if len(figures) != len(listed) or any(out[i].growth is not None for i in listed):
        return False
    sign = growth_sign(m.group("verb"))
    for position, (number, unit) in zip(listed, figures, strict=True):
        out[position] = replace(out[position], growth=to_number(number) * sign, growth_unit=unit)
    return True


def extract_indicators(ctx: Context) -> tuple[Indicator, ...]:
    out: list[Indicator] = []
    for sent in ctx.sentences:
        if ctx.is_plan(sent.start) or ctx.in_target_passage(sent.start):
            continue
        # Outside a review section, a sentence that speaks of goals states targets; inside
        # one, 完成年度目标任务的112% still reports what was done.
        if not ctx.is_review(sent.start) and (
            _PLAN_SENTENCE.match(sent.text) or _GOAL_WORDS.search(sent.text)
        ):
            continue
        if not re.search(r"\d", sent.text):
            continue
        current: _Open | None = None
        listed: list[int] = []  # positions in `out` of the last 分别 list's indicators
        opened = len(out)  # the indicators of this sentence are out[opened:]
        for cstart, clause in _clauses(
            mask_superseded(sent.text, thresholds_only=True), sent.start
        ):
            if listed and _then_respectively(out, listed, clause):
                continue
            if clause.startswith("分别") and _THEN_RESPECTIVELY.match(clause.rstrip("。；;")):
                # 接待游客8.9亿人次，实现旅游总收入1.05万亿元，分别增长7.5%、9.2%: the growths
                # go to the indicators just read, in order.
                if current is not None and (frozen := current.freeze()):
                    out.append(frozen)
                current = None
                count = len(re.findall(r"%|个百分点", clause))
                recent = list(range(max(opened, len(out) - count), len(out)))
                if len(recent) == count and _then_respectively(out, recent, clause):
                    continue
            listed = []
            second = clause.find("，分别", clause.find("分别") + 2)
            if second > 0 and _THEN_RESPECTIVELY.match(clause[second + 1 :].rstrip("。；;")):
                # 分别达到50260元、24870元，分别增长4.6%和6.5%: the levels, then the growths.
                clause, then = clause[:second], clause[second + 1 :]
            else:
                then = ""
            resp = respectively(clause)
            if resp is not None:
                if current is not None and (frozen := current.freeze()):
                    out.append(frozen)
                current = None
                listed = list(range(len(out), len(out) + len(resp[0])))
                for r in resp[0]:
                    is_growth = r.unit in {"%", "个百分点"} and bool(GROWTH_VERB.search(r.verb))
                    out.append(
                        Indicator(
                            r.name,
                            _period(ctx, sent.text, sent.start),
                            r.level if is_growth else r.value,
                            r.level_unit if is_growth else r.unit,
                            r.value * growth_sign(r.verb) if is_growth else None,
                            r.unit if is_growth else None,
                            (),
                            cstart + resp[1],
                            cstart + len(clause),
                        )
                    )
                if then and not _then_respectively(out, listed, then):
                    listed = []
                continue
            names = [n for n in find_indicator_names(clause) if n[0] <= 6]
            named: tuple[int, int, str] | None = names[0] if names else generic_name(clause)
            if named is not None:
                if current is not None and (frozen := current.freeze()):
                    out.append(frozen)
                current = _Open(
                    named[2],
                    _period(ctx, sent.text, sent.start),
                    cstart + named[0],
                    cstart + named[1],
                )
                if _read_clause(current, clause[named[1] :], 0):
                    current.end = cstart + len(clause)
                continue
            bare = _BARE_HEAD.match(clause)
            if bare and current is not None and current.value is not None:
                # 苹果产量超过25万吨，…，产值突破15亿元: the subject carries over to the new head.
                old = _HEAD_AT_END.search(current.name)
                subject = current.name[: len(current.name) - len(old.group(0))] if old else ""
                if subject:
                    out.append(current.freeze() or _never())
                    current = _Open(
                        subject + bare.group(0), current.period, cstart, cstart + bare.end()
                    )
                    if _read_clause(current, clause[bare.end() :], 0):
                        current.end = cstart + len(clause)
                    continue
            if current is not None and _read_clause(current, clause, -1):
                current.end = cstart + len(clause)
        if current is not None and (frozen := current.freeze()):
            out.append(frozen)
    return tuple(out)
