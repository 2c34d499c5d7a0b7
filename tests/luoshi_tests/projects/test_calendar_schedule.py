"""A project's 序时 follows the calendar, not the last month it reported: a project that stops
reporting in March is measured in September against nine months of its plan, and its light
worsens — on the list, its colour filter, the export rows and the API detail alike."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.projects import selectors, services
from luoshi.projects.stages import Stage

from .conftest import TODAY, YEAR, make_project, record

pytestmark = pytest.mark.django_db

MARCH, SEPTEMBER = date(YEAR, 3, 31), date(YEAR, 9, 30)


@pytest.fixture
def stopped(supervisor, liaison, world):
    """Below 500万元 (no 纳统 light), started on time, 120 planned for the year: it reports 10
    a month on a plan of 10 a month for January to March, then nothing more."""
    project = make_project(
        supervisor,
        world,
        total_investment=Decimal("480"),
        annual_plan=Decimal("120"),
        started_planned=date(YEAR, 1, 1),
    )
    services.stage_advance(
        actor=liaison, project=project, stage=Stage.STARTED, actual_on=date(YEAR, 1, 5), today=TODAY
    )
    for month in (1, 2, 3):
        record(liaison, project, month, 10, planned=Decimal(10))
    return project


def colours_on(user, day):
    """How many projects the list's colour filter finds in each colour on `day`."""
    return {
        colour: selectors.project_page(
            user, selectors.ProjectFilters(year=YEAR, colour=colour), as_of=day
        ).count
        for colour in ("green", "yellow", "red")
    }


def test_the_light_worsens_as_the_months_pass_without_reports(supervisor, stopped):
    march = selectors.project_page(supervisor, selectors.ProjectFilters(year=YEAR), as_of=MARCH)
    (row,) = march.rows
    assert row.colour == "green"
    assert "计划进度25.0%" in row.colours.investment.reason  # 3/12

    september = selectors.project_page(
        supervisor, selectors.ProjectFilters(year=YEAR), as_of=SEPTEMBER
    )
    (row,) = september.rows
    assert row.month == 9
    assert row.colours.investment.colour == "red"  # 25 % done, 75 % due: 50 points behind
    assert "计划进度75.0%" in row.colours.investment.reason  # 9/12, not 3/12
    assert row.colour == "red"


def test_the_colour_filter_and_the_export_agree(supervisor, stopped):
    assert colours_on(supervisor, MARCH) == {"green": 1, "yellow": 0, "red": 0}
    assert colours_on(supervisor, SEPTEMBER) == {"green": 0, "yellow": 0, "red": 1}
    (row,) = selectors.project_rows_all(
        supervisor, selectors.ProjectFilters(year=YEAR), as_of=SEPTEMBER
    )
    assert row.colour == "red"


def test_the_rates_compare_with_the_calendar_too(supervisor, stopped):
    _counts, rates = selectors.rates_for(
        selectors.project_filtered(supervisor, selectors.ProjectFilters(year=YEAR)),
        year=YEAR,
        as_of=SEPTEMBER,
    )
    assert (rates.investment_rate, rates.elapsed) == (Decimal("25.0"), Decimal("75.0"))
    assert rates.points_behind == Decimal("50.0")


def test_the_list_page_shows_the_worse_light(client_for, supervisor, stopped):
    response = client_for(supervisor).get(
        reverse("projects:project_list"), {"year": YEAR, "as_of": SEPTEMBER.isoformat()}
    )
    (row,) = response.context["page"].rows
    assert row.colour == "red"
