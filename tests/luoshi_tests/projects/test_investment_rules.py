"""Year to date and since start: computed when not given, checked when given, moved along
when an earlier month is corrected. Pure."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.projects.investment_rules import (
    InvestmentError,
    MonthFigures,
    StoredMonth,
    settle,
)

D = Decimal


def stored(*rows):
    return {m: StoredMonth(m, D(c), D(y), D(s)) for m, c, y, s in rows}


def test_first_month_year_to_date_and_since_start_are_computed():
    result = settle(MonthFigures(1, D(100)), {}, D(0))
    assert (result.year_to_date, result.since_start) == (D(100), D(100))


def test_year_to_date_builds_on_the_previous_month_and_since_start_on_last_year():
    result = settle(MonthFigures(3, D(50)), stored((2, 80, 180, 1180)), D(1000))
    assert (result.year_to_date, result.since_start) == (D(230), D(1230))


def test_a_given_year_to_date_that_does_not_add_up_is_refused_with_the_sum():
    with pytest.raises(InvestmentError) as refused:
        settle(MonthFigures(3, D(50), year_to_date=D(300)), stored((2, 80, 180, 180)), D(0))
    assert refused.value.field == "year_to_date"
    assert "230.00" in refused.value.message and "300.00" in refused.value.message


def test_across_a_gap_year_to_date_may_include_unreported_months():
    # February and March were never entered; April's year to date covers them.
    result = settle(MonthFigures(4, D(50), year_to_date=D(400)), stored((1, 100, 100, 100)), D(0))
    assert result.year_to_date == D(400)
    with pytest.raises(InvestmentError):
        settle(MonthFigures(4, D(50), year_to_date=D(120)), stored((1, 100, 100, 100)), D(0))


def test_january_year_to_date_equals_the_month():
    with pytest.raises(InvestmentError):
        settle(MonthFigures(1, D(100), year_to_date=D(150)), {}, D(0))


def test_since_start_in_the_first_entry_sets_the_investment_before_the_year():
    result = settle(MonthFigures(3, D(100), year_to_date=D(300), since_start=D(2300)), {}, D(0))
    assert result.invested_before_year == D(2000)
    assert result.since_start == D(2300)


def test_since_start_that_disagrees_with_earlier_months_is_refused():
    with pytest.raises(InvestmentError) as refused:
        settle(MonthFigures(2, D(10), since_start=D(999)), stored((1, 100, 100, 600)), D(500))
    assert refused.value.field == "since_start"
    assert "上年末累计" in refused.value.message


def test_since_start_below_year_to_date_is_refused():
    with pytest.raises(InvestmentError):
        settle(MonthFigures(1, D(100), since_start=D(50)), {}, D(0))


@pytest.mark.parametrize("field", ["completed", "planned", "year_to_date", "since_start"])
def test_negative_amounts_are_refused_in_chinese(field):
    values = {"completed": D(10), field: D(-5)}
    with pytest.raises(InvestmentError) as refused:
        settle(MonthFigures(2, **values), {}, D(0))
    assert refused.value.field == field
    assert "不能为负数" in refused.value.message


def test_correcting_a_month_moves_the_following_consecutive_months():
    months = stored((1, 100, 100, 100), (2, 50, 150, 150), (3, 30, 180, 180), (5, 20, 260, 260))
    result = settle(MonthFigures(1, D(120)), months, D(0))
    assert result.shifted == [(2, D(170), D(170)), (3, D(200), D(200))]
    # May (after the April gap) keeps its stated year to date: 260 ≥ 200 + 20.


def test_a_correction_that_would_break_a_later_month_after_a_gap_is_refused():
    months = stored((1, 100, 100, 100), (3, 20, 130, 130))
    with pytest.raises(InvestmentError) as refused:
        settle(MonthFigures(1, D(150)), months, D(0))
    assert "3月" in refused.value.message


@given(st.lists(st.decimals(0, 100_000, places=2), min_size=1, max_size=12))
def test_months_entered_in_order_accumulate_exactly(amounts):
    months: dict[int, StoredMonth] = {}
    for month, amount in enumerate(amounts, start=1):
        result = settle(MonthFigures(month, amount), months, D(500))
        months[month] = StoredMonth(month, amount, result.year_to_date, result.since_start)
        assert result.year_to_date == sum(amounts[:month], D(0))
        assert result.since_start == result.year_to_date + D(500)
        assert not result.shifted
