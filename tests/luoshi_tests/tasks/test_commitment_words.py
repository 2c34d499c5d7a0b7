"""A commitment's words: the deadline and the responsible unit they name (pure functions)."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.tasks.commitment_words import (
    commitment_deadline,
    deadline_in_text,
    named_unit,
    sentence_around,
    suggested_unit,
    unit_names,
)


@pytest.mark.parametrize(
    ("text", "date", "words"),
    [
        ("年底前建成城东污水处理厂", dt.date(2026, 12, 31), "年底前"),
        ("6月底前完成老旧小区改造30个", dt.date(2026, 6, 30), "6月底前"),
        ("三季度末实现二期工程通水", dt.date(2026, 9, 30), "三季度末"),
        ("上半年完成全部招标", dt.date(2026, 6, 30), "上半年"),
        ("力争9月30日前投入运营", dt.date(2026, 9, 30), "9月30日前"),
        ("2027年6月底前全面建成", dt.date(2027, 6, 30), "2027年6月底前"),
        ("年内新增就业岗位800个", dt.date(2026, 12, 31), "年内"),
    ],
)
def test_deadline_phrases_inside_a_sentence(text, date, words):
    found = deadline_in_text(text, 2026)
    assert found is not None
    assert (found.date, found.text) == (date, words)


def test_no_deadline_words_means_year_end_marked_as_not_stated():
    guess = commitment_deadline("新建5G基站60座", "", 2026)
    assert (guess.date, guess.text, guess.stated) == (dt.date(2026, 12, 31), "年底前", False)


def test_a_deadline_in_the_sentence_carries_to_its_clauses():
    paragraph = "推进园区提质。10月底前完成标准化厂房建设，招引企业8家。其余工作稳步推进。"
    guess = commitment_deadline("招引企业8家", paragraph, 2026)
    assert (guess.date, guess.text, guess.stated) == (dt.date(2026, 10, 31), "10月底前", True)
    assert sentence_around(paragraph, "招引企业8家") == "10月底前完成标准化厂房建设，招引企业8家。"
    assert sentence_around(paragraph, "不在段落里") == ""


def test_a_past_year_is_not_a_deadline_for_this_years_task():
    guess = commitment_deadline("巩固2025年6月底前建成的设施", "", 2026)
    assert guess.stated is False and guess.date == dt.date(2026, 12, 31)


def test_unit_forms_a_report_uses():
    names = unit_names(7, "云泽县财政局", "", "云泽县").names
    assert {"云泽县财政局", "财政局", "县财政局", "县财政"} <= set(names)
    # A bare field word names no unit: 财政 in 财政收入 is not the bureau.
    assert "财政" not in names


def test_the_first_named_unit_leads_and_a_longer_name_wins_at_the_same_place():
    units = [
        unit_names(1, "云泽县发展和改革局", "县发改局", "云泽县"),
        unit_names(2, "云泽县财政局", "", "云泽县"),
        unit_names(3, "云泽县交通运输局", "", "云泽县"),
    ]
    assert named_unit("由县发改局牵头，县财政局配合，年底前完成", units) == 1
    assert named_unit("县财政安排资金2000万元", units) == 2
    assert named_unit("财政收入增长5%", units) is None
    assert named_unit("新建5G基站60座", units) is None
    assert suggested_unit(["新建道路", "交通运输局负责新建道路12公里"], units) == 3
