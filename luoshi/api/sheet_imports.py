"""What the API's update-imports answer (indicator targets and monthly figures, the key-project
list, the 分解表): the preview (200) of the plan, the count of what was applied (201), or the
refusal (422) with every error by row and column. A confirmation that sends the preview's
digest and meets a changed plan is refused by the services' PlanChanged (a ValidationError:
422).

A file of more than LUOSHI_SHEET_INLINE_ROWS rows (or any file sent with background=true) is
previewed or applied by the background worker: the answer is 202 with the job, whose `url`
(GET) tells its status and progress, then the same preview, count or errors. Rows listed in a
job's preview are capped at 1,000 (the counts are not)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from luoshi.core.sheet_jobs.models import SheetJob, SheetJobStatus
from luoshi.core.sheet_jobs.selectors import job_outcome, job_progress
from luoshi.core.sheet_jobs.services import runs_in_background, sheet_job_start
from luoshi.core.spreadsheets.outcome import ChangePlan, RowAction
from luoshi.core.spreadsheets.summary import MAX_ERRORS_SHOWN

BACKGROUND_HELP = (
    "超过 2000 行（或 background=true）的文件交给后台处理：返回 202 和任务，"
    "按任务的 url 查询进度，完成后得到同样的预览、导入数量或错误。"
)


class SheetCellChangeOut(Schema):
    column: str = Field(..., description="列标题")
    before: str
    after: str


class SheetRowOut(Schema):
    row: int = Field(..., description="Excel 中的行号")
    key: str = Field(..., description="该行对应的记录（如 项目编号、指标）")
    action: str = Field(..., description="added 新增 · changed 修改 · unchanged 未变")
    changes: list[SheetCellChangeOut]


class SheetPlanOut(Schema):
    digest: str = Field(..., description="确认导入时传回，保证保存的正是预览的内容")
    added: int
    changed: int
    unchanged: int
    untouched: int = Field(..., description="系统中有、表中没有的记录数（保持不变）")
    rows: list[SheetRowOut]


class SheetAppliedOut(Schema):
    created: int
    updated: int


class SheetErrorOut(Schema):
    row: int
    column: str
    message: str


class SheetJobOut(Schema):
    id: int
    url: str = Field(..., description="查询这个任务的地址")
    step: str = Field(..., description="preview 预览 · apply 导入")
    status: str = Field(
        ...,
        description="queued 排队中 · running 处理中 · done 已完成 · failed 未完成（可重新上传）",
    )
    progress: int = Field(..., description="进度（%）")
    detail: str = Field(..., description="未完成的原因，或文件有错误时的说明")
    errors: list[SheetErrorOut] = Field(default_factory=list)
    preview: SheetPlanOut | None = Field(None, description="预览完成时的预览（最多列出 1000 行）")
    applied: SheetAppliedOut | None = Field(None, description="导入完成时新增和修改的数量")


def plan_answer(result: Any, *, preview: bool) -> Any:
    """The answer to a preview (200) or an apply (201), or the refusal (422)."""
    if result.file_error:
        return refusal(result.file_error, [])
    if not result.ok:
        errors = [
            {"row": e.row, "column": e.column, "message": e.reason}
            for e in result.errors[:MAX_ERRORS_SHOWN]
        ]
        detail = _("有 %(n)d 行存在错误，整个文件未保存。") % {"n": result.error_rows}
        return refusal(detail, errors)
    if preview:
        return Status(200, plan_body(result.plan))
    return Status(201, {"created": result.created, "updated": result.updated})


def plan_body(plan: ChangePlan) -> dict[str, Any]:
    return {
        "digest": plan.digest(),
        "added": plan.count(RowAction.ADDED),
        "changed": plan.count(RowAction.CHANGED),
        "unchanged": plan.count(RowAction.UNCHANGED),
        "untouched": plan.untouched,
        "rows": plan.rows,
    }


def refusal(detail: str, errors: list[dict[str, Any]]) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=422, content_type="application/json"
    )


def wants_background(data: bytes, background: bool) -> bool:
    return background or runs_in_background(data)


def background_answer(
    request: Any, kind: str, step: str, data: bytes, params: dict[str, Any], file_name: str = ""
) -> Any:
    """Queue the file's preview or apply: 202 with the job."""
    job = sheet_job_start(
        actor=request.user, kind=kind, step=step, data=data, params=params, file_name=file_name
    )
    return Status(202, job_body(job))


def job_body(job: SheetJob) -> dict[str, Any]:
    """A job as the API shows it (SheetJobOut)."""
    outcome = job_outcome(job)
    summary = outcome["summary"]
    body: dict[str, Any] = {
        "id": job.pk,
        "url": f"/api/v1/sheet-imports/{job.pk}",
        "step": job.step,
        "status": job.status,
        "progress": job_progress(job)["progress"] if job.is_busy else job.progress,
        "detail": job.error or outcome["warning"],
        "errors": [],
        "preview": None,
        "applied": None,
    }
    if job.status != SheetJobStatus.DONE:
        return body
    if outcome["applied"]:
        body["applied"] = {"created": job.result["created"], "updated": job.result["updated"]}
    elif summary and summary["file_error"]:
        body["detail"] = summary["file_error"]
    elif summary and not summary["ok"]:
        body["detail"] = _("有 %(n)d 行存在错误，整个文件未保存。") % {"n": summary["error_rows"]}
        body["errors"] = [
            {"row": e["row"], "column": e["column"], "message": e["reason"]}
            for e in summary["errors"]
        ]
    elif summary:
        counts = summary["counts"]
        body["preview"] = {
            "digest": summary["digest"],
            "added": counts[RowAction.ADDED],
            "changed": counts[RowAction.CHANGED],
            "unchanged": counts[RowAction.UNCHANGED],
            "untouched": summary["untouched"],
            "rows": summary["rows"],
        }
    return body
