"""Import batches: create (deduplicated), read (background), review, commit (all or nothing)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.time_limits import TimeLimitExceeded, time_limit
from luoshi.core.workflow import require_state
from luoshi.imports import read_jobs, reading
from luoshi.imports.models import BatchStatus, Decision, ImportBatch, ImportItem, ItemKind
from luoshi.imports.search_indexing import index_batch_after_commit
from luoshi.imports.selectors import item_problems

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
    # The same file had been uploaded before and its reading had failed: it is read again.
    restarted: bool = False


def import_batch_create(*, actor: Actor, file_name: str, content: bytes) -> BatchCreated:
    """Store the original file and queue its reading (after commit). The same bytes twice give
    back the first batch — read again when its reading had failed or stalled."""
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
    read_jobs.import_batches_fail_stale()
    existing = ImportBatch.objects.filter(sha256=digest).first()
    if existing is not None:
        if existing.status != BatchStatus.FAILED:
            return BatchCreated(existing, duplicate=True)
        batch = read_jobs.import_batch_requeue(actor=actor, batch=existing)
        return BatchCreated(batch, duplicate=True, restarted=True)
    batch = ImportBatch(
        uploaded_by_id=actor.pk,  # type: ignore[misc]  # Actor includes AnonymousUser, whose pk is None
        file_name=(file_name or "粘贴的文本.txt")[:200],
        content=content,
        sha256=digest,
        size=len(content),
        state_since=timezone.now(),
    )
    with transaction.atomic():
        save_with_log(actor=actor, instance=batch, verb="import.uploaded")
        read_jobs.enqueue_read(batch.pk)
    return BatchCreated(batch, duplicate=False)


def import_batch_read(*, batch_id: int) -> ImportBatch:
    """Run the document reader and lay out the items for review. Called by the background task;
    the reader is interrupted at the reading time limit."""
    started = ImportBatch.objects.filter(
        pk=batch_id, status__in=(BatchStatus.QUEUED, BatchStatus.FAILED)
    ).update(status=BatchStatus.READING, progress=10, error="", state_since=timezone.now())
    batch = ImportBatch.objects.get(pk=batch_id)
    if not started:
        return batch
    try:
        with time_limit(read_jobs.READ_TIME_LIMIT):
            extraction = reading.read_document(bytes(batch.content), batch.file_name)
    except ValueError as error:
        return _read_failed(batch, str(error))
    except TimeLimitExceeded:
        return _read_failed(
            batch,
            _(
                "识别超过 %(minutes)d 分钟仍未完成，已停止。"
                "文件可能过大或过于复杂，可拆分后重新上传。"
            )
            % {"minutes": max(1, read_jobs.READ_TIME_LIMIT // 60)},
        )
    except Exception:
        logger.exception("Reading import batch %s failed", batch.pk)
        return _read_failed(batch, _("识别时出错，请联系系统管理员。"))
    ImportBatch.objects.filter(pk=batch.pk).update(progress=70)
    return _lay_out(batch, extraction)


def _read_failed(batch: ImportBatch, reason: str) -> ImportBatch:
    read_jobs.batch_fail(batch, reason)
    batch.refresh_from_db()
    return batch


def _lay_out(batch: ImportBatch, extraction: dict[str, Any]) -> ImportBatch:
    """Store the reading and its items for review, all or nothing."""
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
        index_batch_after_commit(batch.pk)
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
    ensure_reviewable(batch)
    for name, value in changes.items():
        setattr(batch, name, value)
    batch = save_with_log(actor=actor, instance=batch, verb="import.updated")
    index_batch_after_commit(batch.pk)
    return batch


def ensure_reviewable(batch: ImportBatch) -> None:
    require_state(batch, BatchStatus.REVIEW, _("这个导入已不在审核阶段。"), field="status")


FIGURE_KINDS = (ItemKind.TARGET, ItemKind.INDICATOR)


def import_item_decide(
    *, actor: Actor, item: ImportItem, decision: str, edited: dict[str, Any] | None = None
) -> ImportItem:
    ensure_allowed(actor, "imports.change_importbatch", item.batch)
    ensure_reviewable(item.batch)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("未知的处理方式。")})
    if decision == Decision.EDITED:
        if not edited:
            raise ValidationError({"edited": _("请填写修改后的内容。")})
        item.edited = {**item.extracted, **edited}
        renamed = edited.get("name", item.extracted.get("name")) != item.extracted.get("name")
        if item.kind in FIGURE_KINDS and "key" not in edited and renamed:
            # A renamed figure is what the reviewer named: the reader's catalogue key for
            # the old name no longer applies.
            item.edited["key"] = None
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
    ensure_reviewable(batch)
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
