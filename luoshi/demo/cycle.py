"""The demo county's cycle: three years of reports, targets and monthly figures for it and
its peers. Figures are generated deterministically (same seed, same numbers) around plausible
county values; the reports are the team's texts in report_texts.py."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from luoshi.core.action_log import log_action
from luoshi.core.models import Region
from luoshi.demo import dataset
from luoshi.demo.report_texts import DRAFT_2026_CHANGES, REPORTS
from luoshi.indicators.models import Indicator, Observation, PeriodKind
from luoshi.indicators.services import SourceRef, target_set
from luoshi.reports.models import VersionKind, WorkReport
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text

YEARS = (2024, 2025, 2026)
LAST_MONTH_OF_CURRENT_YEAR = 10  # the demo is set in November 2026: 1–10月 is published


@dataclass(frozen=True)
class Profile:
    code: str
    annual_level: float  # the year's total for the demo county
    growth: float  # typical growth, percent
    spread: float  # how much regions and months vary


PROFILES = (
    Profile("gdp", 66.0, 6.2, 1.2),
    Profile("industry-value-added", 21.0, 8.5, 2.0),
    Profile("fixed-asset-investment", 52.0, 7.5, 3.0),
    Profile("retail-sales", 24.0, 6.0, 1.5),
    Profile("foreign-trade", 9.0, 4.0, 6.0),
    Profile("general-budget-revenue", 4.1, 5.5, 2.0),
    Profile("urban-income", 37500, 5.2, 0.6),
    Profile("rural-income", 18900, 7.2, 0.8),
    Profile("cpi", 0.0, 1.2, 0.5),
    Profile("urban-new-jobs", 0.19, 3.0, 5.0),
    Profile("grain-output", 32.0, 1.0, 2.0),
    Profile("energy-intensity", 0.0, -2.8, 0.8),
)

# Targets of the demo county per year: (indicator, measure, low, high, qualifier).
TARGETS: dict[int, tuple[tuple[str, str, str | None, str | None, str], ...]] = {
    2024: (
        ("gdp", "growth", "6", "6", "about"),
        ("industry-value-added", "growth", "8", "8", "exact"),
        ("fixed-asset-investment", "growth", "7", None, "at_least"),
        ("retail-sales", "growth", "6.5", "6.5", "exact"),
        ("general-budget-revenue", "growth", "5", "5", "exact"),
        ("urban-income", "growth", None, None, "in_step"),
        ("urban-new-jobs", "count", "0.18", None, "at_least"),
        ("energy-intensity", "growth", "2.5", "2.5", "about"),
        ("grain-output", "level", "32", None, "at_least"),
    ),
    2025: (
        ("gdp", "growth", "6", None, "at_least"),
        ("industry-value-added", "growth", "8.5", "8.5", "about"),
        ("fixed-asset-investment", "growth", "8", "8", "exact"),
        ("retail-sales", "growth", "6", "6", "exact"),
        ("general-budget-revenue", "growth", "5.5", "5.5", "exact"),
        ("urban-new-jobs", "count", "0.19", None, "at_least"),
        ("energy-intensity", "growth", "2.5", "2.5", "about"),
    ),
    2026: (
        ("gdp", "growth", "6", "6", "about"),
        ("industry-value-added", "growth", "8", None, "at_least"),
        ("fixed-asset-investment", "growth", "7", "7", "exact"),
        ("retail-sales", "growth", "6", "6", "about"),
        ("general-budget-revenue", "growth", "5", "5", "exact"),
        ("urban-income", "growth", None, None, "in_step"),
        ("urban-new-jobs", "count", "0.20", None, "at_least"),
        ("grain-output", "level", "32.5", None, "at_least"),
        ("fixed-asset-investment", "level", "56", None, "at_least"),
    ),
}


def _quantize(value: float, places: str = "0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places))


def _months(year: int) -> range:
    return range(1, (LAST_MONTH_OF_CURRENT_YEAR if year == YEARS[-1] else 12) + 1)


def generate_observations(
    regions: list[Region], indicators: dict[str, Indicator]
) -> list[Observation]:
    """Cumulative 1–N月 values and growth for every region, indicator and month, plus the
    full-year figure of each finished year."""
    rng = random.Random(2026)
    rows: list[Observation] = []
    for region in regions:
        size = 1.0 if region.code == dataset.DEMO_COUNTY_CODE else rng.uniform(0.6, 1.6)
        for profile in PROFILES:
            indicator = indicators[profile.code]
            bias = rng.uniform(-profile.spread, profile.spread)
            level = profile.annual_level * size
            for year in YEARS:
                year_growth = (
                    profile.growth + bias + rng.uniform(-profile.spread, profile.spread) / 2
                )
                level *= 1 + year_growth / 100
                for month in _months(year):
                    share = month / 12 * rng.uniform(0.93, 1.05)
                    growth = year_growth + rng.uniform(-profile.spread, profile.spread) / 3
                    value = level * share if profile.annual_level else None
                    rows.append(
                        _row(region, indicator, year, PeriodKind.MONTH, month, value, growth)
                    )
                if year != YEARS[-1]:
                    value = level if profile.annual_level else None
                    rows.append(
                        _row(region, indicator, year, PeriodKind.YEAR, 12, value, year_growth)
                    )
    return rows


def _row(
    region: Region,
    indicator: Indicator,
    year: int,
    kind: str,
    index: int,
    value: float | None,
    growth: float,
) -> Observation:
    places = "1" if indicator.unit == "元" else "0.01"
    return Observation(
        region=region,
        indicator=indicator,
        year=year,
        period_kind=kind,
        period_index=index,
        value=_quantize(value, places) if value is not None else None,
        unit=indicator.unit,
        growth=_quantize(growth, "0.1"),
        source_kind="manual",
        source_text="演示数据",
    )


def load_cycle() -> dict[str, int]:
    """Create what is missing of the demo cycle; leaves existing reports and figures alone."""
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    created = {"reports": 0, "targets": 0, "observations": 0}
    with transaction.atomic():
        for year in YEARS:
            if WorkReport.objects.filter(region=county, year=year).exists():
                continue
            _load_report(county, year)
            created["reports"] += 1
            for code, measure, low, high, qualifier in TARGETS[year]:
                target_set(
                    actor=None,
                    region=county,
                    year=year,
                    indicator=Indicator.objects.get(code=code),
                    measure=measure,
                    low=Decimal(low) if low else None,
                    high=Decimal(high) if high else None,
                    qualifier=qualifier,
                    source=SourceRef(kind="document", text=f"{year}年清源县政府工作报告"),
                )
                created["targets"] += 1
        if not Observation.objects.filter(region=county).exists():
            peers = list(Region.objects.filter(parent_id=county.parent_id).order_by("code"))
            indicators = {
                i.code: i for i in Indicator.objects.filter(code__in=[p.code for p in PROFILES])
            }
            rows = generate_observations(peers, indicators)
            for row in rows:
                row.full_clean(validate_unique=False, validate_constraints=False)
            Observation.objects.bulk_create(rows, batch_size=1000)
            created["observations"] = len(rows)
            log_action(actor=None, verb="observations.demo_loaded", after={"rows": len(rows)})
    return created


def _load_report(county: Region, year: int) -> None:
    spec = REPORTS[year]
    report = report_create(
        actor=None,
        region=county,
        year=year,
        title=spec["title"],
        speaker_name=spec["speaker_name"],
        speaker_title=spec["speaker_title"],
        congress_session=spec["session"],
        delivered_on=date.fromisoformat(spec["delivered_on"]),
    )
    text = spec["text"]
    if year == YEARS[-1]:
        draft_text = text
        for final_wording, draft_wording in DRAFT_2026_CHANGES.items():
            draft_text = draft_text.replace(final_wording, draft_wording)
        draft = report_version_create(
            actor=None,
            report=report,
            kind=VersionKind.DRAFT,
            label="征求意见稿",
            blocks=split_report_text(draft_text),
        )
        report_version_publish(actor=None, version=draft)
    adopted = report_version_create(
        actor=None,
        report=report,
        kind=VersionKind.ADOPTED,
        label="大会通过",
        blocks=split_report_text(text),
    )
    report_version_publish(actor=None, version=adopted)
