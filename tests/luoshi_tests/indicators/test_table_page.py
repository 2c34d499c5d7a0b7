"""The published indicator table page: columns, defaults, parameters, and a fixed query count."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.indicators.models import Indicator
from luoshi.indicators.periods import Period
from luoshi.indicators.selectors import latest_period, periods_with_data
from luoshi.indicators.services import observation_record, target_set

pytestmark = pytest.mark.django_db

TABLE = reverse("indicators:table")


def rows_by_name(response):
    return {item["row"].indicator.name: item for item in response.context["rows"]}


def test_defaults_are_own_region_latest_year_and_latest_period(client_for, supervisor, figures):
    response = client_for(supervisor).get(TABLE)
    assert response.status_code == 200
    choice = response.context["choice"]
    assert (choice.region.code, choice.year, choice.period) == ("930121", 2025, Period("month", 11))
    page = response.content.decode()
    assert "甲县2025年1–11月主要经济指标完成情况" in page
    assert "1–11月完成" in page


def test_table_columns(client_for, liaison, figures):
    response = client_for(liaison).get(
        TABLE, {"region": "930121", "year": "2025", "period": "month-11"}
    )
    rows = rows_by_name(response)
    assert list(rows) == [
        "地区生产总值",
        "一般公共预算收入",
        "城镇新增就业",
        "单位地区生产总值能耗",
    ]

    gdp = rows["地区生产总值"]
    assert (gdp["target"], gdp["value"], gdp["growth"]) == ("5.5%左右", "123.45", "6.1")
    assert gdp["completion"] == "–"  # a growth target has no completion share
    assert gdp["row"].assessment.colour == "green"
    assert (gdp["peer_rank"], gdp["row"].tier) == ("2/2", "第一方阵")  # 乙县 grew 7.0
    assert gdp["stated"] == "全市第2、前进1位"

    jobs = rows["城镇新增就业"]
    assert (jobs["target"], jobs["value"], jobs["completion"]) == ("4200人以上", "3000", "71.4%")
    assert jobs["row"].assessment.colour == "yellow"  # 20.3 points behind 91.7
    assert jobs["row"].assessment.status_label == "滞后"

    energy = rows["单位地区生产总值能耗"]
    assert energy["target"] == "下降2.5%"
    assert energy["row"].assessment.colour == "yellow"  # fell 1.0, not 2.5
    assert not energy["wrong_way"]  # a fall is the right way for energy intensity
    assert energy["peer_rank"] == "2/2"  # 乙县 fell more

    revenue = rows["一般公共预算收入"]
    assert (revenue["target"], revenue["completion"]) == ("–", "–")

    page = response.content.decode()
    for text in (
        "5.5%左右",
        "123.45",
        "6.1%",
        "71.4%",
        "91.7%",
        "2/2",
        "第一方阵",
        "全市第2、前进1位",
        "下降2.5%",
        "light-yellow",
        "light-green",
        "未设目标",
    ):
        assert text in page, text
    chart = reverse("indicators:chart_history", args=["930121", "gdp"])
    assert f'href="{chart}"' in page


def test_other_periods_and_regions(client_for, liaison, figures):
    client = client_for(liaison)
    october = rows_by_name(client.get(TABLE, {"region": "930121", "period": "month-10"}))
    assert october["地区生产总值"]["growth"] == "5.0"  # rates keep one decimal
    assert "城镇新增就业" in october and october["城镇新增就业"]["value"] == ""
    other = client.get(TABLE, {"region": "930122"})
    assert "乙县2025年1–11月主要经济指标完成情况" in other.content.decode()
    assert rows_by_name(other)["地区生产总值"]["growth"] == "7.0"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "999999"}, "没有代码为“999999”的行政区划"),
        ({"region": "甲县"}, "没有代码为“甲县”的行政区划"),
        ({"region": "930121", "year": "25"}, "年度应为四位数字"),
        ({"region": "930121", "period": "month-13"}, "期间应为"),
    ],
)
def test_bad_parameters_say_what_is_wrong(client_for, liaison, figures, params, message):
    response = client_for(liaison).get(TABLE, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_user_without_a_region_is_asked_for_a_code(client_for, superuser, figures):
    response = client_for(superuser).get(TABLE)
    assert response.status_code == 200
    assert response.context["choice"].region is None
    assert "请在上方填写行政区划代码" in response.content.decode()


def test_anonymous_visitor_goes_to_sign_in(client, figures):
    response = client.get(TABLE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_latest_period_is_the_latest_month(world, figures):
    assert latest_period(region=world.county, year=2025) == ("month", 11)
    assert periods_with_data(world.county, 2025) == [Period("month", 11), Period("month", 10)]
    observation_record(
        actor=None,
        region=world.county,
        indicator=figures.gdp,
        year=2025,
        period_kind="year",
        period_index=12,
        growth=Decimal("6"),
    )
    assert latest_period(region=world.county, year=2025) == ("year", 12)


def test_headline_target_is_in_the_indicators_own_measure(client_for, liaison, world, figures):
    target_set(
        actor=None,
        region=world.county,
        year=2025,
        indicator=figures.gdp,
        measure="level",
        low=Decimal("200"),
        high=None,
        qualifier="at_least",
        unit="亿元",
    )
    rows = rows_by_name(client_for(liaison).get(TABLE, {"region": "930121"}))
    assert rows["地区生产总值"]["target"] == "5.5%左右"


def _grow(world, add_peers, indicators, peers):
    """Targets and figures of `indicators` for 甲县 and `peers` more counties."""
    regions = [world.county, world.other_county, *add_peers(peers)]
    for number, indicator in enumerate(indicators):
        target_set(
            actor=None,
            region=world.county,
            year=2025,
            indicator=indicator,
            measure="growth",
            low=Decimal("5"),
            high=None,
            qualifier="about",
        )
        for position, region in enumerate(regions):
            observation = observation_record(
                actor=None,
                region=region,
                indicator=indicator,
                year=2025,
                period_kind="month",
                period_index=11,
                value=Decimal(100 + position),
                growth=Decimal(position + number),
                unit="亿元",
                ranks=[],
            )
            observation.stated_ranks.create(scope="全市", rank=position + 1, change=1)


def test_query_count_does_not_grow_with_indicators_or_peers(
    client_for, liaison, world, add_peers, django_assert_max_num_queries
):
    client = client_for(liaison)
    all_indicators = list(Indicator.objects.order_by("sort_order"))
    _grow(world, add_peers, all_indicators[:2], peers=1)
    with CaptureQueriesContext(connection) as small:
        first = client.get(TABLE, {"region": "930121"})
    assert len(first.context["rows"]) == 2

    _grow(world, add_peers, all_indicators[2:14], peers=14)
    with django_assert_max_num_queries(len(small.captured_queries)):
        second = client.get(TABLE, {"region": "930121"})
    rows = second.context["rows"]
    assert len(rows) == 14
    assert rows[-1]["row"].peer_count == 16  # 甲县, 乙县 and 14 more
    assert rows[-1]["stated"] == "全市第1、前进1位"
