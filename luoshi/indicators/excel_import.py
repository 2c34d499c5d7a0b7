"""The rows of an uploaded sheet of targets or of monthly observations, judged: every error
listed with its row and column, nothing written.

Reading the file is the spreadsheet kit's (`luoshi.core.spreadsheets`); judging rows here is
pure over lookups handed in (regions by code, indicators by name or synonym, who may write for
which region). `luoshi.indicators.excel_plans` plans what the judged rows change and applies
it through the services.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from luoshi.core.action_log import Actor
from luoshi.core.models import Region
from luoshi.core.refusals import refusal_items
from luoshi.core.spreadsheets.cells import CellError, cell_text, parse_number, parse_whole
from luoshi.core.spreadsheets.columns import Column
from luoshi.core.spreadsheets.outcome import ImportOutcome, RowError
from luoshi.core.spreadsheets.reading import SheetRow, read_rows
from luoshi.indicators import selectors
from luoshi.indicators.excel_columns import (
    MEASURE_BY_WORD,
    OBSERVATION_COLUMNS,
    QUALIFIER_BY_WORD,
    TARGET_COLUMNS,
)
from luoshi.indicators.models import Indicator, Target

HEADINGS = {c.key: c.heading for c in (*TARGET_COLUMNS, *OBSERVATION_COLUMNS)}
MAX_ERRORS_SHOWN = 500


@dataclass(frozen=True)
class TargetRow:
    row: int
    region: Region
    year: int
    indicator: Indicator
    measure: str
    low: Decimal | None
    high: Decimal | None
    unit: str
    qualifier: str


@dataclass(frozen=True)
class ObservationRow:
    row: int
    region: Region
    year: int
    month: int
    indicator: Indicator
    value: Decimal | None
    unit: str
    growth: Decimal | None


@dataclass(frozen=True)
class Lookups:
    regions: Mapping[str, Region]
    indicators: Mapping[str, Indicator]
    may_write: Callable[[Region], bool]


# --- rows --------------------------------------------------------------------------------


class _RowJudge:
    """Collects the errors of one row, column by column."""

    def __init__(self, sheet_row: SheetRow, errors: list[RowError]) -> None:
        self.row = sheet_row.number
        self.cells = sheet_row.cells
        self.errors = errors
        self.failed = False

    def fail(self, key: str, reason: str) -> None:
        self.errors.append(RowError(self.row, HEADINGS.get(key, ""), reason))
        self.failed = True

    def region(self, lookups: Lookups, permission_word: str) -> Region | None:
        code = cell_text(self.cells.get("region"))
        if not code:
            self.fail("region", "未填写区划代码")
            return None
        if not code.isdigit() or len(code) not in (6, 9):
            self.fail("region", f"区划代码“{code[:20]}”应为 6 位或 9 位数字")
            return None
        region = lookups.regions.get(code)
        if region is None:
            self.fail("region", f"没有代码为 {code} 的行政区划")
            return None
        if not lookups.may_write(region):
            self.fail("region", f"您没有为{region.name}（{code}）{permission_word}的权限")
            return None
        return region

    def year(self) -> int | None:
        try:
            year = parse_whole(self.cells.get("year"), suffix="年")
        except CellError as error:
            self.fail("year", f"年度{error}")
            return None
        if year is None:
            self.fail("year", "未填写年度")
        elif not 1978 <= year <= 2100:
            self.fail("year", f"年度 {year} 超出范围（1978–2100）")
            return None
        return year

    def indicator(self, lookups: Lookups) -> Indicator | None:
        name = cell_text(self.cells.get("indicator"))
        if not name:
            self.fail("indicator", "未填写指标")
            return None
        indicator = lookups.indicators.get(name)
        if indicator is None:
            self.fail("indicator", f"指标目录中没有“{name[:30]}”（须与指标名称或别名完全一致）")
        return indicator

    def number(self, key: str) -> Decimal | None:
        try:
            return parse_number(self.cells.get(key))
        except CellError as error:
            self.fail(key, str(error))
            return None

    def word(self, key: str, allowed: Mapping[str, str]) -> str | None:
        word = cell_text(self.cells.get(key))
        if not word:
            self.fail(key, f"未填写（可填：{'、'.join(allowed)}）")
            return None
        if word not in allowed:
            self.fail(key, f"“{word[:20]}”不是可用的值（可填：{'、'.join(allowed)}）")
            return None
        return allowed[word]

    def unit(self) -> str:
        unit = cell_text(self.cells.get("unit"))
        if len(unit) > 20:
            self.fail("unit", "单位过长（最多 20 个字）")
        return unit


def _duplicate(
    seen: dict[tuple[Any, ...], int],
    key: tuple[Any, ...],
    row: int,
    errors: list[RowError],
    what: str,
) -> bool:
    first = seen.setdefault(key, row)
    if first != row:
        errors.append(RowError(row, "", f"与第{first}行重复（{what}相同）"))
        return True
    return False


def targets_validate(sheet_rows: Sequence[SheetRow], lookups: Lookups) -> ImportOutcome[TargetRow]:
    outcome: ImportOutcome[TargetRow] = ImportOutcome()
    seen: dict[tuple[Any, ...], int] = {}
    for sheet_row in sheet_rows:
        judge = _RowJudge(sheet_row, outcome.errors)
        region = judge.region(lookups, "设定目标")
        year = judge.year()
        indicator = judge.indicator(lookups)
        measure = judge.word("measure", MEASURE_BY_WORD)
        low, high = judge.number("low"), judge.number("high")
        unit = judge.unit()
        qualifier = judge.word("qualifier", QUALIFIER_BY_WORD)
        if qualifier and not judge.failed:
            _check_target_values(judge, qualifier, low, high)
        if judge.failed or not (region and year and indicator and measure and qualifier):
            continue
        key = (region.code, year, indicator.pk, measure)
        if _duplicate(seen, key, judge.row, outcome.errors, "区划、年度、指标和目标类型"):
            continue
        outcome.rows.append(
            TargetRow(judge.row, region, year, indicator, measure, low, high, unit, qualifier)
        )
    return outcome


def _check_target_values(
    judge: _RowJudge, qualifier: str, low: Decimal | None, high: Decimal | None
) -> None:
    """The model's own rules (Target.clean), reported against the sheet's columns."""
    if low is not None and high is not None and high < low:
        judge.fail("high", "上限小于下限")
        return
    probe = Target(low=low, high=high, qualifier=qualifier)
    try:
        probe.clean()
    except ValidationError as error:
        columns = {"low": "low", "high": "high", "qualifier": "qualifier"}
        for name, message in refusal_items(error):
            judge.fail(columns.get(name, "qualifier"), message)


def observations_validate(
    sheet_rows: Sequence[SheetRow], lookups: Lookups
) -> ImportOutcome[ObservationRow]:
    outcome: ImportOutcome[ObservationRow] = ImportOutcome()
    seen: dict[tuple[Any, ...], int] = {}
    for sheet_row in sheet_rows:
        judge = _RowJudge(sheet_row, outcome.errors)
        region = judge.region(lookups, "填报完成情况")
        year = judge.year()
        month: int | None = None
        try:
            month = parse_whole(judge.cells.get("month"), suffix="月")
        except CellError as error:
            judge.fail("month", f"截至月份{error}")
        else:
            if month is None:
                judge.fail("month", "未填写截至月份")
            elif not 1 <= month <= 12:
                judge.fail("month", f"截至月份 {month} 超出范围（1–12）")
        indicator = judge.indicator(lookups)
        value = judge.number("value")
        unit = judge.unit()
        growth = judge.number("growth")
        if not judge.failed and value is None and growth is None:
            judge.fail("value", "累计完成值和增速至少填一项")
        if judge.failed or not (region and year and month and indicator):
            continue
        key = (region.code, year, month, indicator.pk)
        if _duplicate(seen, key, judge.row, outcome.errors, "区划、年度、月份和指标"):
            continue
        outcome.rows.append(
            ObservationRow(judge.row, region, year, month, indicator, value, unit, growth)
        )
    return outcome


# --- whole files -------------------------------------------------------------------------


def read_sheet(data: bytes, columns: Sequence[Column]) -> list[SheetRow]:
    """Every column of the template must be in the header (an export of another table, with
    a column or two alike, is refused here rather than half read). Raises SheetError."""
    return read_rows(data, columns, needed=[c.key for c in columns], header_search_rows=5)


def lookups_for(actor: Actor, sheet_rows: Sequence[SheetRow], permission: str) -> Lookups:
    """Regions named by the rows, the catalogue, and whether `actor` may write for a region."""
    codes = {cell_text(r.cells.get("region")) for r in sheet_rows}
    regions = selectors.regions_by_code({c for c in codes if c.isdigit() and len(c) in (6, 9)})
    allowed: dict[str, bool] = {}

    def may_write(region: Region) -> bool:
        if region.code not in allowed:
            allowed[region.code] = actor is None or bool(actor.has_perm(permission, region))  # type: ignore[union-attr]
        return allowed[region.code]

    return Lookups(regions=regions, indicators=selectors.indicator_lookup(), may_write=may_write)
