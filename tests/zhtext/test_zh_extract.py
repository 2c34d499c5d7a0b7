"""Stage 6 on own documents: targets, indicators, dates, region, people, commitments."""

from __future__ import annotations

from pathlib import Path

import pytest

import zhtext
from zhtext.extract.dates import document_date, infer_year
from zhtext.extract.region import resolve_region


def read(documents_dir: Path, name: str) -> zhtext.Document:
    doc = zhtext.read((documents_dir / name).read_bytes(), name)
    assert doc.error is None
    return doc


def target(doc: zhtext.Document, name: str) -> zhtext.Target:
    found = [t for t in doc.targets if (t.key or t.name) == name]
    assert found, (name, [t.key or t.name for t in doc.targets])
    return found[0]


def test_provincial_main_targets(documents_dir: Path) -> None:
    doc = read(documents_dir, "main_targets.txt")
    cases = {
        "地区生产总值": ("growth", 5.5, 5.5, "%", "about", "up"),
        "一般公共预算收入": ("growth", 4.5, 5.0, "%", "range", "up"),
        "规上工业增加值": ("growth", 7.0, None, "%", "at_least", "up"),
        "城镇新增就业": ("count", 45.0, None, "万人", "at_least", "up"),
        "城镇调查失业率": ("share", None, 5.5, "%", "at_most", "up"),
        "居民消费价格涨幅": ("growth", 3.0, 3.0, "%", "about", "up"),
        "居民人均可支配收入": ("growth", None, None, None, "in_step", "up"),
        "粮食产量": ("level", 700.0, None, "亿斤", "at_least", "up"),
        "单位地区生产总值能耗": ("growth", 2.5, 2.5, "%", "about", "down"),
    }
    for name, (measure, low, high, unit, qualifier, direction) in cases.items():
        t = target(doc, name)
        assert (t.measure, t.low, t.high, t.unit, t.qualifier, t.direction) == (
            measure,
            low,
            high,
            unit,
            qualifier,
            direction,
        ), name
        assert doc.text[t.start : t.end]
    assert doc.indicators == ()  # goals are not reported actuals


def test_decrease_targets(documents_dir: Path) -> None:
    doc = read(documents_dir, "energy_decrease.txt")
    energy = target(doc, "单位地区生产总值能耗")
    assert (energy.low, energy.high, energy.qualifier, energy.direction) == (
        3.0,
        3.0,
        "about",
        "down",
    )
    carbon = target(doc, "单位地区生产总值二氧化碳排放")
    assert (carbon.low, carbon.high, carbon.qualifier, carbon.direction) == (
        3.5,
        None,
        "at_least",
        "down",
    )


def test_city_report(documents_dir: Path) -> None:
    doc = read(documents_dir, "city_report.txt")
    assert doc.date == "2025-01-10"
    assert doc.speaker == "张明远"
    gdp = next(i for i in doc.indicators if i.key == "地区生产总值")
    assert (gdp.period, gdp.value, gdp.unit, gdp.growth) == ("2024", 356.2, "亿元", 6.2)
    assert [(r.scope, r.rank, r.change) for r in gdp.ranks] == [("全省", 5, 3)]
    revenue = next(i for i in doc.indicators if i.key == "一般公共预算收入")
    assert revenue.growth == -2.1
    assert target(doc, "地区生产总值").period == "2025"
    assert target(doc, "农村居民人均可支配收入").qualifier == "in_step"
    texts = [c.text for c in doc.commitments]
    assert "今年计划实施重点项目120个，总投资860亿元" in texts
    assert "年底前建成5G基站800座" in texts
    assert all(c.section == "（一）扩大有效投资" for c in doc.commitments)
    assert doc.region is None  # 某某市 is no place: nothing is guessed


def test_instructions_in_news(documents_dir: Path) -> None:
    doc = read(documents_dir, "clean_simplified.txt")
    assert [(i.ordinal, i.text) for i in doc.instructions] == [
        (1, "加强统筹规划，科学确定改造内容"),
        (2, "强化资金保障，用好中央补助资金"),
        (3, "严格质量监管，确保工程安全"),
    ]
    for ins in doc.instructions:
        assert doc.simplified[ins.start : ins.end] == ins.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12月28日，市长主持召开座谈会。2026年元旦将至，向大家致以问候。", "2025-12-28"),
        ("1月5日，省长来到企业调研。今年是新中国成立76周年。", "2025-01-05"),
        ("3月2日，县委召开会议。今年是中国共产党成立105周年。", "2026-03-02"),
        ("5月11日晚，代表团举行交流会。", "--05-11"),
        ("2023年9月1日，学校开学。", "2023-09-01"),
    ],
)
def test_dates_year_from_context(text: str, expected: str) -> None:
    assert document_date(text, None)[0] == expected


def test_year_never_guessed() -> None:
    assert infer_year("会议于上午召开。", 5) is None


def test_region_resolution() -> None:
    region, _ = resolve_region("义县召开会议，锦州市有关部门参加。义县各乡镇负责人发言。")
    assert region is not None
    assert (region.name, region.level, region.parents) == ("义县", "county", ("辽宁省", "锦州市"))
    region, ambiguous = resolve_region("朝阳区召开会议，朝阳区各街道参加。")
    assert region is None
    assert "朝阳区" in ambiguous
    region, _ = resolve_region("北京市朝阳区召开会议，朝阳区各街道参加。")
    assert region is not None and region.parents == ("北京市",)


def test_people_titles_lists_and_bylines() -> None:
    text = (
        "本报讯 记者王明 李华报道 6月3日，省委副书记、省长赵卫东主持召开座谈会。"
        "省领导陈建国、刘晓梅参加。孙志强、周丽娟等代表先后发言。赵卫东指出，要狠抓落实。"
    )
    doc = zhtext.read(text.encode("utf-8"))
    people = {p.name: p.titles for p in doc.people}
    assert people["赵卫东"] == ("省委副书记", "省长")
    assert people["陈建国"] == ("省领导",) and people["刘晓梅"] == ("省领导",)
    assert "代表" in people["孙志强"] and "代表" in people["周丽娟"]
    assert "王明" not in people and "李华" not in people


def test_without_model_people_are_empty_but_reading_works() -> None:
    doc = zhtext.read("省长赵卫东主持召开座谈会。".encode(), use_model=False)
    assert doc.error is None and doc.people == ()


def test_review_grammar_variants() -> None:
    text = (
        "一、2024年工作回顾\n"
        "过去一年，全省地区生产总值达到3,456.7亿元、增长5.2%，居全国第12位，位次前移2位。"
        "规模以上工业增加值、固定资产投资分别增长6.1%、5.3%，"
        "城镇和农村居民人均可支配收入分别增长4.5%和6.8%。外贸进出口总额1.2万亿元，下降1.5%。"
    )
    doc = zhtext.read(text.encode("utf-8"))
    got = {(i.key or i.name): (i.value, i.unit, i.growth) for i in doc.indicators}
    assert got["地区生产总值"] == (3456.7, "亿元", 5.2)
    gdp = next(i for i in doc.indicators if i.key == "地区生产总值")
    assert [(r.scope, r.rank, r.change) for r in gdp.ranks] == [("全国", 12, 2)]
    assert got["规上工业增加值"] == (None, None, 6.1)
    assert got["固定资产投资"] == (None, None, 5.3)
    assert got["城镇居民人均可支配收入"][2] == 4.5
    assert got["农村居民人均可支配收入"][2] == 6.8
    assert got["进出口总额"] == (1.2, "万亿元", -1.5)
    assert all(i.period == "2024" for i in doc.indicators)


def test_respective_targets_and_dated_commitment() -> None:
    text = (
        "二、2025年主要目标任务\n"
        "今年主要预期目标是：规上工业增加值、固定资产投资分别增长6%、8%以上；居民收入增长和经济增长同步。\n"
        "（一）扩大内需\n6月底前出台促进消费若干措施。"
    )
    doc = zhtext.read(text.encode("utf-8"))
    got = {(t.key or t.name): (t.low, t.high, t.qualifier) for t in doc.targets}
    # 以上 written once after the list holds for all of it, as 左右 does.
    assert got["规上工业增加值"] == (6.0, None, "at_least")
    assert got["固定资产投资"] == (8.0, None, "at_least")
    assert got["居民人均可支配收入"] == (None, None, "in_step")
    assert [c.text for c in doc.commitments] == ["6月底前出台促进消费若干措施"]


def test_task_sections_after_the_plan_are_plan() -> None:
    text = (
        "一、2024年工作回顾\n全年完成投资50亿元。\n"
        "二、2025年总体要求和目标任务\n今年主要预期目标是：地区生产总值增长6%左右。\n"
        "三、坚定不移扩大有效需求\n年内新建城市停车位2000个。\n"
    )
    doc = zhtext.read(text.encode("utf-8"))
    assert [c.text for c in doc.commitments] == ["年内新建城市停车位2000个"]
    assert [c.section for c in doc.commitments] == ["三、坚定不移扩大有效需求"]


def test_date_line_in_chinese_numerals() -> None:
    assert document_date("正文。", "（二〇二五年一月十日）")[0] == "2025-01-10"


def test_inspection_with_pronoun_and_deliberation_speakers() -> None:
    visit = zhtext.read(
        "4月10日，市委书记刘建军到高新区调研重点项目建设情况。"
        "他先后来到华腾新材料有限公司、东湖产业园，详细了解企业生产经营情况。".encode()
    )
    places = [e.place for e in visit.events if e.kind == "inspection"]
    assert places == ["高新区", "华腾新材料有限公司、东湖产业园"]
    assert {e.host for e in visit.events} == {"刘建军"}
    deliberation = zhtext.read(
        "3月5日下午，省长王志刚参加所在的临沂代表团审议。代表张红、李明先后发言。".encode()
    )
    event = next(e for e in deliberation.events if e.kind == "deliberation")
    assert event.host == "王志刚"
    assert event.participants == ("临沂代表团", "张红", "李明")


def test_symposium_heard_groups() -> None:
    doc = zhtext.read(
        "1月8日，县长陈晓东主持召开政府工作报告征求意见座谈会，"
        "听取企业家代表、基层干部代表的意见建议。".encode()
    )
    assert doc.doc_type == "consultation"
    event = next(e for e in doc.events if e.kind == "symposium")
    assert (event.host, event.participants) == ("陈晓东", ("企业家代表", "基层干部代表"))


def test_subject_carries_over_to_a_bare_head() -> None:
    doc = zhtext.read(
        "一、2024年工作回顾\n全县茶叶产量达到1.2万吨，增长8%，产值突破9亿元，增长12%。".encode()
    )
    got = {(i.key or i.name): (i.value, i.unit, i.growth) for i in doc.indicators}
    assert got == {"茶叶产量": (1.2, "万吨", 8.0), "茶叶产值": (9.0, "亿元", 12.0)}
