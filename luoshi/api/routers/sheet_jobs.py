"""Large spreadsheet imports run in the background: the job an import answered 202 with."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from luoshi.api.sheet_imports import SheetJobOut
from luoshi.core.lookups import not_found
from luoshi.core.sheet_jobs.models import SheetJob
from luoshi.core.sheet_jobs.selectors import sheet_job_of
from luoshi.core.sheet_jobs.services import sheet_job_settled

router = Router(tags=["表格导入任务"])


@router.get(
    "/sheet-imports/{job_id}",
    response=SheetJobOut,
    summary="表格导入任务的状态与结果",
    description="只有提交任务的账号可以查看。完成后 preview 为预览（确认导入时传回 digest），"
    "applied 为导入数量；文件或行有错误时 detail 和 errors 说明原因，未保存任何数据。",
)
def sheet_job_detail(request: HttpRequest, job_id: int) -> SheetJob:
    job = sheet_job_of(request.user, job_id)
    if job is None:
        raise not_found(SheetJob, _("没有这个导入任务"))
    return sheet_job_settled(job)
