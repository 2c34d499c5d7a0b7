"""The key-project list in: an exported list, revised in Excel, previewed and applied as an
update of the region's projects of the year (matched by 项目编号, else by name)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile

from luoshi.api.permissions import require_perm
from luoshi.api.sheet_imports import (
    BACKGROUND_HELP,
    SheetAppliedOut,
    SheetJobOut,
    SheetPlanOut,
    background_answer,
    plan_answer,
    wants_background,
)
from luoshi.core.selectors import region_get
from luoshi.core.sheet_jobs.models import SheetJobStep
from luoshi.projects.excel_list_plan import projects_apply, projects_plan

router = Router(tags=["重点项目"])


@router.post(
    "/projects/import",
    response={200: SheetPlanOut, 201: SheetAppliedOut, 202: SheetJobOut},
    summary="导入重点项目清单（xlsx）",
    description=(
        "按地区、年度和项目编号对应已有项目（没有编号的按项目名称对应）：相同的更新，新的新增，"
        "表中没有的保持不变；本月完成、年度累计、完成率、开工情况、纳统情况、存在问题等列不读取。"
        "preview=true 时只返回预览（200，不保存）；确认时可传回预览的 digest，内容有变化则 422。"
        "全部行无误才保存；有错误时返回 422，errors 中逐条列出行号、列和问题。" + BACKGROUND_HELP
    ),
)
def project_list_import(
    request: HttpRequest,
    file: File[UploadedFile],
    region: Form[str],
    year: Form[int],
    preview: Form[bool] = False,
    digest: Form[str | None] = None,
    background: Form[bool] = False,
) -> Any:
    require_perm(request, "projects.add_project")
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度应在 2000–2100 之间。")})
    the_region = region_get(code=region)
    data = file.read()
    if wants_background(data, background):
        step = SheetJobStep.PREVIEW if preview else SheetJobStep.APPLY
        params = {"region": the_region.pk, "year": year, "digest": digest or None}
        return background_answer(request, "projects.list", step, data, params, file.name or "")
    if preview:
        result = projects_plan(actor=request.user, data=data, region=the_region, year=year)
    else:
        result = projects_apply(
            actor=request.user, data=data, region=the_region, year=year, digest=digest or None
        )
    return plan_answer(result, preview=preview)
