"""The sheets of targets and of monthly figures in: preview, then one all-or-nothing apply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
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
from luoshi.core.sheet_jobs.models import SheetJobStep
from luoshi.indicators.excel_plans import (
    observations_apply,
    observations_plan,
    targets_apply,
    targets_plan,
)

router = Router(tags=["指标与目标"])

HOW = (
    "preview=true 时只返回预览（200，不保存）；确认时可传回预览的 digest，内容有变化则 422。"
    "表中没有的保持不变。全部行无误才保存；有错误时返回 422，errors 中逐条列出行号、列和问题。"
    + BACKGROUND_HELP
)


def _sheet_import(
    request: HttpRequest,
    file: UploadedFile,
    preview: bool,
    digest: str | None,
    background: bool,
    *,
    kind: str,
    plan: Callable[..., Any],
    apply: Callable[..., Any],
) -> Any:
    """Preview or apply the sheet now, or queue it (a large file, or background=true)."""
    data, name = file.read(), (file.name or "upload.xlsx")[:200]
    if wants_background(data, background):
        step = SheetJobStep.PREVIEW if preview else SheetJobStep.APPLY
        params = {"filename": name, "digest": digest or None}
        return background_answer(request, kind, step, data, params, name)
    if preview:
        return plan_answer(plan(actor=request.user, data=data), preview=True)
    result = apply(actor=request.user, data=data, filename=name, digest=digest or None)
    return plan_answer(result, preview=False)


@router.post(
    "/targets/import",
    response={200: SheetPlanOut, 201: SheetAppliedOut, 202: SheetJobOut},
    summary="导入年度目标（xlsx）",
    description="按区划代码、年度、指标和目标类型对应已有目标：相同的更新，新的新增。" + HOW,
)
def targets_import(
    request: HttpRequest,
    file: File[UploadedFile],
    preview: Form[bool] = False,
    digest: Form[str | None] = None,
    background: Form[bool] = False,
) -> Any:
    require_perm(request, "indicators.add_target")
    return _sheet_import(
        request,
        file,
        preview,
        digest,
        background,
        kind="indicators.targets",
        plan=targets_plan,
        apply=targets_apply,
    )


@router.post(
    "/observations/import",
    response={200: SheetPlanOut, 201: SheetAppliedOut, 202: SheetJobOut},
    summary="导入月度完成情况（xlsx）",
    description="按区划代码、年度、截至月份和指标对应已有数据：相同的更新，新的新增。" + HOW,
)
def observations_import(
    request: HttpRequest,
    file: File[UploadedFile],
    preview: Form[bool] = False,
    digest: Form[str | None] = None,
    background: Form[bool] = False,
) -> Any:
    require_perm(request, "indicators.add_observation")
    return _sheet_import(
        request,
        file,
        preview,
        digest,
        background,
        kind="indicators.observations",
        plan=observations_plan,
        apply=observations_apply,
    )
