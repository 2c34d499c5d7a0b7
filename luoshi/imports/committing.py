"""Commit an import batch: the report version, targets, actuals, commitments and meetings from
the accepted items, in one transaction — any problem leaves nothing written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Visibility
from luoshi.engagement.meeting_services import meeting_create
from luoshi.engagement.models import Meeting
from luoshi.imports import reading
from luoshi.imports.meetings import meeting_inputs
from luoshi.imports.models import BatchStatus, Decision, ImportBatch, ImportItem, ItemKind
from luoshi.imports.search_indexing import index_batch_after_commit
from luoshi.imports.selectors import item_problems, write_refusal
from luoshi.imports.services import ensure_reviewable
from luoshi.indicators.models import Indicator, Qualifier, SourceKind
from luoshi.indicators.selectors import indicator_by_name
from luoshi.indicators.services import RankInput, SourceRef, observation_record, target_set
from luoshi.reports.models import ReportVersion, VersionKind, WorkReport
from luoshi.reports.services import commitment_record, report_create, report_version_create


@dataclass
class CommitResult:
    report: WorkReport | None
    version: ReportVersion | None
    targets: int = 0
    observations: int = 0
    commitments: int = 0
    meetings: list[Meeting] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError(_("“%(value)s”不是数字。") % {"value": value}) from error


def _indicator_for(item: ImportItem) -> Indicator:
    value = item.value
    indicator = indicator_by_name(str(value.get("name") or "")) or indicator_by_name(
        str(value.get("key") or "")
    )
    assert indicator is not None, "item_problems() vets names before commit"
    return indicator


def import_batch_commit(*, actor: Actor, batch: ImportBatch) -> CommitResult:
    """Create the report version, targets and observations from the accepted items, in one
    transaction: any problem leaves nothing written and says which items to fix."""
    ensure_allowed(actor, "imports.change_importbatch", batch)
    ensure_reviewable(batch)
    refusal = write_refusal(user=actor, batch=batch)
    if refusal:
        raise PermissionDenied(refusal)
    if batch.region is None:
        raise ValidationError({"region": _("请先确定文档所属的行政区划。")})
    region: Region = batch.region
    extraction = batch.extraction or {}
    taken = list(
        batch.items.filter(decision__in=[Decision.ACCEPTED, Decision.EDITED]).order_by(
            "kind", "position"
        )
    )
    figures = any(i.kind in (ItemKind.TARGET, ItemKind.INDICATOR) for i in taken)
    if batch.year is None and (batch.create_version or figures):
        raise ValidationError({"year": _("请先确定报告年度。")})
    blocking = item_problems(taken)
    if blocking:
        raise ValidationError(
            [
                f"{item.get_kind_display()}#{item.position + 1}：{blocking[item.pk]}"
                for item in taken
                if item.pk in blocking
            ]
        )
    resolved = {
        item.pk: _indicator_for(item)
        for item in taken
        if item.kind in (ItemKind.TARGET, ItemKind.INDICATOR)
    }

    # Checked above: a year is there whenever a version or figures are written.
    year = batch.year or 0
    with transaction.atomic():
        report: WorkReport | None = None
        version: ReportVersion | None = None
        anchors: list[str] = []
        if batch.create_version:
            report = WorkReport.objects.filter(region=region, year=year).first()
            contract = extraction.get("contract", {})
            if report is None:
                report = report_create(
                    actor=actor,
                    region=region,
                    year=year,
                    title=batch.title if batch.title and batch.title != "政府工作报告" else "",
                    delivered_on=_date_or_none(contract.get("date")),
                    speaker_name=_speaker(contract),
                )
            version = report_version_create(
                actor=actor,
                report=report,
                kind=batch.version_kind or VersionKind.ADOPTED,
                blocks=reading.report_blocks(extraction),
                # Stored with the version: Chinese whatever the committer's interface language.
                label=f"由文档“{batch.file_name[:60]}”导入",
            )
            anchors = list(version.paragraphs.order_by("order").values_list("anchor", flat=True))
        elif any(i.kind == ItemKind.COMMITMENT for i in taken):
            report = WorkReport.objects.filter(region=region, year=year).first()
            if report is None:
                raise ValidationError(
                    _(
                        "承诺事项要记入%(year)s年的政府工作报告：请勾选“生成报告版本”，"
                        "或先建立这份报告。"
                    )
                    % {"year": year}
                )
        result = CommitResult(report=report, version=version)
        for item in taken:
            if item.kind in (ItemKind.TARGET, ItemKind.INDICATOR) and reading.is_span(
                str(item.value.get("period") or "")
            ):
                # The tables hold one year's targets and figures; a five-year goal or review
                # stays in the report's text.
                result.skipped.append(f"{item.value.get('name')}（{item.value.get('period')}）")
                continue
            source = _source_for(item, extraction, version, anchors)
            try:
                if item.kind == ItemKind.TARGET:
                    _commit_target(actor, region, year, item, resolved[item.pk], source)
                    result.targets += 1
                elif item.kind == ItemKind.INDICATOR:
                    _commit_observation(actor, region, year, item, resolved[item.pk], source)
                    result.observations += 1
                elif item.kind == ItemKind.COMMITMENT and report is not None:
                    commitment_record(
                        actor=actor,
                        report=report,
                        text=str(item.value.get("text") or ""),
                        section=str(item.value.get("section") or ""),
                        version=source.version,
                        anchor=source.anchor,
                    )
                    result.commitments += 1
            except ValidationError as error:
                raise ValidationError(
                    f"{item.get_kind_display()}#{item.position + 1}：{'；'.join(error.messages)}"
                ) from error
        if batch.create_meetings:
            result.meetings = _commit_meetings(actor, batch, region, taken, extraction)
        batch.status = BatchStatus.COMMITTED
        batch.committed_at = timezone.now()
        batch.committed_by_id = actor.pk if actor is not None else None
        batch.report, batch.version = report, version
        save_with_log(
            actor=actor, instance=batch, verb="import.committed", visibility=Visibility.ADMIN
        )
        index_batch_after_commit(batch.pk)
    return result


def _commit_meetings(
    actor: Actor,
    batch: ImportBatch,
    region: Region,
    taken: list[ImportItem],
    extraction: dict[str, Any],
) -> list[Meeting]:
    """A meeting record per accepted event, with the accepted people and instructions."""

    def values(kind: str) -> list[dict[str, Any]]:
        return [item.value for item in taken if item.kind == kind]

    year = batch.year
    report = (
        WorkReport.objects.filter(region=region, year__in=[year, year + 1])
        .order_by("-year")
        .first()
        if year
        else None
    )
    title = batch.title or str(extraction.get("contract", {}).get("title") or "")
    return [
        meeting_create(actor=actor, data=data)
        for data in meeting_inputs(
            events=values(ItemKind.EVENT),
            people=values(ItemKind.PERSON),
            instructions=values(ItemKind.INSTRUCTION),
            title=title,
            region=region,
            report=report,
        )
    ]


def _date_or_none(value: Any) -> Any:
    try:
        return date.fromisoformat(str(value)) if value and len(str(value)) == 10 else None
    except ValueError:
        return None


def _speaker(contract: dict[str, Any]) -> str:
    for person in contract.get("people") or []:
        return str(person.get("name") or "")
    return ""


def _source_for(
    item: ImportItem, extraction: dict[str, Any], version: ReportVersion | None, anchors: list[str]
) -> SourceRef:
    index = reading.paragraph_index(extraction, item.start)
    anchor = (
        anchors[index] if version is not None and index is not None and index < len(anchors) else ""
    )
    return SourceRef(
        kind=SourceKind.IMPORT,
        version=version,
        anchor=anchor,
        text=reading.source_excerpt(extraction, item.start, item.end),
    )


def _commit_target(
    actor: Actor,
    region: Region,
    year: int,
    item: ImportItem,
    indicator: Indicator,
    source: SourceRef,
) -> None:
    value = item.value
    period = reading.observation_period(value.get("period"), year)
    qualifier = value.get("qualifier") or Qualifier.EXACT
    target_set(
        actor=actor,
        region=region,
        year=period[0] if period else year,
        indicator=indicator,
        measure=value.get("measure") or indicator.measure,
        low=_decimal(value.get("low")),
        high=_decimal(value.get("high")),
        qualifier=qualifier,
        direction=value.get("direction") or indicator.direction,
        unit=value.get("unit") or "",
        source=source,
        relative_to=str(value.get("relative_to") or ""),
    )


def _commit_observation(
    actor: Actor,
    region: Region,
    year: int,
    item: ImportItem,
    indicator: Indicator,
    source: SourceRef,
) -> None:
    value = item.value
    # A work report reviews the year before the one it plans.
    period = reading.observation_period(value.get("period"), year - 1)
    if period is None:
        raise ValidationError(_("没有期间。"))
    observation_record(
        actor=actor,
        region=region,
        indicator=indicator,
        year=period[0],
        period_kind=period[1],
        period_index=period[2],
        value=_decimal(value.get("value")),
        growth=_decimal(value.get("growth")),
        unit=value.get("unit") or "",
        source=source,
        ranks=[
            RankInput(scope=str(r.get("scope") or ""), rank=r.get("rank"), change=r.get("change"))
            for r in value.get("ranks") or []
            # "进入全国前十" names a scope but no place: nothing to keep as a rank.
            if r.get("scope") and (r.get("rank") is not None or r.get("change") is not None)
        ],
    )
