"""Targets: goals for a period, read with a grammar of target phrases.

增长6%左右 (about), 增长4.5%—5% (range), 8%以上 (at least), 控制在3%以内 (at most),
与经济增长同步 (in step), 能耗降低2.5%左右 (direction down). A clause names its indicator
(lexicon or a generic noun phrase) or continues the one before it (…23亿元，增速15%以上).
"""

from __future__ import annotations

import re

from zhtext.extract.context import Context
from zhtext.extract.figures import (
    NUM,
    find_indicator_names,
    generic_name,
    listed_clauses,
    mask_superseded,
    respectively,
    to_number,
)
from zhtext.extract.periods import multi_year_period, paragraph_before
from zhtext.lexicon import base_unit, unit_pattern
from zhtext.model import Target

_CLAUSE = re.compile(r"[^，；：。;\n]+")
_TARGET_CONTEXT = re.compile(
    r"目标|预期|力争|确保|计划|今年|明年|控制在|争取|要达到|均要|以上|以内|左右|同步"
)
_IN_STEP = re.compile(
    r"[与和同](?:经济增长|经济发展|地区生产总值增长|生产总值增长|GDP增长)(?:基本)?(?:保持|实现)?(?:基本)?同步"
)
_COMPARED = re.compile(
    r"(?P<way>高于|快于|超过|低于|慢于)(?P<what>经济增长|经济增速|GDP增长|GDP增速|地区生产总值增长|"
    r"地区生产总值增速|生产总值增长|全国平均(?:水平)?|全省平均(?:水平)?|全市平均(?:水平)?)"
)
# 实现正增长, 只增不减, 保持增长: at least zero; 持平: zero.
_NOT_DOWN = re.compile(r"实现正增长|保持正增长|只增不减|不低于上年|稳中有增")
_LEVEL = re.compile(r"(?:保持|基本)?持平")
_VERB = (
    r"(?P<verb>同比增长|增长|增速均要达到|增速要达到|增速达到|增速|增幅|涨幅|提高到|提高|提升到|提升|上涨|下降|降低|"
    r"减少|压减|完成|达到|实现|控制在|保持在|稳定在|新增|增加|突破|超过|不低于|不少于|不超过|不高于|均要达到|要达到)?"
)
_COUNT_UNITS = {
    "人",
    "万人",
    "人次",
    "万人次",
    "户",
    "万户",
    "家",
    "个",
    "项",
    "件",
    "名",
    "所",
    "座",
    "批",
    "宗",
}
_DOWN = re.compile(r"下降|降低|减少|压减|缩减|降到|降至|微降")
_PERIOD = re.compile(r"(?<![较比与同])((?:19|20)\d{2})年")


def _spec_re() -> re.Pattern[str]:
    unit = unit_pattern()
    return re.compile(
        rf"{_VERB}\s*(?:(?P<lo>{NUM})\s*(?P<u1>{unit})?\s*(?:—|－|-|–|~|～|至|到)\s*(?P<hi>{NUM})\s*(?P<u2>{unit})"
        rf"|(?P<num>{NUM})\s*(?P<unit>{unit}))\s*(?P<q>左右|上下|以上|及以上|以内|以下|之内)?"
    )


_SPEC: re.Pattern[str] | None = None


def _spec() -> re.Pattern[str]:
    global _SPEC
    if _SPEC is None:
        _SPEC = _spec_re()
    return _SPEC


def _names(clause: str) -> list[tuple[int, int, str]]:
    """Indicator names the clause opens with; 社零额和限上社零额增速… gives both."""
    found = find_indicator_names(clause)
    out: list[tuple[int, int, str]] = []
    pos = 0
    for start, end, canonical in found:
        gap = clause[pos:start]
        if out and not re.fullmatch(r"[和、及与]|", gap):
            break
        if not out and start > 8:
            break
        out.append((start, end, canonical))
        pos = end
    if not out:
        g = generic_name(clause)
        if g:
            out.append(g)
    return out


def _measure(name: str, verb: str, unit: str | None) -> str:
    if (
        unit in {"%", "个百分点", "百分点"}
        and re.search(r"增长|增速|增幅|涨幅|提高|提升|上涨|下降|降低|减少|压减", verb + name[-2:])
        and not re.search(r"提高到|提升到", verb)
    ):
        return "growth"
    if unit in {"%", "‰"} and re.search(r"率|比重|占比|比例|强度", name):
        return "share"
    if unit is not None and base_unit(unit) in _COUNT_UNITS:
        return "count"
    if unit == "%":
        return "growth" if not re.search(r"率|比重|占比|比例", name) else "share"
    return "level"


def _period(ctx: Context, sentence: str, pos: int) -> str | None:
    before = paragraph_before(ctx.simple, pos)
    span = multi_year_period(sentence, before, ctx.doc_year, goal=True)
    if span:
        return span
    m = _PERIOD.search(sentence)
    if m:
        return m.group(1)
    year = ctx.year_of_section(pos)
    if year:
        return str(year)
    if ctx.doc_year and (ctx.doc_type == "work_report" or "今年" in sentence):
        return str(ctx.doc_year)
    return None


def _in_target_context(ctx: Context, pos: int, sentence: str) -> bool:
    if ctx.in_target_passage(pos):
        return True  # the passage its lead sentence opens, whatever the headings say
    if ctx.is_review(pos):
        return False  # a review reports results, even when it compares them with goals
    if ctx.has_plan_sections():
        # A report that separates review from plan says where its goals are.
        return ctx.is_plan(pos)
    return bool(re.search(r"目标|预期|力争|计划|今年|明年|控制在", sentence))


def extract_targets(ctx: Context) -> tuple[Target, ...]:
    out: list[Target] = []
    for sent in ctx.sentences:
        if not _in_target_context(ctx, sent.start, sent.text):
            continue
        period = _period(ctx, sent.text, sent.start)
        current: list[tuple[int, int, str]] = []
        awaiting = False  # the clause before named a quantity and gave it no figure
        text = mask_superseded(sent.text)
        pieces = [
            (cm.start() + offset, part)
            for cm in _CLAUSE.finditer(text)
            for offset, part in listed_clauses(cm.group(0))
        ]
        for piece_start, clause in pieces:
            base = sent.start + piece_start
            resp = respectively(clause)
            if resp is not None:
                current = []
                for r in resp[0]:
                    low = None if r.qualifier == "at_most" else r.value
                    high = None if r.qualifier == "at_least" else r.value
                    direction = "down" if _DOWN.search(r.verb) else "up"
                    measure = _measure(r.name, r.verb, r.unit)
                    out.append(
                        Target(
                            r.name,
                            period,
                            measure,
                            low,
                            high,
                            r.unit,
                            r.qualifier,
                            direction,
                            base + resp[1],
                            base + len(clause),
                        )
                    )
                continue
            names = _names(clause)
            rest_from = names[-1][1] if names else 0
            if names:
                current = names
            elif not (
                re.match(r"^(?:增速|增幅|同比|增长|年均|(?:到|至)(?:19|20)\d{2}年)", clause)
                or awaiting
            ):
                # (…年均增长5.5%左右，)到2030年力争突破7万亿元: the quantity carries on;
                # so does one named alone before its figure (城镇新增就业：35万人).
                current = []
                continue
            if not current:
                continue
            rest = clause[rest_from:]
            found: list[tuple[float | None, float | None, str | None, str, str, int]] = []
            compared = _COMPARED.search(rest)
            relative_to: str | None = None
            if _IN_STEP.search(rest):
                found.append((None, None, None, "in_step", "增长", len(clause)))
            elif compared and not _spec().search(rest[: compared.start()]):
                way = "below" if compared.group("way") in {"低于", "慢于"} else "above"
                relative_to = _relative(compared.group("what"))
                found.append((None, None, None, way, "增长", len(clause)))
            elif _NOT_DOWN.search(rest):
                found.append((0.0, None, "%", "at_least", "增长", len(clause)))
            elif _LEVEL.search(rest) and not _spec().search(rest):
                found.append((0.0, 0.0, "%", "exact", "增长", len(clause)))
            else:
                for m in _spec().finditer(rest):
                    verb = m.group("verb") or ""
                    q = m.group("q") or ""
                    if m.group("hi"):
                        low, high = to_number(m.group("lo")), to_number(m.group("hi"))
                        unit = m.group("u2")
                        qualifier = "range"
                    else:
                        low = high = to_number(m.group("num"))
                        unit = m.group("unit")
                        qualifier = "exact"
                        if q in {"左右", "上下"}:
                            qualifier = "about"
                        elif q in {"以上", "及以上"} or verb in {
                            "不低于",
                            "不少于",
                            "突破",
                            "超过",
                        }:
                            qualifier, high = "at_least", None
                        elif q in {"以内", "以下", "之内"} or verb in {"不超过", "不高于"}:
                            qualifier, low = "at_most", None
                    found.append((low, high, unit, qualifier, verb, rest_from + m.end()))
                    break  # one figure per clause; the next clause may continue
            awaiting = bool(names) and not found
            for low, high, unit, qualifier, verb, end in found:
                for _s, _e, name in current:
                    direction = (
                        "down" if _DOWN.search(verb) or _DOWN.search(clause[:rest_from]) else "up"
                    )
                    if qualifier in {"above", "below"} and relative_to != "经济增长":
                        measure = _measure(name, "", "%")  # 失业率低于全省平均: a share
                    elif qualifier in {"in_step", "above", "below"} or (
                        qualifier == "at_least" and unit is None
                    ):
                        measure = "growth"
                    else:
                        measure = _measure(name, verb, unit)
                    start = base + (names[0][0] if names else 0)
                    out.append(
                        Target(
                            name,
                            period,
                            measure,
                            low,
                            high,
                            unit,
                            qualifier,
                            direction,
                            start,
                            base + end,
                            relative_to,
                        )
                    )
    return tuple(out)


def _relative(what: str) -> str:
    """What an above/below goal compares with, as one name: 经济增长 for every way of saying
    the economy's growth; 全省平均 and the like as written (without 水平)."""
    if re.search(r"经济|GDP|生产总值", what):
        return "经济增长"
    return what.removesuffix("水平")
