"""Chart pages: one indicator over time against its target; one indicator across peers."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.indicators.services import observation_record, target_set

pytestmark = pytest.mark.django_db


def figure_of(response):
    """The figure exactly as the page hands it to Plotly.newPlot (json_script)."""
    page = response.content.decode()
    start = page.index('<script id="figure-data" type="application/json">') + len(
        '<script id="figure-data" type="application/json">'
    )
    embedded = json.loads(page[start : page.index("</script>", start)])
    assert embedded == json.loads(json.dumps(response.context["figure"]))
    # Drawn by the site's own script (no inline script under the Content-Security-Policy).
    assert "vendor/plotly.min.js" in page and "luoshi/charts.js" in page
    return embedded


def test_history_chart_draws_each_year_against_its_target_band(client_for, liaison, world, figures):
    target_set(
        actor=None,
        region=world.county,
        year=2024,
        indicator=figures.gdp,
        measure="growth",
        low=Decimal("5"),
        high=Decimal("6"),
        qualifier="range",
    )
    for month, growth in ((3, "4.1"), (6, "5.2")):
        observation_record(
            actor=None,
            region=world.county,
            indicator=figures.gdp,
            year=2024,
            period_kind="month",
            period_index=month,
            growth=Decimal(growth),
            value=Decimal(month * 10),
            unit="亿元",
        )
    response = client_for(liaison).get(reverse("indicators:chart_history", args=["930121", "gdp"]))
    assert response.status_code == 200
    figure = figure_of(response)
    lines = {trace["name"]: trace for trace in figure["data"]}
    assert list(lines) == ["2024年", "2025年"]
    assert lines["2024年"]["y"] == [4.1, 5.2]
    assert lines["2024年"]["x"] == ["2024-03-15", "2024-06-15"]
    assert lines["2025年"]["y"] == [5.0, 6.1]
    band = next(s for s in figure["layout"]["shapes"] if s["type"] == "rect")
    assert (band["x0"], band["x1"], band["y0"], band["y1"]) == (
        "2024-01-01",
        "2024-12-31",
        5.0,
        6.0,
    )
    line = next(s for s in figure["layout"]["shapes"] if s["type"] == "line")
    assert (line["x0"], line["y0"], line["y1"]) == ("2025-01-01", 5.5, 5.5)
    assert any("2025年目标 5.5%左右" in a["text"] for a in figure["layout"]["annotations"])
    page = response.content.decode()
    assert "2024年1–6月" in page and "5%—6%" in page  # the data and target tables under the chart


def test_history_chart_of_values_shows_the_elapsed_time_target(client_for, liaison, figures):
    response = client_for(liaison).get(
        reverse("indicators:chart_history", args=["930121", "urban-new-jobs"]), {"metric": "value"}
    )
    figure = figure_of(response)
    assert response.context["metric"] == "value"
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["2025年", "2025年序时目标（4200人以上）"]
    elapsed = figure["data"][1]["y"]
    assert elapsed[10] == pytest.approx(4200 * 11 / 12) and elapsed[11] == pytest.approx(4200)
    assert figure["layout"]["yaxis"]["title"]["text"] == "累计完成值（人）"


def test_history_chart_without_data_says_so(client_for, liaison, figures):
    response = client_for(liaison).get(
        reverse("indicators:chart_history", args=["930121", "grain-output"])
    )
    assert response.status_code == 200
    assert response.context["figure"] is None
    assert "甲县还没有粮食产量的完成数据" in response.content.decode()


def test_peer_chart_ranks_and_highlights_the_region(client_for, liaison, world, figures, add_peers):
    third = add_peers(1)[0]
    observation_record(
        actor=None,
        region=third,
        indicator=figures.gdp,
        year=2025,
        period_kind="month",
        period_index=11,
        growth=Decimal("3.3"),
    )
    response = client_for(liaison).get(
        reverse("indicators:chart_peers", args=["930121", "gdp"]),
        {"year": "2025", "period": "month-11"},
    )
    assert response.status_code == 200
    bar = figure_of(response)["data"][0]
    assert bar["type"] == "bar"
    assert bar["x"] == ["乙县", "甲县", "丙0县"]  # sorted, best first
    assert bar["y"] == [7.0, 6.1, 3.3]
    assert bar["text"] == ["7.0%", "6.1%", "3.3%"]
    colours = bar["marker"]["color"]
    assert colours[1] != colours[0] and colours[0] == colours[2]
    assert [f.rank for f in response.context["figures"]] == [1, 2, 3]
    assert "2025年1–11月" in response.content.decode()


def test_peer_chart_for_a_fall_ranks_the_biggest_fall_first(client_for, liaison, figures):
    response = client_for(liaison).get(
        reverse("indicators:chart_peers", args=["930121", "energy-intensity"]),
        {"period": "month-11"},
    )
    bar = figure_of(response)["data"][0]
    assert (bar["x"], bar["y"]) == (["乙县", "甲县"], [-3.0, -1.0])


def test_chart_pages_refuse_unknown_subjects(client_for, liaison, figures):
    client = client_for(liaison)
    assert (
        client.get(reverse("indicators:chart_history", args=["999999", "gdp"])).status_code == 404
    )
    assert (
        client.get(reverse("indicators:chart_history", args=["930121", "no-such"])).status_code
        == 404
    )
    assert client.get(reverse("indicators:chart_peers", args=["930000", "gdp"])).status_code == 200


def test_chart_pages_need_sign_in(client, figures):
    response = client.get(reverse("indicators:chart_history", args=["930121", "gdp"]))
    assert response.status_code == 302


def test_history_chart_shows_full_year_results_when_that_is_all_there_is(
    client_for, liaison, world, figures
):
    """Reports state full-year results (2023年增长4.8%); the chart draws them against targets."""
    for year, growth in ((2023, "4.8"), (2024, "5.6")):
        observation_record(
            actor=None,
            region=world.county,
            indicator=figures.revenue,
            year=year,
            period_kind="year",
            period_index=12,
            growth=Decimal(growth),
        )
        target_set(
            actor=None,
            region=world.county,
            year=year,
            indicator=figures.revenue,
            measure="growth",
            low=Decimal("5"),
            high=None,
            qualifier="at_least",
        )
    response = client_for(liaison).get(
        reverse("indicators:chart_history", args=["930121", "general-budget-revenue"])
    )
    figure = figure_of(response)
    annual = next(trace for trace in figure["data"] if trace["name"] == "全年")
    assert annual["x"] == ["2023-12-15", "2024-12-15"]
    assert (annual["y"], annual["text"]) == ([4.8, 5.6], ["4.8%", "5.6%"])
    lines = [s for s in figure["layout"]["shapes"] if s["type"] == "line"]
    assert {(s["x0"], s["y0"]) for s in lines} == {("2023-01-01", 5.0), ("2024-01-01", 5.0)}
    assert "2023年全年" in response.content.decode()


def test_history_chart_covers_the_five_years_up_to_the_latest(client_for, liaison, world, figures):
    for year in (2015, 2021, 2022):
        observation_record(
            actor=None,
            region=world.county,
            indicator=figures.gdp,
            year=year,
            period_kind="month",
            period_index=6,
            growth=Decimal("5"),
        )
    response = client_for(liaison).get(reverse("indicators:chart_history", args=["930121", "gdp"]))
    assert [trace["name"] for trace in figure_of(response)["data"]] == [
        "2021年",
        "2022年",
        "2025年",
    ]
