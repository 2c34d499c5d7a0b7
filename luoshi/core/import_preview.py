"""The page that shows an update-import's plan (templates/import_plan.html): the same counts,
rows and caps for every import that previews before it applies, whose held file it is, and
the form that confirms it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from luoshi.core.models import Region
from luoshi.core.spreadsheets.outcome import RowAction

MAX_ERRORS_SHOWN = 500
MAX_PREVIEW_ROWS = 1000
COUNTED = (RowAction.ADDED, RowAction.CHANGED, RowAction.UNCHANGED)


def plan_context(
    result: Any,
    *,
    token: str = "",
    max_errors: int = MAX_ERRORS_SHOWN,
    max_rows: int = MAX_PREVIEW_ROWS,
) -> dict[str, Any]:
    """`result` has `.plan` (a ChangePlan), `.errors` and `.error_rows`, or is None (the
    empty upload page). Unchanged rows are counted, not listed."""
    plan = result.plan if result is not None else None
    errors = list(result.errors) if result is not None else []
    rows = [r for r in plan.rows if r.action != RowAction.UNCHANGED] if plan else []
    return {
        "outcome": result,
        "plan": plan,
        "errors": errors[:max_errors],
        "errors_hidden": max(0, len(errors) - max_errors),
        "preview_rows": rows[:max_rows],
        "hidden_rows": max(0, len(rows) - max_rows),
        "counts": {action: plan.count(action) for action in COUNTED} if plan else {},
        "token": token,
        "digest": plan.digest() if plan else "",
    }


def held_owner(request: HttpRequest) -> int:
    """The id a held upload is kept under: the signed-in user's (the views are guarded)."""
    user_id = request.user.pk
    assert user_id is not None, "import pages are for signed-in users"
    return int(user_id)


class HeldApplyForm(forms.Form):
    """The preview's confirmation: which held file (its SHA-256) and the digest of the plan
    the person saw."""

    token = forms.RegexField(regex=r"^[0-9a-f]{64}$")
    digest = forms.RegexField(regex=r"^[0-9a-f]{32}$")


class RegionApplyForm(HeldApplyForm):
    """…for an import into one region's year (分解表, project list): the region among those
    the user may import for."""

    region = forms.ModelChoiceField(queryset=Region.objects.none())
    year = forms.IntegerField(min_value=1978, max_value=2100)

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        region_field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
