"""Import batches: create (deduplicated), read (background), review, commit (all or nothing)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Visibility
from luoshi.engagement.models import Meeting
from luoshi.engagement.services import meeting_create
from luoshi.imports import reading
from luoshi.imports.meetings import meeting_inputs
from luoshi.imports.models import BatchStatus, Decision, ImportBatch, ImportItem, ItemKind
from luoshi.imports.selectors import item_problems
from luoshi.indicators.models import Indicator, Qualifier, SourceKind
from luoshi.indicators.selectors import indicator_by_name
from luoshi.indicators.services import RankInput, SourceRef, observation_record, target_set
from luoshi.reports.models import ReportVersion, VersionKind, WorkReport
from luoshi.reports.services import report_create, report_version_create

logger = logging.getLogger("luoshi.imports")

MAX_IMPORT_BYTES: int = getattr(settings, "LUOSHI_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
BATCH_EDITABLE_FIELDS = frozenset(
    {"region", "year", "title", "version_kind", "create_version", "create_meetings"}
)
MEETING_DOC_TYPES = frozenset({"consultation", "deliberation", "meeting", "review", "other"})


@dataclass
class BatchCreated:
    batch: ImportBatch
    duplicate: bool


def import_batch_create(*, actor: Actor, file_name: str, content: bytes) -> BatchCreated:
    """Store the original file; the same bytes twice give back the first batch."""
    if actor is None:
        raise ValueError("An import is always uploaded by a person.")
    ensure_allowed(actor, "imports.add_importbatch")
    if not content:
        raise ValidationError({"file": _("文件是空的。")})
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(
            {"file": _("文件超过 %(mb)d MB 的上限。") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}}
        )
    digest = hashlib.sha256(content).hexdigest()
    existing = ImportBatch.objects.filter(sha256=digest).first()
    if existing is not None:
        return BatchCreated(existing, duplicate=True)
    batch = ImportBatch(
        uploaded_by_id=actor.pk,  # type: ignore[misc]  # Actor includes AnonymousUser, whose pk is None
        file_name=(file_name or "粘贴的文本.txt")[:200],
        content=content,
        sha256=digest,
        size=len(content),
    )
    save_with_log(actor=actor, instance=batch, verb="import.uploaded")
    return BatchCreated(batch, duplicate=False)


def import_batch_read(*, batch_id: int) -> ImportBatch:
    """Run the document reader and lay out the items for review. Called by the background task."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status not in (BatchStatus.QUEUED, BatchStatus.FAILED):
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.READING, progress=10, error=""
    )
    try:
        extraction = reading.read_document(bytes(batch.content), batch.file_name)
    except ValueError as error:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, progress=100, error=str(error)
        )
        batch.refresh_from_db()
        return batch
    except Exception:
        logger.exception("Reading import batch %s failed", batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, progress=100, error=_("识别时出错，请联系系统管理员。")
        )
        batch.refresh_from_db()
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(progress=70)
    contract = extraction["contract"]
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        batch.items.all().delete()
        ImportItem.objects.bulk_create(
            [
                ImportItem(
                    batch=batch,
                    kind=draft.kind,
                    position=draft.position,
                    start=draft.start,
                    end=draft.end,
                    extracted=draft.extracted,
                )
                for draft in reading.item_drafts(extraction)
            ]
        )
        batch.extraction = extraction
        batch.doc_type = contract.get("doc_type") or ""
        batch.region = reading.resolve_region(contract.get("region"))
        batch.year = reading.report_year(extraction)
        batch.title = (contract.get("title") or "")[:200]
        batch.create_version = batch.doc_type == "work_report"
        batch.create_meetings = batch.doc_type in MEETING_DOC_TYPES and bool(contract.get("events"))
        batch.status = BatchStatus.REVIEW
        batch.progress = 100
        batch.save()
        log_action(actor=None, verb="import.read", target=batch, after={"doc_type": batch.doc_type})
    return batch


def import_batch_update(
    *, actor: Actor, batch: ImportBatch, changes: dict[str, Any]
) -> ImportBatch:
    unknown = set(changes) - BATCH_EDITABLE_FIELDS
    if unknown:
        raise ValueError(
            f"Fields that cannot be changed on an import: {', '.join(sorted(unknown))}"
        )
    ensure_allowed(actor, "imports.change_importbatch", batch)
    _ensure_reviewable(batch)
    for name, value in changes.items():
        setattr(batch, name, value)
    return save_with_log(actor=actor, instance=batch, verb="import.updated")


def _ensure_reviewable(batch: ImportBatch) -> None:
    if batch.status != BatchStatus.REVIEW:
        raise ValidationError(_("这个导入已不在审核阶段。"))


def import_item_decide(
    *, actor: Actor, item: ImportItem, decision: str, edited: dict[str, Any] | None = None
) -> ImportItem:
    ensure_allowed(actor, "imports.change_importbatch", item.batch)
    _ensure_reviewable(item.batch)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("未知的处理方式。")})
    if decision == Decision.EDITED:
        if not edited:
            raise ValidationError({"edited": _("请填写修改后的内容。")})
        item.edited = {**item.extracted, **edited}
    elif decision == Decision.ACCEPTED:
        item.edited = None  # accepting takes the value as read
    item.decision = decision
    return save_with_log(actor=actor, instance=item, verb=f"import_item.{decision}")


def import_items_accept_pending(
    *, actor: Actor, batch: ImportBatch, kind: str | None = None
) -> int:
    """Accept the untouched items (of one kind); those that could not be committed as read
    (see selectors.item_problems) stay pending, for the reviewer to fix or reject."""
    ensure_allowed(actor, "imports.change_importbatch", batch)
    _ensure_reviewable(batch)
    items = batch.items.filter(decision=Decision.PENDING)
    if kind:
        items = items.filter(kind=kind)
    problems = item_problems(list(items))
    count = items.exclude(pk__in=problems).update(decision=Decision.ACCEPTED)
    log_action(
        actor=actor,
        verb="import.accepted_pending",
        target=batch,
        after={"kind": kind, "count": count},
    )
    return count


@dataclass
class CommitResult:
    report: WorkReport | None
    version: ReportVersion | None
    targets: int = 0
    observations: int = 0
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
    indicator = indicator_by_name(str(item.value.get("name") or ""))
    assert indicator is not None, "item_problems() vets names before commit"
    return indicator


def import_batch_commit(*, actor: Actor, batch: ImportBatch) -> CommitResult:
    """Create the report version, targets and observations from the accepted items, in one
    transaction: any problem leaves nothing written and says which items to fix."""
    ensure_allowed(actor, "imports.change_importbatch", batch)
    _ensure_reviewable(batch)
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
        result = CommitResult(report=report, version=version)
        for item in taken:
            source = _source_for(item, extraction, version, anchors)
            try:
                if item.kind == ItemKind.TARGET:
                    _commit_target(actor, region, year, item, resolved[item.pk], source)
                    result.targets += 1
                elif item.kind == ItemKind.INDICATOR:
                    _commit_observation(actor, region, year, item, resolved[item.pk], source)
                    result.observations += 1
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
    from datetime import date

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
