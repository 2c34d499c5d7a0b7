"""The life of a document's reading job: queued, reading, and what happens when it stalls.

A reading job can die without a word: the worker killed, the database gone for a moment, the
queue unreachable when the upload was committed. A batch must never stay 排队中 or 识别中
forever. So:

- Each state change to queued or reading records when (`state_since`).
- A batch reading longer than READ_TIME_LIMIT, or queued longer than QUEUE_WAIT_LIMIT, is
  failed with the reason, whenever anyone looks at it (its page, its progress bar, the list,
  the API) and when the worker starts — no scheduler needed. The reader itself is also
  interrupted at READ_TIME_LIMIT when it runs in the worker.
- A failed batch can be read again (重新识别), and uploading the same file again starts a new
  read instead of reopening the failed one.
- Queueing happens after the upload commits; if the queue cannot be reached, the batch is
  failed at once with that reason (retryable), so the answer the user gets is true.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action
from luoshi.core.authorization import ensure_allowed
from luoshi.core.workflow import require_state
from luoshi.imports.models import BatchStatus, ImportBatch

logger = logging.getLogger("luoshi.imports")

READ_TIME_LIMIT: int = getattr(settings, "LUOSHI_READ_TIME_LIMIT", 300)
QUEUE_WAIT_LIMIT: int = getattr(settings, "LUOSHI_QUEUE_WAIT_LIMIT", 900)


def _minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))


def stale_batches(now: dt.datetime | None = None) -> Q:
    """Batches whose job has outlived its limit (reading) or never started (queued)."""
    now = now or timezone.now()
    return Q(
        status=BatchStatus.READING, state_since__lt=now - dt.timedelta(seconds=READ_TIME_LIMIT)
    ) | Q(status=BatchStatus.QUEUED, state_since__lt=now - dt.timedelta(seconds=QUEUE_WAIT_LIMIT))


def import_batches_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Fail every stalled batch with the reason; returns how many."""
    now = now or timezone.now()
    failed = 0
    with transaction.atomic():
        for batch in ImportBatch.objects.select_for_update().filter(stale_batches(now)):
            if batch.status == BatchStatus.READING:
                reason = _(
                    "识别超过 %(minutes)d 分钟仍未完成（后台任务可能已中断），已停止。"
                    "可点击“重新识别”再试。"
                ) % {"minutes": _minutes(READ_TIME_LIMIT)}
            else:
                reason = _(
                    "排队超过 %(minutes)d 分钟仍未开始（后台任务可能没有运行），已停止。"
                    "请联系系统管理员检查后台任务，再点击“重新识别”。"
                ) % {"minutes": _minutes(QUEUE_WAIT_LIMIT)}
            batch_fail(batch, reason, verb="import.stalled")
            failed += 1
    return failed


def batch_fail(batch: ImportBatch, reason: str, *, verb: str | None = None) -> None:
    """Mark the batch failed with the reason (retryable); with `verb`, log it as that step
    (a reading that ends in failure is not logged: nothing was written)."""
    before = {"status": batch.status}
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED, progress=100, error=reason, state_since=timezone.now()
    )
    if verb is not None:
        log_action(actor=None, verb=verb, target=batch, before=before, after={"status": "failed"})


def import_batch_requeue(*, actor: Actor, batch: ImportBatch) -> ImportBatch:
    """Read a failed (or stalled) batch again: back to the queue, queued after commit."""
    ensure_allowed(actor, "imports.change_importbatch", batch)
    import_batches_fail_stale()
    with transaction.atomic():
        stored = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        require_state(
            stored, BatchStatus.FAILED, _("这个导入没有失败，不需要重新识别。"), field="status"
        )
        ImportBatch.objects.filter(pk=stored.pk).update(
            status=BatchStatus.QUEUED, progress=0, error="", state_since=timezone.now()
        )
        log_action(actor=actor, verb="import.requeued", target=stored)
        enqueue_read(stored.pk)
    stored.refresh_from_db()
    return stored


def enqueue_read(batch_id: int) -> None:
    """Queue the reading once the surrounding transaction commits (so the worker finds the
    batch); if the queue cannot be reached then, fail the batch with that reason."""
    transaction.on_commit(lambda: _enqueue_or_fail(batch_id))


def _enqueue_or_fail(batch_id: int) -> None:
    from luoshi.imports.tasks import read_import_batch_task

    try:
        read_import_batch_task.enqueue(batch_id)
    except Exception:
        logger.exception("Could not queue the reading of import batch %s", batch_id)
        batch = ImportBatch.objects.filter(pk=batch_id).first()
        if batch is not None:
            batch_fail(
                batch,
                _(
                    "文件已保存，但未能排入后台识别队列（任务队列服务暂时不可用）。"
                    "请稍后点击“重新识别”。"
                ),
                verb="import.queue_failed",
            )
