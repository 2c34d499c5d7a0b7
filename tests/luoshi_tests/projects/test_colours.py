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
    # plan to date 600 of 1200 = 50 %
    plans = {"planned_to_date": Decimal(600)}
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
