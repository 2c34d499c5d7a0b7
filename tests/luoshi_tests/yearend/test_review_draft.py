"""The year-end loop: figures → a review paragraph in the register of real reports → next
year's draft, each figure linked to its source."""

from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.indicators.review_writing import FigureInput, figure_sentence, region_word
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
    # Figures typed in by hand have no paragraph: they link to the indicator's page.
    assert 'class="figure" href="/indicators/930121/gdp/#period-2024-year"' in text
    assert "/admin/" not in text.split('id="review-draft"')[1].split("</p>")[0]


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
        reverse("indicators:review_to_next_report"), {"region": "930121", "year": 2024}, follow=True
    )
    assert "您不能写入这个区划的报告。" in response.content.decode()
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
