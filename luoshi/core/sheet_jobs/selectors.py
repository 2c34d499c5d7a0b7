"""Reading spreadsheet jobs: a person sees only their own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from luoshi.core.sheet_jobs import watching
from luoshi.core.sheet_jobs.kinds import SheetImportKind, kind_for
from luoshi.core.sheet_jobs.models import SheetJob, SheetJobStatus, SheetJobStep
from luoshi.core.spreadsheets import progress


def sheet_job_of(user: Any, job_id: int) -> SheetJob | None:
    return SheetJob.objects.filter(pk=job_id, owner_id=user.pk).first()


def job_kind(job: SheetJob) -> SheetImportKind:
    return kind_for(job.kind)


def progress_text(job: SheetJob, seen: dict[str, Any]) -> str:
    """Where the job is, in a sentence: queued, or the row it has reached."""
    if job.status == SheetJobStatus.QUEUED:
        return _("排队中，等待后台处理……")
    done, total = seen["done"], seen["total"]
    if seen["phase"] == progress.WRITING and total:
        return _("正在保存：第 %(done)d 行，共 %(total)d 行") % {"done": done, "total": total}
    if seen["phase"] == progress.READING and total:
        return _("正在读取表格：第 %(done)d 行，共 %(total)d 行") % {"done": done, "total": total}
    if job.step == SheetJobStep.APPLY:
        return _("正在导入……")
    return _("正在读取和核对表格……")


def job_outcome(job: SheetJob) -> dict[str, Any]:
    """What the finished job says: the stored plan summary (its preview or its refusal), a
    warning that the plan changed, or the apply's message and where it went."""
    result = job.result or {}
    summary = result.get("summary")
    return {
        "summary": summary,
        "warning": result.get("warning", ""),
        "message": result.get("message", ""),
        "url": result.get("url", ""),
        "applied": job.status == SheetJobStatus.DONE and "url" in result,
        # The preview can be confirmed while its file is held and it has work to apply.
        "confirmable": bool(summary and summary["ok"] and summary["has_work"]),
    }


def job_progress(job: SheetJob) -> dict[str, Any]:
    seen = watching.seen(job)
    return {**seen, "text": progress_text(job, seen)}
