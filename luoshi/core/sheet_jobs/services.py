"""Large spreadsheet imports run by the background worker, not in the request.

A file of more than LUOSHI_SHEET_INLINE_ROWS rows is previewed and applied by a job: the
upload is held (as for any preview), a `SheetJob` is queued after commit, and the page (or
the API's 202) points at the job, which shows how far it has got and then the preview, the
refusal or where the import went. Smaller files are answered at once, as before.

A job never stays busy forever: it is interrupted at LUOSHI_SHEET_TIME_LIMIT, and a job left
running past that (a killed worker) or queued past LUOSHI_QUEUE_WAIT_LIMIT (no worker) is
failed with the reason whenever anyone looks at it. The apply is one transaction, so a job
that dies midway has written nothing. The records it writes are logged by the services it
calls; the job itself is bookkeeping, like the held file.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.sheet_jobs import watching
from luoshi.core.sheet_jobs.kinds import SheetImportKind, kind_for
from luoshi.core.sheet_jobs.models import SheetJob, SheetJobStatus, SheetJobStep
from luoshi.core.spreadsheets import held
from luoshi.core.spreadsheets.outcome import PlanChanged
from luoshi.core.spreadsheets.reading import first_sheet_rows
from luoshi.core.spreadsheets.summary import plan_summary
from luoshi.core.time_limits import TimeLimitExceeded, time_limit

logger = logging.getLogger("luoshi.imports")


def inline_rows() -> int:
    return int(getattr(settings, "LUOSHI_SHEET_INLINE_ROWS", 2000))


def time_limit_seconds() -> int:
    return int(getattr(settings, "LUOSHI_SHEET_TIME_LIMIT", 480))


def queue_wait_seconds() -> int:
    return int(getattr(settings, "LUOSHI_QUEUE_WAIT_LIMIT", 900))


def runs_in_background(data: bytes) -> bool:
    """Whether a file is large enough to be previewed and applied by the worker."""
    return first_sheet_rows(data) > inline_rows()


def sheet_job_start(
    *,
    actor: Any,
    kind: str,
    step: str,
    data: bytes,
    params: dict[str, Any],
    file_name: str = "",
) -> SheetJob:
    """Hold the file and queue its preview or apply (queued once the transaction commits)."""
    kind_for(kind)  # an unknown kind is a programming error, refused before anything is kept
    job = SheetJob(
        owner=actor,
        kind=kind,
        step=step,
        token=held.hold(int(actor.pk), data),
        file_name=file_name[:200],
        params=params,
        status=SheetJobStatus.QUEUED,
        state_since=timezone.now(),
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _enqueue_or_fail(job.pk))
    return job


def _enqueue_or_fail(job_id: int) -> None:
    from luoshi.core.tasks import run_sheet_job_task

    try:
        run_sheet_job_task.enqueue(job_id)
    except Exception:
        logger.exception("Could not queue spreadsheet job %s", job_id)
        _finish(
            job_id,
            SheetJobStatus.FAILED,
            error=_(
                "未能排入后台处理队列（任务队列服务暂时不可用），没有保存任何数据。请稍后重新上传。"
            ),
        )


def sheet_jobs_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Fail the jobs a killed worker left running, or that no worker ever took."""
    now = now or timezone.now()
    running_since = now - dt.timedelta(seconds=time_limit_seconds() + 60)
    queued_since = now - dt.timedelta(seconds=queue_wait_seconds())
    stalled = SheetJob.objects.filter(
        status=SheetJobStatus.RUNNING, state_since__lt=running_since
    ).update(
        status=SheetJobStatus.FAILED,
        state_since=now,
        error=_(
            "处理超过 %(minutes)d 分钟仍未完成（后台任务可能已中断），没有保存任何数据。"
            "请重新上传。"
        )
        % {"minutes": _minutes(time_limit_seconds())},
    )
    never_started = SheetJob.objects.filter(
        status=SheetJobStatus.QUEUED, state_since__lt=queued_since
    ).update(
        status=SheetJobStatus.FAILED,
        state_since=now,
        error=_(
            "排队超过 %(minutes)d 分钟仍未开始（后台任务可能没有运行），没有保存任何数据。"
            "请联系系统管理员检查后台任务后重新上传。"
        )
        % {"minutes": _minutes(queue_wait_seconds())},
    )
    return stalled + never_started


def sheet_job_settled(job: SheetJob) -> SheetJob:
    """The job as it stands: one whose worker died reads failed, not busy. The stale sweep
    runs only while the job looked at is busy, not on every look at a finished one."""
    if job.is_busy and sheet_jobs_fail_stale():
        job.refresh_from_db()
    return job


def _minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))


def sheet_job_run(job_id: int) -> str:
    """The worker's step: take the queued job, run its preview or apply within the time
    limit, and record the outcome. Returns the job's status."""
    sheet_jobs_fail_stale()
    with transaction.atomic():
        job = SheetJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != SheetJobStatus.QUEUED:
            return job.status if job is not None else "missing"
        SheetJob.objects.filter(pk=job.pk).update(
            status=SheetJobStatus.RUNNING, state_since=timezone.now(), progress=0
        )
    data = held.fetch(job.owner_id, job.token)
    if data is None:
        return _finish(
            job.pk,
            SheetJobStatus.FAILED,
            error=_("上传的文件已过期（保留一天）或已导入，请重新上传。"),
        )
    try:
        with time_limit(time_limit_seconds()), watching.watched(job):
            outcome = _run_step(kind_for(job.kind), job, data)
    except TimeLimitExceeded:
        return _finish(
            job.pk,
            SheetJobStatus.FAILED,
            error=_(
                "处理超过 %(minutes)d 分钟仍未完成，已停止，没有保存任何数据。"
                "请把文件分成几个较小的文件导入。"
            )
            % {"minutes": _minutes(time_limit_seconds())},
        )
    except (PermissionDenied, ValidationError) as refusal:
        reason = "；".join(getattr(refusal, "messages", [])) or _("没有权限进行这项导入。")
        return _finish(job.pk, SheetJobStatus.FAILED, error=reason)
    except Exception:
        logger.exception("Spreadsheet job %s failed", job.pk)
        return _finish(
            job.pk,
            SheetJobStatus.FAILED,
            error=_(
                "处理时出现意外错误，没有保存任何数据。请稍后重新上传；"
                "如果反复出现，请联系系统管理员。"
            ),
        )
    return _finish(job.pk, SheetJobStatus.DONE, result=outcome)


def _run_step(kind: SheetImportKind, job: SheetJob, data: bytes) -> dict[str, Any]:
    actor, params = job.owner, job.params
    if job.step == SheetJobStep.PREVIEW:
        return {"summary": plan_summary(kind.plan(actor, data, params))}
    try:
        result = kind.apply(actor, data, params, params.get("digest") or None)
    except PlanChanged as changed:
        fresh = kind.plan(actor, data, params)
        return {"summary": plan_summary(fresh), "warning": "；".join(changed.messages)}
    if not result.ok:
        return {"summary": plan_summary(result)}
    held.release(job.owner_id, job.token)
    message, url = kind.done(result, params)
    return {"created": result.created, "updated": result.updated, "message": message, "url": url}


def _finish(
    job_id: int, status: str, *, result: dict[str, Any] | None = None, error: str = ""
) -> str:
    SheetJob.objects.filter(pk=job_id).update(
        status=status,
        progress=100,
        result=result or {},
        error=error,
        state_since=timezone.now(),
    )
    watching.forget(job_id)
    return status
