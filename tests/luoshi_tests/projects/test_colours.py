"""Colour presets from DOMAIN.md, computed per project as of a date."""

from datetime import date
from decimal import Decimal

from luoshi.projects.colours import (
    DEFAULT_RULES,
    ColourRules,
    ProjectFacts,
    plan_share_to_date,
    project_colours,
)


def facts(**changes) -> ProjectFacts:
    base = {
        "year": 2025,
        "started_planned": date(2025, 5, 1),
        "started_actual": None,
        "included_actual": None,
        "eligible": True,
        "annual_plan": Decimal("1200"),
        "year_to_date": Decimal(0),
        "planned_to_date": None,
        "planned_months_to_date": 0,
        "planned_in_year": None,
        "planned_months_in_year": 0,
    }
    base.update(changes)
    return ProjectFacts(**base)


def start(as_of, rules=DEFAULT_RULES, **changes):
    return project_colours(facts(**changes), as_of, rules).start


def test_start_yellow_in_the_month_due_and_red_three_months_later():
    assert start(date(2025, 4, 30)).colour == "green"  # not yet due
    assert start(date(2025, 5, 10)).colour == "yellow"
    assert "本月" in start(date(2025, 5, 10)).reason
    assert start(date(2025, 7, 31)).colour == "yellow"
    assert start(date(2025, 8, 1)).colour == "red"
    assert start(date(2025, 8, 1), started_actual=date(2025, 7, 20)).colour == "green"
    assert start(date(2025, 8, 1), started_planned=None).colour is None


def test_start_threshold_follows_the_region_rules():
    strict = ColourRules(start_red_months=1)
    assert start(date(2025, 6, 2), strict).colour == "red"


def inclusion(as_of, **changes):
    return project_colours(facts(**changes), as_of, DEFAULT_RULES).inclusion


def test_inclusion_yellow_one_month_after_start_and_red_after_two():
    started = {"started_actual": date(2025, 3, 15)}
    assert inclusion(date(2025, 4, 14), **started).colour == "green"
    assert inclusion(date(2025, 4, 15), **started).colour == "yellow"
    assert inclusion(date(2025, 5, 15), **started).colour == "red"
    assert (
        inclusion(date(2025, 5, 15), included_actual=date(2025, 5, 1), **started).colour == "green"
    )
    assert inclusion(date(2025, 5, 15), eligible=False, **started).colour is None
    assert inclusion(date(2025, 5, 15)).colour is None  # not started


def investment(as_of, **changes):
    return project_colours(facts(**changes), as_of, DEFAULT_RULES).investment


def test_investment_against_monthly_plans_when_given():
    # plans for May and June (the planned start is May): 600 of 1200 = 50 %
    plans = {
        "planned_to_date": Decimal(600),
        "planned_months_to_date": 2,
        "planned_in_year": Decimal(600),
        "planned_months_in_year": 2,
    }
    assert plan_share_to_date(facts(**plans), 6) == Decimal(50)
    assert investment(date(2025, 6, 30), year_to_date=Decimal(600), **plans).colour == "green"
    assert investment(date(2025, 6, 30), year_to_date=Decimal(400), **plans).colour == "yellow"
    assert investment(date(2025, 6, 30), year_to_date=Decimal(200), **plans).colour == "red"


def test_investment_spread_from_the_planned_start_month_without_monthly_plans():
    # planned start May: by June, 2 of 8 months → 25 %
    assert plan_share_to_date(facts(), 6) == Decimal(25)
    assert plan_share_to_date(facts(), 4) == Decimal(0)
    assert plan_share_to_date(facts(started_planned=None), 6) == Decimal(50)
    assert investment(date(2025, 4, 30)).colour == "green"  # nothing due yet
    assert investment(date(2025, 6, 30), year_to_date=Decimal(300)).colour == "green"


def test_no_annual_plan_no_investment_light_and_overall_is_the_worst():
    assert investment(date(2025, 6, 30), annual_plan=Decimal(0)).colour is None
    colours = project_colours(
        facts(started_actual=date(2025, 3, 1), year_to_date=Decimal(1000)),
        date(2025, 6, 30),
        DEFAULT_RULES,
    )
    assert colours.start.colour == "green"
    assert colours.inclusion.colour == "red"
    assert colours.overall == "red"


# --- 序时 follows the calendar, not the last month reported ----------------------------------

REPORTED_THROUGH_MARCH = {
    "started_planned": date(2025, 1, 1),
    "started_actual": date(2025, 1, 5),
    "planned_to_date": Decimal(300),  # 100 a month, given with the reports for Jan–Mar
    "planned_months_to_date": 3,
    "planned_in_year": Decimal(300),
    "planned_months_in_year": 3,
    "year_to_date": Decimal(300),  # on plan in March, then nothing more reported
}


def test_plan_to_date_runs_to_the_month_of_the_date_not_the_last_report():
    stopped = facts(**REPORTED_THROUGH_MARCH)
    assert plan_share_to_date(stopped, 3) == Decimal(25)  # 3/12
    # September: March's plans plus six of the nine unplanned months' share of the rest.
    assert plan_share_to_date(stopped, 9) == Decimal(75)  # 9/12, not 3/12
    assert plan_share_to_date(stopped, 12) == Decimal(100)  # the whole plan by December


def test_a_project_that_stops_reporting_does_not_look_better():
    march = investment(date(2025, 3, 31), **REPORTED_THROUGH_MARCH)
    september = investment(date(2025, 9, 30), **REPORTED_THROUGH_MARCH)
    assert march.colour == "green"
    assert september.colour == "red"  # 25 % done against 75 % due: 50 points behind
    assert "计划进度75.0%" in september.reason


def test_given_monthly_plans_still_shape_the_plan_to_date():
    # A back-loaded plan: 50 a month given for Jan–Mar; the other 1050 spread over Apr–Dec.
    light = facts(
        **{
            **REPORTED_THROUGH_MARCH,
            "planned_to_date": Decimal(150),
            "planned_in_year": Decimal(150),
        }
    )
    assert plan_share_to_date(light, 3) == Decimal("12.5")
    due = plan_share_to_date(light, 9)
    assert due.quantize(Decimal("0.1")) == Decimal("70.8")  # (150 + 6 × 1050/9) / 1200
    # Plans for the whole year: their sum, month by month.
    full = facts(
        planned_to_date=Decimal(700),
        planned_months_to_date=9,
        planned_in_year=Decimal(1200),
        planned_months_in_year=12,
        started_planned=date(2025, 1, 1),
    )
    assert plan_share_to_date(full, 9) == Decimal(700) * 100 / Decimal(1200)
