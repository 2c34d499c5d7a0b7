"""Names as the text writes them, the catalogue key beside them, and goal shapes of the
extended contract (issue 11). Sentences written for these tests; figures invented."""

from __future__ import annotations

import zhtext

PLAN = "政府工作报告\n二、2027年工作安排\n今年经济社会发展的主要预期目标是："


def _targets(body: str) -> list[tuple[object, ...]]:
    doc = zhtext.read((PLAN + body).encode())
    return [
        (t.name, t.key, t.low, t.high, t.qualifier, t.direction, t.relative_to) for t in doc.targets
    ]


def test_a_synonym_keys_the_name_but_never_rewrites_it() -> None:
    got = _targets("地方一般公共预算收入增长5%，居民消费价格指数上涨2%左右。")
    assert got == [
        ("地方一般公共预算收入", "一般公共预算收入", 5.0, 5.0, "exact", "up", None),
        ("居民消费价格指数", "居民消费价格涨幅", 2.0, 2.0, "about", "up", None),
    ]


def test_two_quantities_never_share_a_key() -> None:
    got = {
        name: key
        for name, key, *_ in _targets(
            "城镇登记失业率控制在4%以内，城镇调查失业率5.5%左右，单位地区生产总值能耗下降3%左右。"
        )
    }
    assert got == {
        "城镇登记失业率": "城镇登记失业率",
        "城镇调查失业率": "城镇调查失业率",
        "单位地区生产总值能耗": "单位地区生产总值能耗",
    }


def test_a_longer_noun_phrase_is_its_own_quantity_without_a_key() -> None:
    (row,) = _targets("规模以上工业战略性新兴产业增加值增长12%以上。")
    assert row[:5] == ("规模以上工业战略性新兴产业增加值", None, 12.0, None, "at_least")
    (row,) = _targets("人均地区生产总值增长5%。")
    assert row[:2] == ("人均地区生产总值", None)


def test_a_scope_word_is_not_part_of_the_name() -> None:
    (row,) = _targets("全市地区生产总值增长5.5%左右。")
    assert row[:2] == ("地区生产总值", "地区生产总值")


def test_words_listed_before_a_name_share_its_rest_and_about_holds_for_the_list() -> None:
    got = _targets("城镇、农村居民人均可支配收入分别增长5%、6%左右。")
    assert [row[:5] for row in got] == [
        ("城镇居民人均可支配收入", "城镇居民人均可支配收入", 5.0, 5.0, "about"),
        ("农村居民人均可支配收入", "农村居民人均可支配收入", 6.0, 6.0, "about"),
    ]


def test_compared_zero_and_level_goals() -> None:
    got = {
        row[0]: row[2:]
        for row in _targets(
            "居民人均可支配收入增长高于经济增速；一般公共预算收入实现正增长；"
            "城镇调查失业率低于全省平均水平；粮食产量保持持平。"
        )
    }
    assert got["居民人均可支配收入"] == (None, None, "above", "up", "经济增长")
    assert got["一般公共预算收入"] == (0.0, None, "at_least", "up", None)
    assert got["城镇调查失业率"] == (None, None, "below", "up", "全省平均")
    assert got["粮食产量"] == (0.0, 0.0, "exact", "up", None)


def test_the_contract_carries_key_relative_to_and_the_segmenter() -> None:
    data = zhtext.to_contract(zhtext.read((PLAN + "居民收入增长快于经济增长。").encode()))
    (target,) = data["targets"]
    assert (target["name"], target["key"], target["relative_to"]) == (
        "居民收入",
        "居民人均可支配收入",
        "经济增长",
    )
    assert data["quality"]["segmenter"] in {"lac", "fallback"}
    without_model = zhtext.read((PLAN + "地区生产总值增长5%。").encode(), use_model=False)
    assert zhtext.to_contract(without_model)["quality"]["segmenter"] == "fallback"


def test_the_state_councils_report_is_national_and_spoken_by_the_premier() -> None:
    text = (
        "政府工作报告\n——2028年3月5日在第十五届全国人民代表大会第二次会议上\n国务院总理 林国栋\n"
        "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2027年工作回顾\n"
        "过去一年，国内生产总值达到139.2万亿元、增长5.1%。\n二、2028年工作安排\n"
        "今年发展主要预期目标是：国内生产总值增长5%左右；单位国内生产总值能耗降低2%左右。\n"
    )
    doc = zhtext.read(text.encode())
    assert doc.doc_type == "work_report"
    assert (doc.region.name, doc.region.level, doc.region.parents) == ("全国", "national", ())
    assert [(p.name, p.titles) for p in doc.people][:1] == [("林国栋", ("国务院总理",))]
    assert [(t.name, t.key, t.direction) for t in doc.targets] == [
        ("国内生产总值", "地区生产总值", "up"),
        ("单位国内生产总值能耗", "单位地区生产总值能耗", "down"),
    ]


def test_five_year_goals_and_results_carry_their_span() -> None:
    text = (
        "政府工作报告\n——2026年1月18日在某市第十六届人民代表大会第三次会议上\n各位代表：\n"
        "一、“十四五”时期和2025年工作回顾\n“十四五”时期，全市地区生产总值年均增长6.2%，"
        "一般公共预算收入累计完成1020亿元。过去一年，地区生产总值增长5.8%。\n"
        "二、“十五五”时期主要目标和2026年工作安排\n“十五五”时期经济社会发展的主要目标是："
        "地区生产总值年均增长5.5%左右，到2030年常住人口城镇化率达到65%。\n"
        "今年是“十五五”开局之年。今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n"
    )
    doc = zhtext.read(text.encode())
    assert [(t.name, t.period, t.low) for t in doc.targets] == [
        ("地区生产总值", "2026-2030", 5.5),
        ("常住人口城镇化率", "2026-2030", 65.0),
        ("地区生产总值", "2026", 6.0),
    ]
    assert [(i.name, i.period, i.value, i.growth) for i in doc.indicators] == [
        ("地区生产总值", "2021-2025", None, 6.2),
        ("一般公共预算收入", "2021-2025", 1020.0, None),
        ("地区生产总值", "2025", None, 5.8),
    ]
