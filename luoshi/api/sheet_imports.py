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
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from luoshi.api.errors import error_body
from luoshi.core.sheet_jobs.models import SheetJob, SheetJobStatus
from luoshi.core.sheet_jobs.selectors import job_outcome, job_progress
from luoshi.core.sheet_jobs.services import runs_in_background, sheet_job_start
from luoshi.core.spreadsheets.outcome import ChangePlan, RowAction
from luoshi.core.spreadsheets.summary import MAX_ERRORS_SHOWN

BACKGROUND_HELP = (
    "超过 2000 行（或 background=true）的文件交给后台处理：返回 202 和任务，"
    "按任务的 url 查询进度，完成后得到同样的预览、导入数量或错误。"
)


@dataclass(frozen=True)
class StoredPlan:
    """The plan summary a background preview stored, read like the ChangePlan it was made
    from (its rows are capped, unchanged rows not listed; the counts are whole)."""

    summary: dict[str, Any]

    def digest(self) -> str:
        return str(self.summary["digest"])

    def count(self, action: str) -> int:
        return int(self.summary["counts"][action])

    @property
    def untouched(self) -> int:
        return int(self.summary["untouched"])

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self.summary["rows"])


def finished_plan(job: SheetJob) -> dict[str, Any] | None:
    """The plan summary (a preview or a refusal) of a job that is done and did not apply; None
    while it runs, when it failed, or once applied."""
    if job.status != SheetJobStatus.DONE:
        return None
    outcome = job_outcome(job)
    if outcome["applied"]:
        return None
    return outcome["summary"] or None


def rows_refused(error_rows: int) -> str:
    return _("有 %(n)d 行存在错误，整个文件未保存。") % {"n": error_rows}


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
    # Reads a ChangePlan (a preview computed now) or a StoredPlan (a background job's).
    digest: str = Field(..., description="确认导入时传回，保证保存的正是预览的内容")
    added: int
    changed: int
    unchanged: int
    untouched: int = Field(..., description="系统中有、表中没有的记录数（保持不变）")
    rows: list[SheetRowOut]

    @staticmethod
    def resolve_digest(obj: ChangePlan | StoredPlan) -> str:
        return obj.digest()

    @staticmethod
    def resolve_added(obj: ChangePlan | StoredPlan) -> int:
        return obj.count(RowAction.ADDED)

    @staticmethod
    def resolve_changed(obj: ChangePlan | StoredPlan) -> int:
        return obj.count(RowAction.CHANGED)

    @staticmethod
    def resolve_unchanged(obj: ChangePlan | StoredPlan) -> int:
        return obj.count(RowAction.UNCHANGED)


class SheetAppliedOut(Schema):
    created: int
    updated: int


class SheetErrorOut(Schema):
    row: int
    column: str
    message: str = Field(..., alias="reason")


class SheetJobOut(Schema):
    # Reads a SheetJob.
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

    @staticmethod
    def resolve_url(obj: SheetJob) -> str:
        return f"/api/v1/sheet-imports/{obj.pk}"

    @staticmethod
    def resolve_progress(obj: SheetJob) -> int:
        return job_progress(obj)["progress"] if obj.is_busy else obj.progress

    @staticmethod
    def resolve_detail(obj: SheetJob) -> str:
        summary = finished_plan(obj)
        if summary and summary["file_error"]:
            return str(summary["file_error"])
        if summary and not summary["ok"]:
            return rows_refused(summary["error_rows"])
        return obj.error or str(job_outcome(obj)["warning"])

    @staticmethod
    def resolve_errors(obj: SheetJob) -> list[dict[str, Any]]:
        summary = finished_plan(obj)
        if summary and not summary["file_error"] and not summary["ok"]:
            return list(summary["errors"])
        return []

    @staticmethod
    def resolve_preview(obj: SheetJob) -> StoredPlan | None:
        summary = finished_plan(obj)
        if summary and not summary["file_error"] and summary["ok"]:
            return StoredPlan(summary)
        return None

    @staticmethod
    def resolve_applied(obj: SheetJob) -> dict[str, Any] | None:
        return obj.result if job_outcome(obj)["applied"] else None


def plan_answer(result: Any, *, preview: bool) -> Any:
    """The answer to a preview (200) or an apply (201), or the refusal (422)."""
    if result.file_error:
        return refusal(result.file_error, [])
    if not result.ok:
        errors = [
            SheetErrorOut.model_validate(e).model_dump() for e in result.errors[:MAX_ERRORS_SHOWN]
        ]
        return refusal(rows_refused(result.error_rows), errors)
    if preview:
        return Status(200, result.plan)
    return Status(201, result)


def refusal(detail: str, errors: list[dict[str, Any]]) -> HttpResponse:
    return HttpResponse(
        json.dumps(error_body(detail, errors), ensure_ascii=False),
        status=422,
        content_type="application/json",
    )


def wants_background(data: bytes, background: bool) -> bool:
    return background or runs_in_background(data)


def background_answer(
    request: Any, kind: str, step: str, data: bytes, params: dict[str, Any], file_name: str = ""
) -> Any:
    """Queue the file's preview or apply: 202 with the job (SheetJobOut)."""
    job = sheet_job_start(
        actor=request.user, kind=kind, step=step, data=data, params=params, file_name=file_name
    )
    return Status(202, job)
