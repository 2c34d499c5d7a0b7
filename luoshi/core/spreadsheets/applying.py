"""Applying an update-import's plan: every added and changed row written through the app's
logged services, in file order, in one transaction — or nothing, with the service's refusal
reported against its row.

The caller plans again before applying (the file is read anew, the stored records too) and
passes the digest of the plan the person previewed: a plan that differs is refused
(`PlanChanged`), so nothing changed in between is overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.spreadsheets import progress
from luoshi.core.spreadsheets.outcome import PlannedRow, RowAction, RowError, SheetPlan


class NumberedRow(Protocol):
    @property
    def row(self) -> int: ...


RowT = TypeVar("RowT", bound=NumberedRow)


def apply_plan(
    result: SheetPlan[RowT],
    *,
    digest: str | None,
    changed_message: str,
    add: Callable[[RowT], Any],
    change: Callable[[RowT, Any], Any],
    after: Callable[[], None] | None = None,
) -> SheetPlan[RowT]:
    """Write the plan when it is valid (and is the one previewed). `add(row)` creates a
    record, `change(row, stored)` updates the matched one; `after()` runs inside the same
    transaction once every row is written (e.g. lights for the touched tasks)."""
    if not result.ok:
        return result
    result.ensure_previewed(digest, changed_message)
    planned = {p.row: p for p in result.plan.rows}
    row: RowT | None = None
    try:
        with transaction.atomic():
            for done, row in enumerate(result.rows):
                progress.report(progress.WRITING, done, len(result.rows))
                action = planned[row.row].action
                if action == RowAction.ADDED:
                    add(row)
                    result.created += 1
                elif action == RowAction.CHANGED:
                    change(row, result.matches[row.row])
                    result.updated += 1
            if after is not None:
                after()
    except (ValidationError, PermissionDenied) as error:
        reason = "；".join(getattr(error, "messages", [str(error)]))
        number = row.row if row is not None else 0
        refused = planned.get(number) or PlannedRow(number, "", RowAction.REFUSED)
        refused.action = RowAction.REFUSED
        refused.errors.append(
            RowError(number, "", _("%(reason)s（整个文件未保存）") % {"reason": reason})
        )
        if refused not in result.plan.rows:
            result.plan.rows.append(refused)
        result.created = result.updated = 0
    return result
