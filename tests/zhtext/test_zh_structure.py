"""Stages 4 and 5: structure and document type, on own documents."""

from __future__ import annotations

from pathlib import Path

import zhtext
from zhtext.classify import classify
from zhtext.structure import structure

REPORT = "\n".join(
    [
        "政府工作报告",
        "——2025年1月10日在某某市第十六届人民代表大会第五次会议上",
        "某某市人民政府市长 张明远",
        "各位代表：",
        "一、2024年工作回顾",
        "过去一年成绩来之不易。",
        "二、2025年工作安排",
        "（一）扩大有效投资",
        "1.抓好重大项目。",
        "（1）推进交通建设。",
        "（二）促进消费",
        "今年要做好三件事：一是稳就业；二是保民生；三是促消费。",
    ]
)


def test_title_dateline_speaker_sections() -> None:
    st = structure(REPORT, REPORT)
    assert st.title == "政府工作报告"
    assert st.date_line and st.date_line.startswith("——2025年1月10日")
    assert st.speaker == "某某市人民政府市长 张明远"
    got = [(s.number, s.level, s.title) for s in st.sections]
    assert got == [
        ("一", 1, "2024年工作回顾"),
        ("二", 1, "2025年工作安排"),
        ("一", 2, "扩大有效投资"),
        ("1", 3, "抓好重大项目。"),
        ("1", 4, "推进交通建设。"),
        ("二", 2, "促进消费"),
    ]
    first, second = st.sections[0], st.sections[1]
    assert first.end < second.start
    assert st.sections[2].end < st.sections[5].start
    assert second.end == len(REPORT)


def _title_of(*lines: str) -> str | None:
    text = "\n".join([*lines, "5月11日，全县召开会议，部署下一阶段工作。会议要求各乡镇抓好落实。"])
    return structure(text, text).title


def test_a_slogan_kicker_gives_way_to_the_headline_under_it() -> None:
    kicker = "奋力打造全省绿色转型的“先行示范区”、乡村振兴的“样板区”"
    headline = "在新征程上奋力开创高质量发展新局面"
    assert _title_of(kicker, headline) == headline
    assert _title_of("2025年3月2日《某某日报》第4版", kicker, headline) == headline


def test_the_title_stays_above_a_sub_headline_or_a_caption() -> None:
    title = "青山县召开2026年春季植树造林暨森林防火工作推进会议"
    # A 副题 opened by a dash, a photo caption under a title that is not a slogan.
    assert _title_of(title, "——全县各乡镇负责同志参加会议") == title
    assert _title_of(title, "会议现场") == title
    slogan = "坚持生态优先、绿色发展，全力建设美丽青山县的生态屏障和绿色家园"
    assert _title_of(slogan, "——记青山县生态建设") == slogan
    # A kicker naming the event and who spoke stays the title.
    who = "王建国在参加青山县代表团审议时强调"
    assert _title_of(who, "坚定信心 真抓实干 奋力谱写青山发展新篇章") == who


def test_enumerations() -> None:
    st = structure(REPORT, REPORT)
    assert [(e.marker, e.ordinal, e.text) for e in st.enumerations] == [
        ("是", 1, "一是稳就业"),
        ("是", 2, "二是保民生"),
        ("是", 3, "三是促消费"),
    ]


def test_lone_marker_is_not_an_enumeration() -> None:
    assert structure("会议强调，一要坚定信心。", "会议强调，一要坚定信心。").enumerations == ()


def test_classify_own_documents(documents_dir: Path) -> None:
    def kind(name: str) -> str:
        return zhtext.read((documents_dir / name).read_bytes(), name).doc_type

    assert kind("city_report.txt") == "work_report"
    assert kind("clean_simplified.txt") == "meeting"
    assert classify("代表团全团会议审议政府工作报告，代表们审议发言。") == "deliberation"
    assert classify("省长主持召开座谈会，就政府工作报告征求意见，听取意见建议。") == "consultation"
    assert classify("今天天气晴朗。") == "other"
