"""Derived figures: 序时进度, status and colour against targets, ranks with ties, periods."""

from decimal import Decimal as D

import pytest

from luoshi.core.colour_rules import DEFAULT_COLOUR_RULES, ColourRules
from luoshi.indicators.periods import Period, period_parse, periods_sorted
from luoshi.indicators.progress import (
    DEFAULT_TIERS,
    Status,
    TargetView,
    competition_ranks,
    elapsed_share,
    tier_for,
)
from luoshi.indicators.progress import assess as assess_with


def assess(target, value, growth, kind, index, rules=DEFAULT_COLOUR_RULES):
    return assess_with(target, value, growth, kind, index, rules=rules)


LEVEL_100 = TargetView("level", D("100"), None, "at_least", "up")
GROWTH_5_5 = TargetView("growth", D("5.5"), D("5.5"), "about", "up")
ENERGY_FALL_2_5 = TargetView("growth", D("2.5"), D("2.5"), "exact", "down")
CPI_AT_MOST_3 = TargetView("growth", None, D("3"), "at_most", "down")


def test_elapsed_share_is_months_over_twelve():
    assert assess(LEVEL_100, D("50"), None, "month", 11).elapsed == D("91.7")
    assert elapsed_share("month", 6) == D("0.5")
    assert elapsed_share("quarter", 3) == D("0.75")
    assert elapsed_share("year", 12) == D(1)


@pytest.mark.parametrize(
    ("value", "completion", "status", "colour"),
    [
        (D("100"), D("100.0"), Status.DONE, "green"),
        (D("97"), D("97.0"), Status.ON_TRACK, "green"),  # 5.3 ahead of 91.7: not 10 ahead
        (D("93"), D("93.0"), Status.ON_TRACK, "green"),
        (D("85"), D("85.0"), Status.LAGGING, "green"),  # 6.7 behind: 滞后, not yet a warning
        (D("81.7"), D("81.7"), Status.LAGGING, "yellow"),  # exactly 10 behind
        (D("70"), D("70.0"), Status.LAGGING, "yellow"),  # 21.7 behind
        (D("61.7"), D("61.7"), Status.LAGGING, "yellow"),  # exactly 30 behind
        (D("50"), D("50.0"), Status.LAGGING, "red"),  # 41.7 behind
        (None, D("0"), Status.NOT_STARTED, "red"),
    ],
)
def test_level_target_colour_bands_against_elapsed_time(value, completion, status, colour):
    result = assess(LEVEL_100, value, None, "month", 11)
    assert (result.completion, result.status, result.colour) == (completion, status, colour)


def test_level_target_bands_are_the_regions_rules_not_constants():
    strict = ColourRules(
        yellow_points_behind=D("5"), red_points_behind=D("20"), ahead_points=D("3")
    )
    assert assess(LEVEL_100, D("85"), None, "month", 11, strict).colour == "yellow"  # 6.7
    assert assess(LEVEL_100, D("70"), None, "month", 11, strict).colour == "red"  # 21.7
    assert assess(LEVEL_100, D("97"), None, "month", 11, strict).status == Status.AHEAD  # 5.3


@pytest.mark.parametrize(
    ("growth", "status", "colour"),
    [
        (D("6.1"), Status.ON_TRACK, "green"),
        (D("5.5"), Status.ON_TRACK, "green"),
        (D("5.0"), Status.LAGGING, "yellow"),  # growth below target lags whatever the month
        (D("-0.4"), Status.LAGGING, "red"),  # the economy shrank
        (None, Status.NOT_STARTED, None),
    ],
)
def test_growth_target(growth, status, colour):
    result = assess(GROWTH_5_5, None, growth, "month", 11)
    assert (result.status, result.colour, result.completion) == (status, colour, None)


@pytest.mark.parametrize(
    ("growth", "status", "colour"),
    [
        (D("-3.0"), Status.ON_TRACK, "green"),  # fell more than 2.5%
        (D("-2.5"), Status.ON_TRACK, "green"),
        (D("-1.0"), Status.LAGGING, "yellow"),  # fell, not enough
        (D("0.5"), Status.LAGGING, "red"),  # rose: the wrong way
    ],
)
def test_energy_intensity_decrease_target(growth, status, colour):
    result = assess(ENERGY_FALL_2_5, None, growth, "month", 11)
    assert (result.status, result.colour) == (status, colour)


def test_at_most_target_judges_the_ceiling():
    assert assess(CPI_AT_MOST_3, None, D("2.8"), "month", 11).colour == "green"
    over = assess(CPI_AT_MOST_3, None, D("3.4"), "month", 11)
    assert (over.status, over.colour) == (Status.LAGGING, "yellow")


def test_in_step_and_missing_targets_are_not_judged():
    in_step = TargetView("growth", None, None, "in_step", "up")
    assert assess(in_step, None, D("5"), "month", 11).status == Status.NO_TARGET
    result = assess(None, D("5"), D("5"), "month", 11)
    assert (result.status, result.colour, result.completion) == (Status.NO_TARGET, None, None)


def test_competition_ranks_share_ties_and_skip():
    values = {"a": D("5.0"), "b": D("7.2"), "c": D("7.2"), "d": D("3.1"), "e": D("5.0")}
    assert competition_ranks(values) == {"b": 1, "c": 1, "a": 3, "e": 3, "d": 5}
    # Lower is better (energy intensity): the biggest fall ranks first.
    falls = {"a": D("-3.0"), "b": D("-1.0"), "c": D("-3.0")}
    assert competition_ranks(falls, descending=False) == {"a": 1, "c": 1, "b": 3}
    assert competition_ranks({}) == {}


def test_default_tiers():
    assert [tier_for(r, DEFAULT_TIERS) for r in (1, 3, 4, 8, 9, 15)] == [
        "第一方阵",
        "第一方阵",
        "第二方阵",
        "第二方阵",
        "第三方阵",
        "第三方阵",
    ]
    assert tier_for(None) == ""


@pytest.mark.parametrize(
    ("text", "period", "label"),
    [
        ("month-11", Period("month", 11), "1–11月"),
        ("month-1", Period("month", 1), "1月"),
        ("quarter-3", Period("quarter", 3), "1–3季度"),
        ("year", Period("year", 12), "全年"),
        (" MONTH-2 ", Period("month", 2), "1–2月"),
    ],
)
def test_period_parse_and_label(text, period, label):
    parsed = period_parse(text)
    assert parsed == period
    assert parsed is not None and parsed.label == label
    assert period_parse(parsed.slug) == parsed


@pytest.mark.parametrize(
    "text", ["month-13", "month-0", "quarter-5", "week-2", "month-", "", "month-1x"]
)
def test_period_parse_refuses_nonsense(text):
    assert period_parse(text) is None


def test_periods_sorted_latest_first():
    periods = [Period("month", 3), Period("year", 12), Period("month", 12), Period("quarter", 2)]
    assert periods_sorted(periods) == [
        Period("year", 12),
        Period("month", 12),
        Period("quarter", 2),
        Period("month", 3),
    ]
