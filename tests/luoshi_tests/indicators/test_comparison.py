"""地区对比: one indicator across the counties of 临汾市 — ranks, targets raised or lowered,
verdicts on last year's targets, the page with its chart and map, the API, and bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from luoshi.accounts.models import Role
from luoshi.core.boundaries import region_outline
from luoshi.core.models import RegionLevel
from luoshi.indicators.comparison import Verdict, compare, sorted_rows, verdict_for
from luoshi.indicators.comparison_sets import region_set
from luoshi.indicators.models import Indicator, Target
from luoshi.indicators.periods import Period
from luoshi.indicators.rollup import subregion_rollup
from luoshi.indicators.services import catalogue_load, observation_record, target_set
from luoshi.tasks.models import Task
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
# county: (code, target 2024, target 2025, actual 2024, actual 2025) — GDP growth, %.
COUNTIES = {
    "吉县": ("141028", "6", "6.5", "6.2", "6.8"),  # raised; 2025 met
    "乡宁县": ("141029", "7", "7", "7.5", "6.7"),  # held; 2025 about (0.3 short)
    "大宁县": ("141030", "6.5", "6", "5.0", "5.0"),  # lowered; 2025 missed
    "隰县": ("141031", None, "5.5", "6.0", None),  # no 2024 target, no 2025 result
    "永和县": ("141032", "6", None, None, "7.2"),  # no 2025 target
}


@pytest.fixture
def linfen(db):
    catalogue_load()
    province = RegionFactory(code="140000", name="山西省", level=RegionLevel.PROVINCE, kind="省")
    city = RegionFactory(
        code="141000", name="临汾市", level=RegionLevel.CITY, kind="地级市", parent=province
    )
    gdp = Indicator.objects.get(code="gdp")
    for name, (code, before, now, actual_before, actual_now) in COUNTIES.items():
        county = RegionFactory(code=code, name=name, parent=city)
        for year, target in ((YEAR - 1, before), (YEAR, now)):
            if target is not None:
                row = target_set(
                    actor=None,
                    region=county,
                    year=year,
                    indicator=gdp,
                    measure="growth",
                    low=Decimal(target),
                    high=None,
                    qualifier="about",
                )
                Target.objects.filter(pk=row.pk).update(
                    source_text=f"{name}地区生产总值增长{target}%左右"
                )
        for year, actual in ((YEAR - 1, actual_before), (YEAR, actual_now)):
            if actual is not None:
                observation_record(
                    actor=None,
                    region=county,
                    indicator=gdp,
                    year=year,
                    period_kind="year",
                    period_index=12,
                    value=None,
                    growth=Decimal(actual),
                )
    return city


@pytest.fixture
def analyst(linfen):
    office = UnitFactory(name="临汾市人民政府办公室", region=linfen)
    return user_with_role("city-analyst", office, Role.SUPERVISOR)


def _comparison(city, **kwargs):
    regions = region_set(within=city).regions
    return compare(
        indicator=Indicator.objects.get(code="gdp"),
        year=YEAR,
        period=Period("year", 12),
        regions=regions,
        **kwargs,
    )


def test_ranks_target_changes_and_verdicts(linfen):
    result = _comparison(linfen)
    rows = {row.region.name: row for row in result.rows}
    assert result.metric == "growth" and result.unit == "%"
    # Ranked by 2025 growth, best first; 隰县 has no result and no rank.
    assert [rows[n].rank for n in ("永和县", "吉县", "乡宁县", "大宁县")] == [1, 2, 3, 4]
    assert rows["隰县"].rank is None
    # 2024 ranks: 乡宁 7.5, 吉县 6.2, 隰县 6.0, 大宁 5.0 → 吉县 2 → 2 (held), 乡宁 1 → 3.
    assert rows["吉县"].rank_change == 0
    assert rows["乡宁县"].rank_change == -2
    assert rows["大宁县"].rank_change == 0
    assert rows["永和县"].rank_change is None  # no result in 2024
    assert [rows[n].target_change for n in COUNTIES] == ["raised", "held", "lowered", "", ""]
    assert rows["吉县"].verdict == Verdict.MET and rows["吉县"].gap == Decimal("0.3")
    assert rows["乡宁县"].verdict == Verdict.ABOUT and rows["乡宁县"].gap == Decimal("-0.3")
    assert rows["大宁县"].verdict == Verdict.MISSED and rows["大宁县"].gap == Decimal("-1.0")
    assert rows["永和县"].verdict == "" and rows["隰县"].verdict == ""
    assert result.tallies == {
        "met": 1,
        "about": 1,
        "missed": 1,
        "raised": 1,
        "held": 1,
        "lowered": 1,
    }


def test_targets_are_compared_when_no_result_is_in(linfen):
    target_set(
        actor=None,
        region=linfen.children.get(code="141028"),
        year=YEAR + 1,
        indicator=Indicator.objects.get(code="gdp"),
        measure="growth",
        low=Decimal("6"),
        high=None,
        qualifier="about",
    )
    result = compare(
        indicator=Indicator.objects.get(code="gdp"),
        year=YEAR + 1,
        period=Period("year", 12),
        regions=region_set(within=linfen).regions,
    )
    # 2026's reports set targets; their results are not in: the targets are compared.
    assert result.metric == "target" and result.unit == "%"
    assert [r.rank for r in result.rows if r.region.code == "141028"] == [1]
    result = _comparison(linfen, metric="target")
    rows = {row.region.name: row for row in result.rows}
    assert rows["乡宁县"].rank == 1 and rows["吉县"].rank == 2 and rows["永和县"].rank is None
    # The verdict still judges the result against the target.
    assert rows["大宁县"].verdict == Verdict.MISSED


def test_verdict_rule_for_levels_and_falls():
    jobs = Target(measure="count", low=Decimal("4000"), qualifier="at_least", direction="up")
    assert verdict_for(jobs, Decimal("4100"), "value")[1] == Verdict.MET
    assert verdict_for(jobs, Decimal("3850"), "value") == (Decimal("-3.8"), Verdict.ABOUT)
    assert verdict_for(jobs, Decimal("3000"), "value")[1] == Verdict.MISSED
    energy = Target(measure="growth", low=Decimal("2.5"), qualifier="exact", direction="down")
    assert verdict_for(energy, Decimal("-3.0"), "growth") == (Decimal("0.5"), Verdict.MET)
    assert verdict_for(energy, Decimal("-1.0"), "growth")[1] == Verdict.MISSED
    unemployment = Target(
        measure="share", high=Decimal("5.5"), qualifier="at_most", direction="down"
    )
    assert verdict_for(unemployment, Decimal("5.2"), "value")[1] == Verdict.MET
    in_step = Target(measure="growth", qualifier="in_step", direction="up")
    assert verdict_for(in_step, Decimal("5"), "growth") == (None, "")


def test_sorting_keeps_regions_without_the_figure_last(linfen):
    rows = _comparison(linfen).rows
    by_growth = [r.region.name for r in sorted_rows(rows, "-figure")]
    assert by_growth == ["永和县", "吉县", "乡宁县", "大宁县", "隰县"]
    ascending = [r.region.name for r in sorted_rows(rows, "figure")]
    assert ascending == ["大宁县", "乡宁县", "吉县", "永和县", "隰县"]
    assert [r.region.name for r in sorted_rows(rows, "-target")][:2] == ["乡宁县", "吉县"]
    assert [r.region.code for r in sorted_rows(rows, "nonsense")] == sorted(
        c for c, *_ in COUNTIES.values()
    )


def test_region_sets_by_level_by_name_and_refusals(linfen):
    assert region_set(within=linfen).label == "临汾市各县（市、区）"
    assert len(region_set(within=linfen.parent, level="county").regions) == 5
    assert [r.code for r in region_set(level="province").regions] == ["140000"]
    picked = region_set(picked="吉县, 141030，隰县")
    assert [r.name for r in picked.regions] == ["吉县", "大宁县", "隰县"]
    assert picked.label == "所选 3 个地区"
    other = RegionFactory(code="150000", name="内蒙古自治区", level=RegionLevel.PROVINCE)
    RegionFactory(code="150121", name="吉县", parent=other)
    with pytest.raises(ValidationError, match=r"有重名.*141028.*150121"):
        region_set(picked="吉县")
    with pytest.raises(ValidationError, match="没有找到这些地区：幸福县"):
        region_set(picked="幸福县,141028")
    with pytest.raises(ValidationError, match="层级应为"):
        region_set(level="village")


def test_outlines_come_from_the_packaged_boundaries():
    outline = region_outline("141028", 0.001)
    assert outline is not None and len(outline.rings[0]) > 10
    lon, lat = outline.centre
    assert 110 < lon < 112 and 35.5 < lat < 36.5  # 吉县, in 山西's south-west
    assert region_outline("990000", 0.001) is None  # no such region in the package


def _charts(html: str) -> dict:
    found = re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html)
    assert found
    return json.loads(found.group(1))


def test_page_shows_table_chart_and_map(client, analyst):
    client.force_login(analyst)
    response = client.get("/indicators/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "临汾市各县（市、区） · 地区生产总值 · 2025年" in html
    order = re.findall(r'<tr data-region="(\d+)">', html)
    assert order == ["141032", "141028", "141029", "141030", "141031"]
    charts = _charts(html)
    bars = charts["compare-bar"]["data"]
    assert bars[0]["x"][:2] == ["永和县", "吉县"] and bars[0]["y"][:2] == [7.2, 6.8]
    assert bars[1]["name"] == "目标"  # each region's target as a mark
    shapes = [t for t in charts["compare-map"]["data"] if t.get("fill") == "toself"]
    assert shapes and all(t["x"] for t in shapes)
    names = {t["name"] for t in shapes}
    assert "无数据" in names  # 隰县 has no 2025 result
    hover = charts["compare-map"]["data"][-1]
    assert len(hover["x"]) == 5 and "永和县<br>7.2%" in hover["text"]
    assert "/indicators/?region=141032" in " ".join(hover["customdata"])
    assert "cdn" not in html.lower()


def test_page_sorts_and_shows_promise_kept_with_sources(client, analyst):
    client.force_login(analyst)
    html = client.get("/indicators/compare/?sort=-target").content.decode()
    assert re.findall(r'<tr data-region="(\d+)">', html)[:2] == ["141029", "141028"]
    assert 'aria-sort="descending"' in html
    html = client.get("/indicators/compare/?view=promise").content.decode()
    assert "吉县地区生产总值增长6.5%左右" in html  # the target's own sentence
    assert "基本达成" in html and "未达成" in html


def test_city_drills_down_from_the_province(client, analyst):
    client.force_login(analyst)
    by_name = client.get("/indicators/compare/?within=临汾市").content.decode()
    assert len(re.findall(r'<tr data-region="(\d+)">', by_name)) == 5
    html = client.get("/indicators/compare/?within=140000&level=city").content.decode()
    assert re.findall(r'<tr data-region="(\d+)">', html) == ["141000"]
    link = re.search(r'<tr data-region="141000">.*?href="([^"]+)"', html, re.S)
    assert link and "within=141000" in link.group(1)
    html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert len(re.findall(r'<tr data-region="(\d+)">', html)) == 5


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("indicator=happiness", "指标目录中没有“happiness”"),
        ("within=999999", "没有代码为“999999”的行政区划"),
        ("level=village", "层级应为"),
        ("regions=幸福县", "没有找到这些地区：幸福县"),
        ("year=20x5", "年度应为四位数字"),
        ("period=month-13", "期间应为"),
    ],
)
def test_bad_parameters_get_one_sentence_and_400(client, analyst, query, sentence):
    client.force_login(analyst)
    response = client.get(f"/indicators/compare/?{query}")
    assert response.status_code == 400
    assert sentence in response.content.decode()
    api = client.get(f"/api/v1/comparison?{query}")
    assert api.status_code == 422
    assert sentence in api.json()["detail"]


def test_api_gives_the_same_figures(analyst):
    client = Client(enforce_csrf_checks=True)
    assert client.get("/api/v1/comparison").status_code == 401
    client.force_login(analyst)
    body = client.get("/api/v1/comparison?indicator=地区生产总值&sort=-gap").json()
    assert body["regions_label"] == "临汾市各县（市、区）" and body["year"] == YEAR
    assert [r["region_name"] for r in body["rows"]][:3] == ["吉县", "乡宁县", "大宁县"]
    first = body["rows"][0]
    assert first["target"]["text"] == "6.5%左右" and first["target_change"] == "raised"
    assert first["verdict"] == "met" and first["growth"] == 6.8
    assert body["tallies"]["missed"] == 1


def test_anonymous_visitor_goes_to_sign_in(client, linfen):
    response = client.get("/indicators/compare/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_city_without_figures_of_its_own_sees_its_counties_rolled_up(client, analyst, linfen):
    jobs = Indicator.objects.get(code="urban-new-jobs")
    for code, value in (("141028", "1200"), ("141029", "800")):
        observation_record(
            actor=None,
            region=linfen.children.get(code=code),
            indicator=jobs,
            year=YEAR,
            period_kind="year",
            period_index=12,
            value=Decimal(value),
            growth=None,
            unit="人",
        )
    rollup = subregion_rollup(region=linfen, year=YEAR, period=Period("year", 12))
    rows = {row.indicator.code: row for row in rollup.rows}
    gdp = rows["gdp"]
    assert (gdp.with_target, gdp.target_low, gdp.target_high) == (4, Decimal("5.5"), Decimal("7"))
    assert gdp.with_figure == 4 and gdp.figure_median == Decimal("6.75")
    assert gdp.total is None  # growth rates do not add up
    assert gdp.verdicts == {"met": 1, "about": 1, "missed": 1}
    assert rows["urban-new-jobs"].total == Decimal("2000")  # counts do

    client.force_login(analyst)
    html = client.get("/indicators/?region=141000").content.decode()
    assert "还没有目标或完成数据；各县（市、区）的数据见下方汇总" in html
    assert 'id="rollup-table"' in html and "2000" in html
    drill = re.search(r'<tr data-indicator="gdp">.*?href="([^"]+)"', html, re.S)
    assert drill and "within=141000&amp;level=county" in drill.group(1)
    dashboard = client.get("/dashboard/?region=141000&year=2025").content.decode()
    assert 'id="rollup-table"' in dashboard
    assert "临汾市2025年还没有目标或完成数据" not in dashboard


def test_a_county_has_no_roll_up(client, analyst, linfen):
    client.force_login(analyst)
    html = client.get("/indicators/?region=141028").content.decode()
    assert 'id="rollup-table"' not in html and "6.5%左右" in html


def test_a_city_dashboard_lists_its_counties_tasks(client, analyst, linfen):
    unit = UnitFactory(name="临汾市发展和改革委员会", region=linfen)
    for number, (code, colour, status) in enumerate(
        [
            ("141028", "red", "lagging"),
            ("141028", "green", "done"),
            ("141029", "yellow", "lagging"),
            ("141000", "green", "on_schedule"),
        ],
        start=1,
    ):
        Task.objects.create(
            title=f"任务{number}",
            number=str(number),
            order=number,
            region=linfen if code == "141000" else linfen.children.get(code=code),
            year=YEAR,
            lead_unit=unit,
            deadline=dt.date(YEAR, 6, 30),
            status=status,
            colour=colour,
        )
    client.force_login(analyst)
    html = client.get(f"/dashboard/?region=141000&year={YEAR}").content.decode()
    rows = re.findall(r'<tr data-region="(\d+)">(.*?)</tr>', html, re.S)
    assert [code for code, _row in rows] == ["141028", "141029", "141000"]
    cells = [re.findall(r'class="num[^"]*">(\d+)<', row) for _code, row in rows]
    assert cells[0] == ["2", "1", "0", "1", "1", "1"]  # 吉县: 2 tasks, 1 red, 1 overdue, 1 done
    assert "（本级）" in rows[2][1]
    assert f"/dashboard/?region=141028&amp;year={YEAR}" in rows[0][1]


def test_the_dashboard_api_gives_the_roll_ups(analyst, linfen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    body = client.get(f"/api/v1/dashboard?region=141000&year={YEAR}").json()
    gdp = next(r for r in body["targets"]["subregions"] if r["indicator"] == "gdp")
    assert gdp["with_target"] == 4 and gdp["regions"] == 5 and gdp["verdicts"]["met"] == 1
    assert body["subregion_tasks"] == []


def test_a_count_is_compared_in_its_own_unit_and_judged_in_the_targets_terms(linfen):
    jobs = Indicator.objects.get(code="urban-new-jobs")
    ji = linfen.children.get(code="141028")
    target_set(
        actor=None,
        region=ji,
        year=YEAR,
        indicator=jobs,
        measure="count",
        low=Decimal("1000"),
        high=None,
        qualifier="at_least",
        unit="人",
    )
    observation_record(
        actor=None,
        region=ji,
        indicator=jobs,
        year=YEAR,
        period_kind="year",
        period_index=12,
        value=Decimal("960"),
        growth=Decimal("3.1"),
        unit="人",
    )
    regions = region_set(within=linfen).regions
    as_targets = compare(
        indicator=jobs, year=YEAR, period=Period("year", 12), regions=regions, metric="target"
    )
    assert as_targets.unit == "人"
    # Compared by growth, the count target is still judged against the count: 96% is 基本达成.
    by_growth = compare(
        indicator=jobs, year=YEAR, period=Period("year", 12), regions=regions, metric="growth"
    )
    row = next(r for r in by_growth.rows if r.region.code == "141028")
    assert by_growth.unit == "%" and row.figure == Decimal("3.1")
    assert (row.gap, row.verdict) == (Decimal("-4.0"), Verdict.ABOUT)


def test_the_whole_comparison_downloads_as_excel(client, analyst):
    client.force_login(analyst)
    html = client.get("/indicators/compare/?sort=-target").content.decode()
    link = re.search(r'id="compare-xlsx" href="([^"]+)"', html)
    assert link
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "临汾市各县（市、区） · 地区生产总值 · 2025年"
    assert sheet["G2"].value == "全年增速"
    rows = list(sheet.iter_rows(min_row=3, max_row=7, values_only=True))
    assert [r[2] for r in rows] == ["乡宁县", "吉县", "大宁县", "隰县", "永和县"]  # by target
    assert rows[1][6] == 6.8 and rows[1][9] == "达成" and rows[1][5] == "上调"
    assert client.get("/indicators/compare.xlsx?level=village").status_code == 400
