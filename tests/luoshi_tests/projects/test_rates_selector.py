"""project_rates: the counts aggregated by the database, by region (with subregions), unit
and category, as of a date — what the dashboard and the portal call."""

from datetime import date
from decimal import Decimal

import pytest

from luoshi.projects import selectors, services
from luoshi.projects.stages import Stage
from luoshi_tests.factories import RegionFactory, UnitFactory

from .conftest import TODAY, YEAR, make_project, record

pytestmark = pytest.mark.django_db


def start(project, day):
    services.stage_advance(
        actor=None, project=project, stage=Stage.STARTED, actual_on=day, today=TODAY
    )


def include(project, day):
    project.refresh_from_db()
    inclusion = services.inclusion_report(actor=None, project=project, evidence=services.Evidence())
    services.inclusion_review(actor=None, inclusion=inclusion)
    services.inclusion_accept(actor=None, inclusion=inclusion, included_on=day, today=TODAY)


@pytest.fixture
def landscape(world):
    """甲县: A (due March, started March, included April, 3000 of 6000 by June),
    B (due May, not started, 1000 plan), C (below 500万, due June, started June);
    甲县某镇 (township): D (due April, started May); 乙县: E (due Feb, started, 500 of 2000);
    one project of 2024 that must not count."""
    town = RegionFactory(
        code="930121001", name="某镇", level="township", kind="镇", parent=world.county
    )
    town_unit = UnitFactory(region=town, name="某镇人民政府")
    a = make_project(None, world, name="A", code="A", started_planned=date(YEAR, 3, 1))
    b = make_project(
        None,
        world,
        name="B",
        code="B",
        started_planned=date(YEAR, 5, 1),
        annual_plan=Decimal(1000),
        category="livelihood",
    )
    c = make_project(
        None,
        world,
        name="C",
        code="C",
        started_planned=date(YEAR, 6, 1),
        total_investment=Decimal(300),
        annual_plan=Decimal(300),
        category="livelihood",
    )
    d = make_project(
        None,
        world,
        name="D",
        code="D",
        region=town,
        unit=town_unit,
        started_planned=date(YEAR, 4, 1),
        annual_plan=Decimal(2000),
    )
    e = make_project(
        None,
        world,
        name="E",
        code="E",
        region=world.other_county,
        unit=world.other_bureau,
        started_planned=date(YEAR, 2, 1),
        annual_plan=Decimal(2000),
    )
    make_project(None, world, name="旧", code="", year=2024, started_planned=date(2024, 3, 1))
    start(a, date(YEAR, 3, 5))
    include(a, date(YEAR, 4, 10))
    start(c, date(YEAR, 6, 3))
    start(d, date(YEAR, 5, 8))
    start(e, date(YEAR, 2, 20))
    for month, amount in ((3, 1000), (4, 1000), (6, 1000)):
        record(None, a, month, amount)
    record(None, e, 6, 500, year_to_date=Decimal(500))
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "town": town}


def test_city_rates_as_of_the_end_of_june(landscape, world):
    report = selectors.project_rates(
        region_code=world.city.code, year=YEAR, as_of=date(YEAR, 6, 30), group_by=None
    )
    total = report.total.counts
    assert report.month == 6 and report.elapsed == Decimal("50.0")
    assert total.projects == 5
    assert (total.due_to_start, total.started_of_due) == (5, 4)  # B not started
    assert report.total.rates.start_rate == Decimal("80.0")
    assert (total.eligible_started, total.included) == (3, 1)  # A, D, E started; C too small
    assert report.total.rates.inclusion_rate == Decimal("33.3")
    assert total.annual_plan == Decimal(6000 + 1000 + 300 + 2000 + 2000)
    assert total.year_to_date == Decimal(3500)
    assert report.total.rates.investment_rate == Decimal("31.0")
    assert report.total.rates.investment_gap == Decimal("-19.0")


def test_as_of_an_earlier_date_counts_what_had_happened_by_then(landscape, world):
    report = selectors.project_rates(
        region_code=world.county.code, year=YEAR, as_of=date(YEAR, 4, 15), group_by=None
    )
    total = report.total.counts
    assert (total.due_to_start, total.started_of_due) == (2, 1)  # A and D due; only A started
    assert (total.eligible_started, total.included) == (1, 1)
    assert total.year_to_date == Decimal(2000)  # A through April


def test_by_region_folds_townships_into_their_county(landscape, world):
    report = selectors.project_rates(
        region_code=world.city.code, year=YEAR, as_of=date(YEAR, 6, 30), group_by="region"
    )
    groups = {g.key: g for g in report.groups}
    assert set(groups) == {world.county.code, world.other_county.code}
    assert groups[world.county.code].counts.projects == 4
    assert groups[world.other_county.code].rates.start_rate == Decimal("100.0")
    county = selectors.project_rates(
        region_code=world.county.code, year=YEAR, as_of=date(YEAR, 6, 30), group_by="region"
    )
    labels = {g.label: g.counts.projects for g in county.groups}
    assert labels == {"甲县本级": 3, "某镇": 1}


def test_by_unit_and_by_category(landscape, world):
    by_unit = selectors.project_rates(
        region_code=world.city.code, year=YEAR, as_of=date(YEAR, 6, 30), group_by="unit"
    )
    assert {g.label: g.counts.projects for g in by_unit.groups} == {
        "甲县发展和改革局": 3,
        "某镇人民政府": 1,
        "乙县发展和改革局": 1,
    }
    by_category = selectors.project_rates(
        region_code=world.city.code, year=YEAR, as_of=date(YEAR, 6, 30), group_by="category"
    )
    assert [(g.label, g.counts.projects) for g in by_category.groups] == [("产业", 3), ("民生", 2)]
    assert by_category.total.counts == by_unit.total.counts


def test_public_only_and_bad_grouping(landscape, world):
    report = selectors.project_rates(
        region_code=world.city.code, year=YEAR, as_of=TODAY, group_by=None, public_only=True
    )
    assert report.total.counts.projects == 0
    with pytest.raises(ValueError, match="group_by"):
        selectors.project_rates(region_code=world.city.code, year=YEAR, as_of=TODAY, group_by="x")


def test_rates_take_one_query(landscape, world, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.project_rates(
            region_code=world.province.code, year=YEAR, as_of=TODAY, group_by=None
        )
    with django_assert_num_queries(3):  # grouped counts, child regions, region name
        selectors.project_rates(
            region_code=world.province.code, year=YEAR, as_of=TODAY, group_by="region"
        )
