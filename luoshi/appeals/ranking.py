"""The appeals' part of the 红黑榜 (诉求办理): the units that handled a region's appeals in the
year or quarter, ranked by their results only — 按时办结率, 满意率 and 解决率, each counted as
`rates` counts it; a unit's score is the mean of those it has (a rate with nothing to judge is
left out, not counted as 0). Units with fewer than MIN_APPEALS appeals are listed, not ranked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from luoshi.appeals import rates
from luoshi.appeals.selectors import appeals_in
from luoshi.core.models import Region, Unit

MIN_APPEALS = 3
LIST_SIZE = 5


@dataclass(frozen=True)
class UnitAppeals:
    unit: Unit
    rates: rates.Rates
    score: float | None


def period_of(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    if quarter is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def score_of(row: rates.Rates) -> float | None:
    values = [r.value for r in (row.on_time, row.satisfied, row.solved) if r.value is not None]
    return round(sum(values) / len(values), 1) if values else None


def unit_appeals(
    region: Region, year: int, quarter: int | None, as_of: dt.date
) -> list[UnitAppeals]:
    start, end = period_of(year, quarter)
    appeals = rates.received_between(appeals_in(region), start, end)
    rows = rates.grouped(appeals, "unit", as_of)
    units = Unit.objects.in_bulk([row.key for row in rows])
    found = [UnitAppeals(units[row.key], row, score_of(row)) for row in rows if row.key in units]
    return sorted(
        found,
        key=lambda u: (
            u.score is None or u.rates.received < MIN_APPEALS,
            -(u.score or 0),
            -u.rates.received,
            u.unit.name,
        ),
    )


def ranking_section(
    *, region: Region, year: int, quarter: int | None, as_of: dt.date
) -> dict[str, object] | None:
    results = unit_appeals(region, year, quarter, as_of)
    if not results:
        return None
    ranked = [u for u in results if u.score is not None and u.rates.received >= MIN_APPEALS]
    size = min(LIST_SIZE, max(1, len(ranked) // 2)) if ranked else 0
    honour = ranked[:size]
    rest = ranked[len(honour) :]
    return {
        "results": results,
        "honour": honour,
        "warning": list(reversed(rest[-size:])) if rest and size else [],
        "min_appeals": MIN_APPEALS,
    }
