"""How the reading went reaches the reviewer (issue 11): garbled spans (mojibake) are marked
on the review page and kept out of the report's text and its section titles; a reading
without the segmentation model says so. The document is written for this test."""

from __future__ import annotations

import pytest
from django.test import Client

from luoshi.imports.committing import import_batch_commit
from luoshi.imports.services import (
    import_batch_create,
    import_batch_read,
    import_items_accept_pending,
)
from luoshi.reports.models import WorkReport

pytestmark = pytest.mark.django_db

ISLAND = "?æ–°å¢ž"  # UTF-8 bytes read as Latin-1, after a question mark
REPORT = (
    "政府工作报告\n——2026年1月20日在吉县第十七届人民代表大会第六次会议上\n吉县人民政府县长 牛永福\n"
    "各位代表：\n一、2025年工作回顾\n"
    f"过去一年，全县地区生产总值完成40.3亿元、增长6.1%。{ISLAND}一般公共预算收入完成2.1亿元。\n"
    f"二、2026年工作安排{ISLAND}\n今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n"
)


def read(actor, text: str):
    created = import_batch_create(actor=actor, file_name="报告.txt", content=text.encode())
    return import_batch_read(batch_id=created.batch.pk)


def test_garbled_text_is_marked_for_the_reviewer_and_kept_out_of_the_report(
    jixian, jixian_supervisor
):
    batch = read(jixian_supervisor, REPORT)
    client = Client()
    client.force_login(jixian_supervisor)
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert page.count('<mark class="corrupt"') == 2
    assert "文档中有 2 处乱码（已在正文中标出）" in page

    import_items_accept_pending(actor=jixian_supervisor, batch=batch)
    import_batch_commit(actor=jixian_supervisor, batch=batch)
    version = WorkReport.objects.get(region=jixian, year=2026).versions.get()
    texts = [p.text for p in version.paragraphs.all()] + [s.title for s in version.sections.all()]
    assert texts and not any("å" in t or "?" in t for t in texts)
    assert "2026年工作安排" in [s.title for s in version.sections.all()]


def test_a_reading_without_the_segmentation_model_says_so(jixian, jixian_supervisor, monkeypatch):
    monkeypatch.setattr("zhtext.lac.available", lambda: False)
    batch = read(jixian_supervisor, REPORT.replace(ISLAND, ""))
    assert batch.extraction["contract"]["quality"]["segmenter"] == "fallback"
    client = Client()
    client.force_login(jixian_supervisor)
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "分词模型未能加载" in page


FIVE_YEAR = (
    "政府工作报告\n——2026年1月20日在吉县第十七届人民代表大会第六次会议上\n吉县人民政府县长 牛永福\n"
    "各位代表：\n一、“十四五”时期和2025年工作回顾\n"
    "“十四五”时期，全县地区生产总值年均增长6.2%。过去一年，全县地区生产总值增长5.8%。\n"
    "二、“十五五”时期主要目标和2026年工作安排\n"
    "“十五五”时期的主要目标是：全县地区生产总值年均增长5.5%左右。\n"
    "今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，"
    "城镇居民人均可支配收入增长高于经济增长。\n"
)


def test_five_year_figures_stay_in_the_text_and_a_compared_goal_keeps_its_comparison(
    jixian, jixian_supervisor
):
    from luoshi.indicators.models import Observation, Target

    batch = read(jixian_supervisor, FIVE_YEAR)
    periods = sorted(str(i.value.get("period")) for i in batch.items.filter(kind="target"))
    assert periods == ["2026", "2026", "2026-2030"]
    client = Client()
    client.force_login(jixian_supervisor)
    assert "多年目标，不写入年度表" in client.get(f"/imports/{batch.pk}/").content.decode()

    import_items_accept_pending(actor=jixian_supervisor, batch=batch)
    result = import_batch_commit(actor=jixian_supervisor, batch=batch)
    assert sorted(result.skipped) == ["地区生产总值（2021-2025）", "地区生产总值（2026-2030）"]
    gdp = Target.objects.get(region=jixian, year=2026, indicator__code="gdp")
    assert (gdp.low, gdp.qualifier) == (6, "about")  # the year's goal, not the five-year one
    income = Target.objects.get(region=jixian, year=2026, indicator__code="urban-income")
    assert (income.qualifier, income.relative_to, income.describe()) == (
        "above",
        "经济增长",
        "高于经济增长",
    )
    assert list(Observation.objects.values_list("year", flat=True)) == [2025]
