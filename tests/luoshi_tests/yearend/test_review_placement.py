"""Where the drafted review goes in next year's text, and how a part-year figure reads. Pure."""

from decimal import Decimal

from luoshi.indicators.review_placement import chinese_number, place_review
from luoshi.indicators.review_writing import FigureInput, paragraph_text, review_paragraph
from luoshi.reports.text_layout import split_report_text

DRAFTED = "2024年，全县地区生产总值完成45.2亿元，同比增长8.1%。"

OPENING = """政府工作报告
——2025年1月14日在甲县第十八届人民代表大会第四次会议上
甲县人民政府县长 李建国
各位代表：
现在，我代表县人民政府向大会报告工作，请予审议。
"""

WITH_REVIEW = (
    OPENING
    + """一、2024年工作回顾
一年来，全县上下砥砺奋进，各项事业取得新成效。
二、2025年工作安排
（一）壮大实体经济
新培育规模以上工业企业10家。
"""
)

WITHOUT_REVIEW = (
    OPENING
    + """一、2025年工作安排
今年主要预期目标是：地区生产总值增长6%以上。
二、政府自身建设
持续转变政府职能。
"""
)


def anchors_for(blocks):
    return [f"a{i}" for i, b in enumerate(b for b in blocks if b.kind == "paragraph")]


def texts(blocks):
    return [(b.kind, b.number, b.text) for b in blocks]


def test_the_paragraph_opens_the_review_section_below_the_title_and_opening():
    blocks = split_report_text(WITH_REVIEW)
    placement = place_review(blocks, anchors_for(blocks), text=DRAFTED, year=2024)
    result = texts(placement.blocks)
    heading = result.index(("heading", "一", "2024年工作回顾"))
    assert result[heading + 1] == ("paragraph", "", DRAFTED)
    assert result[heading + 2][2].startswith("一年来")  # the writer's paragraph stays, below
    assert result[:heading] == texts(blocks)[:heading]  # the opening is untouched
    assert [b.text for b in placement.blocks if b.kind == "paragraph"][
        placement.paragraph_index
    ] == DRAFTED
    assert not placement.replaced and not placement.unchanged


def test_a_missing_review_section_is_made_after_the_opening_and_the_rest_renumbered():
    blocks = split_report_text(WITHOUT_REVIEW)
    placement = place_review(blocks, anchors_for(blocks), text=DRAFTED, year=2024)
    result = texts(placement.blocks)
    assert result[0] == ("paragraph", "", "政府工作报告")
    assert result[5:8] == [
        ("heading", "一", "2024年工作回顾"),
        ("paragraph", "", DRAFTED),
        ("heading", "二", "2025年工作安排"),
    ]
    assert ("heading", "三", "政府自身建设") in result


def test_headings_numbered_by_the_writer_otherwise_are_left_alone():
    blocks = split_report_text("政府工作报告\n三、2025年工作安排\n今年主要预期目标是增长6%。\n")
    placement = place_review(blocks, anchors_for(blocks), text=DRAFTED, year=2024)
    assert [b.number for b in placement.blocks if b.kind == "heading"] == ["一", "三"]


def test_an_empty_text_gets_a_title_line_then_the_section():
    placement = place_review([], [], text=DRAFTED, year=2024)
    assert texts(placement.blocks) == [
        ("paragraph", "", "政府工作报告"),
        ("heading", "一", "2024年工作回顾"),
        ("paragraph", "", DRAFTED),
    ]
    assert placement.paragraph_index == 1


def test_without_headings_the_section_follows_the_opening_lines():
    blocks = split_report_text(OPENING + "过去一年，全县经济运行稳中有进，民生持续改善。\n")
    placement = place_review(blocks, anchors_for(blocks), text=DRAFTED, year=2024)
    result = texts(placement.blocks)
    assert result[5] == ("heading", "一", "2024年工作回顾")
    assert result[6] == ("paragraph", "", DRAFTED)


def test_the_paragraph_drafted_before_is_replaced_where_it_stands():
    blocks = split_report_text(WITH_REVIEW)
    first = place_review(blocks, anchors_for(blocks), text=DRAFTED, year=2024)
    # The writer put a paragraph of their own above it meanwhile.
    moved = list(first.blocks)
    heading = next(i for i, b in enumerate(moved) if b.text == "2024年工作回顾")
    moved.insert(heading + 1, type(moved[0])("paragraph", "过去一年极不平凡。"))
    anchors = ["x" + a for a in anchors_for(moved)]
    drafted_anchor = anchors[first.paragraph_index + 1]
    newer = DRAFTED.replace("8.1%", "8.3%")
    second = place_review(moved, anchors, text=newer, year=2024, previous_anchor=drafted_anchor)
    paragraphs = [b.text for b in second.blocks if b.kind == "paragraph"]
    assert paragraphs.count(newer) == 1 and DRAFTED not in paragraphs
    assert paragraphs.index("过去一年极不平凡。") + 1 == paragraphs.index(newer)
    assert second.replaced and not second.unchanged
    same = place_review(
        second.blocks, anchors, text=newer, year=2024, previous_anchor=drafted_anchor
    )
    assert same.unchanged and same.blocks == second.blocks


def test_a_drafted_paragraph_moved_out_of_the_review_is_taken_back_not_doubled():
    blocks = split_report_text(WITH_REVIEW + DRAFTED + "\n")
    anchors = anchors_for(blocks)
    placement = place_review(blocks, anchors, text=DRAFTED, year=2024, previous_anchor=anchors[-1])
    paragraphs = [b.text for b in placement.blocks if b.kind == "paragraph"]
    assert paragraphs.count(DRAFTED) == 1
    assert (
        paragraphs.index(DRAFTED)
        == paragraphs.index("一年来，全县上下砥砺奋进，各项事业取得新成效。") - 1
    )


def test_the_same_text_already_in_the_review_is_not_written_again():
    blocks = split_report_text(WITH_REVIEW.replace("一年来，", DRAFTED + "\n一年来，"))
    placement = place_review(blocks, anchors_for(blocks), text=DRAFTED, year=2024)
    assert placement.unchanged and placement.blocks == blocks


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
    ]


def figure(name, growth, period="", observation_id=1, **extra):
    return FigureInput(
        name, "亿元", None, Decimal(growth), "up", observation_id, period_label=period, **extra
    )


def test_part_year_figures_follow_the_full_year_ones_and_name_their_period():
    sentences = review_paragraph(
        2024,
        "全县",
        [
            figure("规模以上工业增加值", "8.2", "1–11月", 2, target_text="8%以上", target_met=True),
            figure("地区生产总值", "8.1"),
        ],
    )
    assert paragraph_text(sentences) == (
        "2024年，全县地区生产总值同比增长8.1%；1–11月，规模以上工业增加值同比增长8.2%，"
        "达到序时进度（年度预期目标8%以上）。"
    )


def test_without_any_full_year_figure_the_period_opens_the_paragraph():
    sentences = review_paragraph(
        2024, "全县", [figure("地区生产总值", "7.9", "1–11月"), figure("税收收入", "3.2", "1–11月")]
    )
    assert (
        paragraph_text(sentences)
        == "2024年1–11月，全县地区生产总值同比增长7.9%；税收收入同比增长3.2%。"
    )
