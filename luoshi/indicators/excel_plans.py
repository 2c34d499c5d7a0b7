"""A sheet of targets or of monthly figures imported as an update: plan, then apply.

Offices download what is stored (the prefilled template is the export in the import layout),
revise it in Excel and upload it again. Each row is matched with what is stored under the
same key — a target by region, year, indicator and 目标类型 (the model's uniqueness), a
monthly figure by region, year, 截至月份 and indicator:

- a row whose key has nothing stored is **added**;
- a matched row that says something else is **changed**, cell by cell;
- a matched row that says what is stored is **unchanged**, and is not written again (its
  source stays where it came from);
- a row with an error is **refused**, with its row and column; then nothing is applied.

What the file leaves out is kept; the preview counts it. The apply plans again and goes ahead
only if the plan is the one previewed (its digest), every write through the logged services
(`target_set`, `observation_record`), all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor
from luoshi.core.spreadsheets.applying import apply_plan
from luoshi.core.spreadsheets.cells import cell_text
from luoshi.core.spreadsheets.columns import headings
from luoshi.core.spreadsheets.outcome import (
    ChangePlan,
    ImportOutcome,
    PlannedRow,
    RowAction,
    RowError,
    SheetPlan,
    cell_changes,
)
from luoshi.core.spreadsheets.reading import SheetError, SheetRow
from luoshi.indicators import services
from luoshi.indicators.excel_columns import (
    MEASURE_WORDS,
    OBSERVATION_COLUMNS,
    QUALIFIER_WORDS,
    TARGET_COLUMNS,
)
from luoshi.indicators.excel_import import (
    ObservationRow,
    TargetRow,
    lookups_for,
    observations_validate,
    read_sheet,
    targets_validate,
)
from luoshi.indicators.models import Observation, PeriodKind, SourceKind, Target

TARGET_HEADINGS = headings(TARGET_COLUMNS)
OBSERVATION_HEADINGS = headings(OBSERVATION_COLUMNS)
ONE_BOUND = ("exact", "about")  # 确定值, 左右: the target is the lower bound alone

RowT = TypeVar("RowT")


def figure_text(value: Decimal | None) -> str:
    """A figure as the comparison reads it: 5.5000 → "5.5", None → ""."""
    return "" if value is None else format(value.normalize(), "f")


def shown_high(qualifier: str, low: Decimal | None, high: Decimal | None) -> Decimal | None:
    """The upper bound as the sheet shows it: a 确定值 or 左右 target stores its value as both
    bounds, and the sheet leaves 上限 blank for it."""
    if qualifier in ONE_BOUND and (high is None or high == low):
        return None
    return high


def target_cells(target: Target) -> dict[str, str]:
    """The target as its row of the sheet, column key → text (region and indicator joined)."""
    return {
        "region": target.region.code,
        "year": str(target.year),
        "indicator": target.indicator.name,
        "measure": MEASURE_WORDS[target.measure],
        "low": figure_text(target.low),
        "high": figure_text(shown_high(target.qualifier, target.low, target.high)),
        "unit": target.unit,
        "qualifier": QUALIFIER_WORDS[target.qualifier],
    }


def _target_row_cells(row: TargetRow) -> dict[str, str]:
    """What the row says, in the words `target_cells` would give after the apply."""
    return {
        "region": row.region.code,
        "year": str(row.year),
        "indicator": row.indicator.name,
        "measure": MEASURE_WORDS[row.measure],
        "low": figure_text(row.low),
        "high": figure_text(shown_high(row.qualifier, row.low, row.high)),
        "unit": services.target_unit(indicator=row.indicator, measure=row.measure, unit=row.unit),
        "qualifier": QUALIFIER_WORDS[row.qualifier],
    }


def observation_cells(observation: Observation) -> dict[str, str]:
    return {
        "region": observation.region.code,
        "year": str(observation.year),
        "month": str(observation.period_index),
        "indicator": observation.indicator.name,
        "value": figure_text(observation.value),
        "unit": observation.unit,
        "growth": figure_text(observation.growth),
    }


def _observation_row_cells(row: ObservationRow) -> dict[str, str]:
    return {
        "region": row.region.code,
        "year": str(row.year),
        "month": str(row.month),
        "indicator": row.indicator.name,
        "value": figure_text(row.value),
        "unit": row.unit or row.indicator.unit,  # as observation_record stores it
        "growth": figure_text(row.growth),
    }


def _target_key(row: TargetRow) -> str:
    return f"{row.region.name}{row.year}年 {row.indicator.name}·{MEASURE_WORDS[row.measure]}"


def _observation_key(row: ObservationRow) -> str:
    span = "1月" if row.month == 1 else f"1–{row.month}月"
    return f"{row.region.name}{row.year}年{span} {row.indicator.name}"


@dataclass(frozen=True)
class _Kind(Generic[RowT]):
    """What differs between the two sheets; the planning is the same."""

    row_key: Callable[[RowT], Hashable]  # the stored record's identity, as the row names it
    row_cells: Callable[[RowT], dict[str, str]]
    record_key: Callable[[Any], Hashable]
    record_cells: Callable[[Any], dict[str, str]]
    key_text: Callable[[RowT], str]
    headings: dict[str, str]


TARGETS = _Kind[TargetRow](
    row_key=lambda r: (r.region.pk, r.year, r.indicator.pk, r.measure),
    row_cells=_target_row_cells,
    record_key=lambda t: (t.region_id, t.year, t.indicator_id, t.measure),
    record_cells=target_cells,
    key_text=_target_key,
    headings=TARGET_HEADINGS,
)
OBSERVATIONS = _Kind[ObservationRow](
    row_key=lambda r: (r.region.pk, r.year, r.month, r.indicator.pk),
    row_cells=_observation_row_cells,
    record_key=lambda o: (o.region_id, o.year, o.period_index, o.indicator_id),
    record_cells=observation_cells,
    key_text=_observation_key,
    headings=OBSERVATION_HEADINGS,
)


def _plan(
    kind: _Kind[RowT],
    sheet_rows: Sequence[SheetRow],
    judged: ImportOutcome[RowT],
    stored: Sequence[Any],
) -> SheetPlan[RowT]:
    """Each sheet row, in order, as added, changed, unchanged or refused; `stored` is every
    record of the regions and periods the file covers."""
    result: SheetPlan[RowT] = SheetPlan(ChangePlan(), rows=judged.rows)
    by_key = {kind.record_key(record): record for record in stored}
    valid = {row.row: row for row in judged.rows}  # type: ignore[attr-defined]
    errors_by_row: dict[int, list[RowError]] = {}
    for error in judged.errors:
        errors_by_row.setdefault(error.row, []).append(error)
    for sheet_row in sheet_rows:
        number = sheet_row.number
        row = valid.get(number)
        if number in errors_by_row or row is None:
            key = cell_text(sheet_row.cells.get("indicator"))[:30]
            refused = PlannedRow(
                number, key, RowAction.REFUSED, errors=errors_by_row.get(number, [])
            )
            result.plan.rows.append(refused)
            continue
        after = kind.row_cells(row)
        match = by_key.get(kind.row_key(row))
        if match is None:
            changes = cell_changes({}, {k: v for k, v in after.items() if v}, kind.headings)
            result.plan.rows.append(
                PlannedRow(number, kind.key_text(row), RowAction.ADDED, changes)
            )
            continue
        result.matches[number] = match
        changes = cell_changes(kind.record_cells(match), after, kind.headings)
        action = RowAction.CHANGED if changes else RowAction.UNCHANGED
        result.plan.rows.append(PlannedRow(number, kind.key_text(row), action, changes))
    matched = {record.pk for record in result.matches.values()}
    result.plan.untouched = sum(1 for record in stored if record.pk not in matched)
    return result


def _read(data: bytes, columns: Any) -> list[SheetRow] | str:
    try:
        return read_sheet(data, columns)
    except SheetError as error:
        return str(error)


def targets_plan(*, actor: Actor, data: bytes) -> SheetPlan[TargetRow]:
    """What the sheet of targets would do, written nowhere."""
    sheet_rows = _read(data, TARGET_COLUMNS)
    if isinstance(sheet_rows, str):
        return SheetPlan(ChangePlan(file_error=sheet_rows))
    judged = targets_validate(
        sheet_rows, lookups_for(actor, sheet_rows, "indicators.change_target")
    )
    scopes = {(r.region.pk, r.year) for r in judged.rows}
    stored = [
        t
        for t in Target.objects.filter(
            region__in={r for r, _y in scopes}, year__in={y for _r, y in scopes}
        ).select_related("region", "indicator")
        if (t.region_id, t.year) in scopes
    ]
    return _plan(TARGETS, sheet_rows, judged, stored)


def observations_plan(*, actor: Actor, data: bytes) -> SheetPlan[ObservationRow]:
    """What the sheet of monthly figures would do, written nowhere."""
    sheet_rows = _read(data, OBSERVATION_COLUMNS)
    if isinstance(sheet_rows, str):
        return SheetPlan(ChangePlan(file_error=sheet_rows))
    judged = observations_validate(
        sheet_rows, lookups_for(actor, sheet_rows, "indicators.change_observation")
    )
    scopes = {(r.region.pk, r.year, r.month) for r in judged.rows}
    stored = [
        o
        for o in Observation.objects.filter(
            region__in={s[0] for s in scopes},
            year__in={s[1] for s in scopes},
            period_kind=PeriodKind.MONTH,
        ).select_related("region", "indicator")
        if (o.region_id, o.year, o.period_index) in scopes
    ]
    return _plan(OBSERVATIONS, sheet_rows, judged, stored)


def _source(filename: str, row: int) -> services.SourceRef:
    return services.SourceRef(kind=SourceKind.EXCEL, text=f"{filename[:200]} 第{row}行")


def _apply(
    result: SheetPlan[Any],
    digest: str | None,
    save: Callable[[Any, Any], models.Model],
) -> SheetPlan[Any]:
    """The kit's apply: an added row saved as new, a changed one over its stored record."""
    return apply_plan(
        result,
        digest=digest,
        changed_message=_("预览之后，文件或系统中的数据已有变化：请核对新的预览后再确认。"),
        add=lambda row: save(row, None),
        change=save,
    )


def targets_apply(
    *, actor: Actor, data: bytes, filename: str, digest: str | None = None
) -> SheetPlan[TargetRow]:
    """Plan again and, when every row is valid (and the plan is the one previewed, if a
    `digest` is given), set the added and changed targets. Raises PlanChanged."""

    def save(row: TargetRow, stored: Target | None) -> Target:
        return services.target_set(
            actor=actor,
            region=row.region,
            year=row.year,
            indicator=row.indicator,
            measure=row.measure,
            low=row.low,
            high=row.high,
            qualifier=row.qualifier,
            # The sheet has no 方向 column: a changed target keeps the one it had.
            direction=stored.direction if stored is not None else None,
            unit=row.unit,
            source=_source(filename, row.row),
        )

    return _apply(targets_plan(actor=actor, data=data), digest, save)


def observations_apply(
    *, actor: Actor, data: bytes, filename: str, digest: str | None = None
) -> SheetPlan[ObservationRow]:
    """As `targets_apply`, for monthly figures (stated ranks of a changed figure are kept)."""

    def save(row: ObservationRow, _stored: Observation | None) -> Observation:
        return services.observation_record(
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
        )

    return _apply(observations_plan(actor=actor, data=data), digest, save)
