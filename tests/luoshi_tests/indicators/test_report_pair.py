"""报告对照: two counties' reports side by side — targets aligned by indicator, chapters paired
by their headings whatever their numbering and years — and one county's two years."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from luoshi.indicators.models import Indicator
from luoshi.indicators.services import target_set
from luoshi.reports.models import VersionKind
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.side_by_side import aligned, chapters
from luoshi.reports.text_layout import Block
from luoshi_tests.indicators.test_comparison import analyst, linfen  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _report(region, year, growth, *, extra_chapter=False, review_first=True):
    """A short report written for these tests: chapters as reports name them."""
    report = report_create(actor=None, region=region, year=year)
    blocks = [Block("paragraph", "各位代表：现在向大会报告工作。")]
    review = [
        Block("heading", f"{year - 1}年工作回顾", "一、", 1),
        Block("paragraph", f"{region.name}地区生产总值增长{growth}%。"),
    ]
    plan = [
        Block("heading", f"{year}年主要目标", "二、", 1),
        Block("heading", "主要预期目标", "（一）", 2),
        Block("paragraph", f"地区生产总值增长{growth}%左右。"),
    ]
    blocks += review + plan if review_first else plan + review
    if extra_chapter:
        blocks += [
            Block("heading", "加强政府自身建设", "三、", 1),
            Block("paragraph", "依法行政。"),
        ]
    version = report_version_create(
        actor=None, report=report, kind=VersionKind.ADOPTED, blocks=blocks
    )
    report_version_publish(actor=None, version=version)
    target_set(
        actor=None,
        region=region,
        year=year,
        indicator=Indicator.objects.get(code="gdp"),
        measure="growth",
        low=Decimal(growth),
        high=None,
        qualifier="about",
    )
    return report


def test_chapters_pair_by_heading_whatever_their_number_and_year(linfen):  # noqa: F811
    ji, xiangning = linfen.children.get(code="141028"), linfen.children.get(code="141029")
    left = _report(ji, 2026, "6.5")
    right = _report(xiangning, 2027, "7", extra_chapter=True)
    pairs = aligned(chapters(left.versions.get()), chapters(right.versions.get()))
    titles = [(a.title if a else None, b.title if b else None) for a, b in pairs]
    assert titles == [
        ("", ""),
        ("一、2025年工作回顾", "一、2026年工作回顾"),
        ("二、2026年主要目标", "二、2027年主要目标"),
        (None, "三、加强政府自身建设"),
    ]
    assert pairs[2][0].blocks[0].text == "（一）主要预期目标"  # a sub-heading stays inside


def test_the_page_aligns_targets_and_chapters(client, analyst, linfen):  # noqa: F811
    ji, xiangning = linfen.children.get(code="141028"), linfen.children.get(code="141029")
    _report(ji, 2026, "6.5")
    _report(xiangning, 2026, "7", review_first=False)
    client.force_login(analyst)
    response = client.get("/indicators/compare/reports/?left=吉县&right=141029")
    assert response.status_code == 200
    html = response.content.decode()
    gdp = re.search(r'<tr data-indicator="gdp">(.*?)</tr>', html, re.S)
    assert gdp and "6.5%左右" in gdp.group(1) and "7%左右" in gdp.group(1)
    assert "+0.5个百分点" in gdp.group(1)
    assert html.count('class="pair-row"') == 3  # opening, review, plan: paired though reordered
    # One county's two years: the same page.
    _report(ji, 2027, "6")
    html = client.get(
        "/indicators/compare/reports/?left=141028&left_year=2026&right=141028&right_year=2027"
    ).content.decode()
    assert "-0.5个百分点" in html


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("left=幸福县&right=吉县", "左侧：没有找到这些地区：幸福县"),
        ("left=吉县&right=141029&right_year=2030", "右侧：乡宁县2030年还没有政府工作报告"),
        ("left=吉县&left_year=20x6&right=吉县", "左侧：年度应为四位数字"),
    ],
)
def test_bad_sides_are_named(client, analyst, linfen, query, sentence):  # noqa: F811
    _report(linfen.children.get(code="141028"), 2026, "6.5")
    client.force_login(analyst)
    response = client.get(f"/indicators/compare/reports/?{query}")
    assert response.status_code == 400 and sentence in response.content.decode()
