"""Excel import of targets and monthly observations: every row judged, every error listed, and
nothing saved unless the whole file is valid.

Reading the file is `spreadsheet_reading`; judging rows here is pure over lookups handed in
(regions by code, indicators by name or synonym, who may write for which region); saving goes
through the same services as every other write, in one transaction, with source kind "excel".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from luoshi.core.action_log import Actor
from luoshi.core.models import Region
from luoshi.indicators import selectors, services
from luoshi.indicators.excel_cells import CellError, cell_text, parse_number, parse_whole
from luoshi.indicators.excel_columns import (
    MEASURE_BY_WORD,
    OBSERVATION_COLUMNS,
    QUALIFIER_BY_WORD,
    TARGET_COLUMNS,
)
from luoshi.indicators.models import Indicator, Observation, PeriodKind, SourceKind, Target
from luoshi.indicators.spreadsheet_reading import SheetError, SheetRow, read_sheet

HEADINGS = {c.key: c.heading for c in (*TARGET_COLUMNS, *OBSERVATION_COLUMNS)}
MAX_ERRORS_SHOWN = 500

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column heading, or "" for the row as a whole
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.reason}"


@dataclass
class ImportOutcome(Generic[RowT]):
    rows: list[RowT] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def saved(self) -> int:
        return self.created + self.updated


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
        for name, messages in error.message_dict.items():
            for message in messages:
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


def _lookups(actor: Actor, sheet_rows: Sequence[SheetRow], permission: str) -> Lookups:
    codes = {cell_text(r.cells.get("region")) for r in sheet_rows}
    regions = selectors.regions_by_code({c for c in codes if c.isdigit() and len(c) in (6, 9)})
    allowed: dict[str, bool] = {}

    def may_write(region: Region) -> bool:
        if region.code not in allowed:
            allowed[region.code] = actor is None or bool(actor.has_perm(permission, region))  # type: ignore[union-attr]
        return allowed[region.code]

    return Lookups(regions=regions, indicators=selectors.indicator_lookup(), may_write=may_write)


def _source(filename: str, row: int) -> services.SourceRef:
    return services.SourceRef(kind=SourceKind.EXCEL, text=f"{filename[:200]} 第{row}行")


def targets_import(*, actor: Actor, data: bytes, filename: str) -> ImportOutcome[TargetRow]:
    """Validate every row; when all are valid, set every target in one transaction."""
    try:
        sheet_rows = read_sheet(data, TARGET_COLUMNS)
    except SheetError as error:
        return ImportOutcome(file_error=str(error))
    outcome = targets_validate(sheet_rows, _lookups(actor, sheet_rows, "indicators.change_target"))
    if not outcome.ok:
        return outcome
    existing = set(
        Target.objects.filter(
            region__in={r.region.pk for r in outcome.rows}, year__in={r.year for r in outcome.rows}
        ).values_list("region_id", "year", "indicator_id", "measure")
    )
    _save_all(
        outcome,
        lambda row: services.target_set(
            actor=actor,
            region=row.region,
            year=row.year,
            indicator=row.indicator,
            measure=row.measure,
            low=row.low,
            high=row.high,
            qualifier=row.qualifier,
            unit=row.unit,
            source=_source(filename, row.row),
        ),
        is_update=lambda row: (row.region.pk, row.year, row.indicator.pk, row.measure) in existing,
    )
    return outcome


def observations_import(
    *, actor: Actor, data: bytes, filename: str
) -> ImportOutcome[ObservationRow]:
    """Validate every row; when all are valid, record every figure in one transaction."""
    try:
        sheet_rows = read_sheet(data, OBSERVATION_COLUMNS)
    except SheetError as error:
        return ImportOutcome(file_error=str(error))
    outcome = observations_validate(
        sheet_rows, _lookups(actor, sheet_rows, "indicators.change_observation")
    )
    if not outcome.ok:
        return outcome
    existing = set(
        Observation.objects.filter(
            region__in={r.region.pk for r in outcome.rows},
            year__in={r.year for r in outcome.rows},
            period_kind=PeriodKind.MONTH,
        ).values_list("region_id", "year", "period_index", "indicator_id")
    )
    _save_all(
        outcome,
        lambda row: services.observation_record(
            actor=actor,
            region=row.region,
            indicator=row.indicator,
            year=row.year,
            period_kind=PeriodKind.MONTH,
            period_index=row.month,
            value=row.value,
            growth=row.growth,
            unit=row.unit,
            source=_source(filename, row.row),
        ),
        is_update=lambda row: (row.region.pk, row.year, row.month, row.indicator.pk) in existing,
    )
    return outcome


def _save_all(
    outcome: ImportOutcome[Any],
    save: Callable[[Any], object],
    *,
    is_update: Callable[[Any], bool],
) -> None:
    """Save every validated row in one transaction, counting new and changed rows; a refusal
    by a service rolls the whole file back and is reported against its row."""
    row: Any = None
    try:
        with transaction.atomic():
            for row in outcome.rows:
                updating = is_update(row)
                save(row)
                if updating:
                    outcome.updated += 1
                else:
                    outcome.created += 1
    except (ValidationError, PermissionDenied) as error:
        outcome.created = outcome.updated = 0
        outcome.errors.append(RowError(row.row if row is not None else 0, "", _reason(error)))


def _reason(error: Exception) -> str:
    """A service's refusal, worded for the sheet (the whole file was rolled back)."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages) + "（整个文件未保存）"
    return f"{error}（整个文件未保存）"
