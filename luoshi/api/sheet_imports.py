"""What the API's update-imports answer (indicator targets and monthly figures, the key-project
list): the preview (200) of the plan, the count of what was applied (201), or the refusal
(422) with every error by row and column. A confirmation that sends the preview's digest and
meets a changed plan is refused by the services' PlanChanged (a ValidationError: 422)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from luoshi.core.spreadsheets.outcome import ChangePlan, RowAction

MAX_ERRORS_SHOWN = 500


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
