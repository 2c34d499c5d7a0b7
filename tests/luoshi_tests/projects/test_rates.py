"""The rates are ratios of counts and sums; 序时 is the elapsed share of the year by months."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from luoshi.projects.rates import (
    RateCounts,
    combine,
    percent,
    rates_of,
    report_month,
    year_elapsed_percent,
)


def test_elapsed_share_by_months():
    assert year_elapsed_percent(11) == Decimal("91.7")
    assert year_elapsed_percent(6) == Decimal("50.0")
    assert year_elapsed_percent(12) == Decimal("100.0")
    assert year_elapsed_percent(0) == Decimal("0.0")


def test_report_month_within_after_and_before_the_year():
    assert report_month(2025, 2025, 11) == 11
    assert report_month(2025, 2026, 3) == 12
    assert report_month(2025, 2024, 12) == 0


def test_percent_has_one_decimal_and_no_denominator_gives_none():
    assert percent(2, 3) == Decimal("66.7")
    assert percent(0, 0) is None
    assert percent(Decimal("4500"), Decimal("6000")) == Decimal("75.0")


def test_rates_of_counts_compare_investment_with_elapsed():
    counts = RateCounts(
        projects=10,
        due_to_start=8,
        started_of_due=6,
        started=7,
        eligible_started=5,
        included=4,
        annual_plan=Decimal("10000"),
        year_to_date=Decimal("8000"),
    )
    rates = rates_of(counts, 11)
    assert rates.start_rate == Decimal("75.0")
    assert rates.inclusion_rate == Decimal("80.0")
    assert rates.investment_rate == Decimal("80.0")
    assert rates.elapsed == Decimal("91.7")
    assert rates.investment_gap == Decimal("-11.7")
    assert rates.points_behind == Decimal("11.7")
    assert rates.investment_on_schedule is False


def test_nothing_due_means_no_rate_rather_than_zero():
    rates = rates_of(RateCounts(projects=3), 5)
    assert rates.start_rate is None
    assert rates.inclusion_rate is None
    assert rates.investment_rate is None
    assert rates.investment_on_schedule is None


counts_strategy = st.builds(
    RateCounts,
    projects=st.integers(0, 50),
    due_to_start=st.integers(0, 50),
    started_of_due=st.integers(0, 50),
    started=st.integers(0, 50),
    eligible_started=st.integers(0, 50),
    included=st.integers(0, 50),
    annual_plan=st.decimals(0, 10_000, places=2),
    year_to_date=st.decimals(0, 10_000, places=2),
)


@given(st.lists(counts_strategy, max_size=6))
def test_combining_groups_adds_every_count(groups):
    total = combine(groups)
    assert total.projects == sum(g.projects for g in groups)
    assert total.year_to_date == sum((g.year_to_date for g in groups), Decimal(0))
    assert total.included == sum(g.included for g in groups)
