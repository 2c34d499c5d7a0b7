"""What a preview or an apply says back, as plain data: the file's error, the row errors, or
the counts and the rows that change. The preview page, the API and a background job's stored
result are all made from it, so a plan looks the same however it was computed; long lists
are capped (the counts are not)."""

from __future__ import annotations

from typing import Any

from luoshi.core.spreadsheets.outcome import ACTION_LABELS, ChangePlan, RowAction

MAX_ERRORS_SHOWN = 500
MAX_PREVIEW_ROWS = 1000
COUNTED = (RowAction.ADDED, RowAction.CHANGED, RowAction.UNCHANGED)


def plan_summary(
    result: Any, *, max_errors: int = MAX_ERRORS_SHOWN, max_rows: int = MAX_PREVIEW_ROWS
) -> dict[str, Any]:
    """`result` has `.plan` (a ChangePlan), `.errors` and `.error_rows` (a SheetPlan).
    Unchanged rows are counted, not listed."""
    plan: ChangePlan = result.plan
    errors = list(result.errors)
    rows = [r for r in plan.rows if r.action != RowAction.UNCHANGED]
    return {
        "ok": bool(result.ok),
        "file_error": plan.file_error,
        "errors": [
            {"row": e.row, "column": e.column, "reason": e.reason} for e in errors[:max_errors]
        ],
        "errors_hidden": max(0, len(errors) - max_errors),
        "error_rows": result.error_rows,
        "counts": {action: plan.count(action) for action in COUNTED},
        "untouched": plan.untouched,
        "rows": [
            {
                "row": r.row,
                "key": r.key,
                "action": r.action,
                "label": ACTION_LABELS[r.action],
                "changes": [
                    {"column": c.column, "before": c.before, "after": c.after} for c in r.changes
                ],
            }
            for r in rows[:max_rows]
        ],
        "hidden_rows": max(0, len(rows) - max_rows),
        "digest": plan.digest(),
        "has_work": plan.has_work,
    }
