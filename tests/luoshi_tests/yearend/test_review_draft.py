"""The year-end loop: figures → a review paragraph in the register of real reports → next
year's draft, each figure linked to its source."""

from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.indicators.models import Indicator
from luoshi.indicators.review_writing import FigureInput, figure_sentence, region_word
from luoshi.indicators.services import RankInput, observation_record, target_set
from luoshi.reports.models import WorkReport

pytestmark = pytest.mark.django_db


def test_figure_sentence_reads_like_a_report():
    sentence = figure_sentence(
        FigureInput(
            "地区生产总值",
            "亿元",
            Decimal("45.20"),
            Decimal("8.1"),
            "up",
            1,
            "全市",
            2,
            1,
            "7.5%以上",
            True,
        )
    )
    assert sentence.text == (
        "地区生产总值完成45.2亿元，同比增长8.1%，完成年度预期目标（7.5%以上），增速全市排名第2位，较上年前进1位"
    )
    assert [p.text for p in sentence.pieces if p.observation_id] == ["45.2亿元", "8.1%", "第2位"]
    falling = figure_sentence(
        FigureInput("一般公共预算收入", "亿元", None, Decimal("-3.5"), "up", 2, "全市", 9, -2)
    )
    assert falling.text == "一般公共预算收入同比下降3.5%，增速全市排名第9位，较上年后退2位"


@pytest.mark.parametrize(
    ("name", "level", "word"),
    [
        ("吉县", "county", "全县"),
        ("泽城区", "county", "全区"),
        ("鹤鸣市", "county", "全市"),
        ("山西省", "province", "全省"),
        ("北京市", "province", "全市"),
    ],
)
def test_region_word(name, level, word):
    assert region_word(name, level) == word


@pytest.fixture
def figures(world, supervisor):
    gdp = Indicator.objects.get(code="gdp")
    revenue = Indicator.objects.get(code="general-budget-revenue")
    for year, ours, theirs in ((2023, "5.0", "6.0"), (2024, "8.1", "7.0")):
        observation_record(
            actor=None,
            region=world.county,
            indicator=gdp,
            year=year,
            value=Decimal("45.2"),
            growth=Decimal(ours),
        )
        observation_record(
            actor=None, region=world.other_county, indicator=gdp, year=year, growth=Decimal(theirs)
        )
    observation_record(
        actor=None,
        region=world.county,
        indicator=revenue,
        year=2024,
        value=Decimal("3.1"),
        growth=Decimal("9.4"),
        ranks=[RankInput("全市", 3, 2)],
    )
    target_set(
        actor=None,
        region=world.county,
        year=2024,
        indicator=gdp,
        measure="growth",
        low=Decimal("7.5"),
        high=None,
        qualifier="at_least",
    )


def test_the_draft_ranks_among_peers_and_uses_stated_ranks_as_stated(
    client_for, supervisor, world, figures
):
    page = client_for(supervisor).get(
        reverse("indicators:review_draft"), {"region": "930121", "year": 2024}
    )
    text = page.content.decode()
    assert "2024年，全县" in text
    # Computed: first of two this year, second last year → up one place.
    assert "完成年度预期目标（7.5%以上）" in text
    assert "第1位</a>，较上年前进1位" in text
    # Stated by the source: kept as stated.
    assert "第3位</a>，较上年前进2位" in text
    assert 'class="figure" href="/admin/indicators/observation/' in text


def test_writing_the_draft_into_next_years_report_opens_the_editor_with_it(
    client_for, supervisor, world, figures
):
    client = client_for(supervisor)
    response = client.post(
        reverse("indicators:review_to_next_report"), {"region": "930121", "year": 2024}
    )
    report = WorkReport.objects.get(region=world.county, year=2025)
    assert response["Location"] == reverse("reports:version_create", args=[report.pk])
    editor = client.get(response["Location"]).content.decode()
    assert "一、2024年工作回顾" in editor and "同比增长8.1%" in editor
    # Once only: reloading the editor does not paste it again.
    assert "同比增长8.1%" not in client.get(response["Location"]).content.decode()


def test_a_liaison_may_read_the_draft_but_not_write_it_into_a_report(
    client_for, liaison, world, figures
):
    client = client_for(liaison)
    assert (
        client.get(
            reverse("indicators:review_draft"), {"region": "930121", "year": 2024}
        ).status_code
        == 200
    )
    response = client.post(
        reverse("indicators:review_to_next_report"), {"region": "930121", "year": 2024}
    )
    assert response.status_code == 302
    assert not WorkReport.objects.exists()


def test_bad_parameters_are_a_404(client_for, supervisor, world):
    client = client_for(supervisor)
    assert (
        client.get(reverse("indicators:review_draft"), {"region": "abc", "year": 2024}).status_code
        == 404
    )
    assert (
        client.get(
            reverse("indicators:review_draft"), {"region": "930121", "year": "x"}
        ).status_code
        == 404
    )
