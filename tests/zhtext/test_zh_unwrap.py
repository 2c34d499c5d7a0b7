"""Hard-wrapped text reads as the same text unwrapped (issue 11). Sentences written for
these tests; figures invented."""

from __future__ import annotations

import zhtext
from zhtext.unwrap import unwrap, wrap_width

REPORT = (
    "政府工作报告\n——2027年1月18日在某市第十六届人民代表大会第三次会议上\n各位代表：\n"
    "一、2026年工作回顾\n过去一年，全市地区生产总值完成3210.5亿元、增长6.1%，一般公共预算收入"
    "完成210.3亿元、增长5.2%，固定资产投资增长8.3%，城镇居民人均可支配收入达到48920元、增长5.0%。\n"
    "二、2027年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入"
    "增长5.5%，城镇、农村居民人均可支配收入分别增长5%、6%左右，城镇调查失业率控制在5.5%以内，"
    "单位地区生产总值能耗下降2.5%左右。\n（一）扩大有效需求\n全年实施重点项目300个以上。\n"
)


def wrapped(text: str, width: int) -> str:
    lines = []
    for line in text.split("\n"):
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
        lines.append(line)
    return "\n".join(lines)


def facts(doc: zhtext.Document) -> tuple[object, ...]:
    return (
        doc.title,
        doc.date,
        [(s.number, s.title) for s in doc.sections],
        [(t.name, t.low, t.high, t.qualifier) for t in doc.targets],
        [(i.name, i.value, i.growth) for i in doc.indicators],
        [c.text for c in doc.commitments],
    )


def test_a_report_wrapped_at_any_width_reads_as_the_unwrapped_one() -> None:
    plain = zhtext.read(REPORT.encode())
    assert len(plain.targets) == 6
    for width in (30, 34, 38, 40):
        doc = zhtext.read(wrapped(REPORT, width).encode())
        assert doc.text == plain.text, width
        assert facts(doc) == facts(plain), width


def test_a_number_split_by_a_line_break_is_one_number() -> None:
    doc = zhtext.read((REPORT.replace("3210.5亿元", "3210.\n5亿元")).encode())
    assert any(i.value == 3210.5 for i in doc.indicators)


def test_lines_of_an_unwrapped_document_are_left_alone() -> None:
    lines = ["一、总体要求", "今年的工作要抓好三件事。", "二、重点任务", "加快建设现代化产业体系。"]
    assert wrap_width(lines) is None and unwrap(lines) == lines


def test_no_figure_is_read_across_a_corrupt_span_and_titles_shed_it() -> None:
    island = "?æ–°å¢ž"  # UTF-8 read as Latin-1, after a question mark
    text = REPORT.replace("一般公共预算收入完成", f"一般公共预算收入{island}完成").replace(
        "二、2027年工作安排", f"二、2027年工作安排{island}"
    )
    doc = zhtext.read(text.encode())
    assert doc.quality.corrupt_spans
    plain = zhtext.read(REPORT.encode())
    assert "一般公共预算收入" not in [i.name for i in doc.indicators]  # broken by the island
    assert [t.name for t in doc.targets] == [t.name for t in plain.targets]
    assert [s.title for s in doc.sections] == [s.title for s in plain.sections]
