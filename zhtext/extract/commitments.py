"""Commitments: the concrete, checkable undertakings of a report (quantified or dated).

In the plan part of a report, a clause with a figure and unit (建设标准化厂房3.45万平米) or a
deadline (年底完成…) is an undertaking; clauses that only elaborate it (总投资130.6亿元) are
joined to it. A counted list (办好十件民生实事：一是…二是…) gives one commitment per item.
"""

from __future__ import annotations

import re

from zhtext.extract.context import Context
from zhtext.extract.figures import value_re
from zhtext.model import Commitment, Target

_CLAUSE = re.compile(r"[^，；。！\n]+")
# Deadlines: 年底前, 6月底前, 6月30日前, 三季度末, 汛期前, 2026年底, 春节前.
_DEADLINE = re.compile(
    r"年底前?|年内|上半年|下半年|年前|\d{1,2}月(?:\d{1,2}日|份|底|末|中旬|上旬|下旬)?前|\d{1,2}月底|"
    r"\d{4}年(?:底|末|\d{1,2}月)|年中|季度末|当年|(?:春节|汛期|汛|主汛期|入冬|供暖季|开学|秋季开学|雨季)前"
)
# A clause that only dates what follows (到2026年底，实现…) joins the next clause.
_DATE_ONLY = re.compile(
    r"^(?:力争|确保|计划|争取)?(?:到|在|于)?(?:\d{4}年)?[^，；。]{0,6}(?:前|底|末)$"
)
_ACTION = re.compile(
    r"出台|制定|印发|上线|开通|通车|竣工|投产|完成|建成|实施|建设|新建|开工|投入|启动|推进|实现|培育|新增|招聘|创建|打造|改造|提升|举办|发放|开展|组建|建立|争取|达到|引进|新创建|再打造|认证|出让|"
    r"改建|扩建|续建|修建|铺设|安装|配备|设立|培训|资助|补贴|救助|整治|治理|修复|种植|造林|植树|招引|签约|落地|"
    r"认定|发行|兑现|化解|清零|供应|交付|投用|贯通|接入|覆盖|减免|节约|腾退|收储|提供|吸纳|帮扶|转移"
)
_JOIN = re.compile(
    r"^(?:总投资|增速|同比|其中|共计|总面积|总长|完成投资|年度投资|计划投资|完成年度投资|年度计划投资)"
)
_COUNTED_LIST = re.compile(
    r"([一二三四五六七八九十两\d]+)(?:件|项|个|大|方面)[^：:。]{0,16}[：:]\s*$"
)
_ITEM_MARKER = re.compile(r"^(?:第)?[一二三四五六七八九十]{1,2}(?:是|要|[，、：])")
_NOT_QUANTITY_UNITS = {"%", "个百分点", "百分点", "倍", "次"}


def _quantified(clause: str) -> bool:
    return any(m.group("unit") not in _NOT_QUANTITY_UNITS for m in value_re().finditer(clause))


def extract_commitments(ctx: Context, targets: tuple[Target, ...]) -> tuple[Commitment, ...]:
    if not ctx.has_plan_sections():
        return ()
    target_spans = [(t.start, t.end) for t in targets]
    out: list[Commitment] = []
    enum_spans: list[tuple[int, int]] = []
    # Counted lists: each item is one undertaking.
    for item in ctx.structure.enumerations:
        if not ctx.is_plan(item.start):
            continue
        first = next(
            (
                e
                for e in ctx.structure.enumerations
                if e.marker == item.marker
                and e.ordinal == 1
                and e.start <= item.start
                and item.start - e.start < 2000
            ),
            None,
        )
        if first is None:
            continue
        intro = ctx.simple[max(0, first.start - 40) : first.start]
        if not _COUNTED_LIST.search(intro):
            continue
        marker = _ITEM_MARKER.match(item.text)
        body_start = item.start + (marker.end() if marker else 0)
        out.append(
            Commitment(
                ctx.section_label(item.start),
                ctx.simple[body_start : item.end],
                body_start,
                item.end,
            )
        )
        enum_spans.append((item.start, item.end))
    for sent in ctx.sentences:
        if not ctx.is_plan(sent.start):
            continue
        clauses = [
            (sent.start + m.start(), sent.start + m.end(), m.group(0))
            for m in _CLAUSE.finditer(sent.text)
        ]
        i = 0
        while i < len(clauses):
            start, end, clause = clauses[i]
            i += 1
            if any(s <= start < e for s, e in enum_spans):
                continue
            if any(s <= start < e or start <= s < end for s, e in target_spans):
                continue
            if _DATE_ONLY.match(clause.strip()) and _DEADLINE.search(clause) and i < len(clauses):
                # 到2026年底，实现5G网络乡镇全覆盖: the date and the undertaking are one clause.
                end, clause = clauses[i][1], clause + "，" + clauses[i][2]
                i += 1
            dated = bool(_DEADLINE.search(clause)) and bool(_ACTION.search(clause))
            if not (_quantified(clause) and _ACTION.search(clause)) and not dated:
                continue
            while (
                i < len(clauses)
                and _JOIN.match(clauses[i][2])
                and ctx.simple[clauses[i][0] - 1] == "，"  # after ； a new undertaking starts
            ):
                end = clauses[i][1]
                i += 1
            text = ctx.simple[start:end].strip()
            lead = len(ctx.simple[start:end]) - len(ctx.simple[start:end].lstrip())
            out.append(
                Commitment(ctx.section_label(start), text, start + lead, start + lead + len(text))
            )
    out.sort(key=lambda c: c.start)
    return tuple(out)
