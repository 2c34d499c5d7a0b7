"""The page that shows an update-import's plan (templates/import_plan.html): the same counts,
rows and caps for every import that previews before it applies, whose held file it is, and
the form that confirms it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.models import Region
from luoshi.core.spreadsheets import held
from luoshi.core.spreadsheets.outcome import PlanChanged, RowAction

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


@dataclass(frozen=True)
class RegionImport:
    """An update-import into one region's year (分解表, key-project list), as its pages see it:
    how to plan and apply, which upload form, how to show a page, where it goes when done."""

    plan: Callable[..., Any]  # (actor, data, region, year) → SheetPlan
    apply: Callable[..., Any]  # (actor, data, region, year, digest) → SheetPlan
    upload_form: Callable[..., forms.Form]  # (data, files, regions=, initial=)
    page: Callable[..., HttpResponse]  # (request, form, result, token=, region=, year=)
    upload_url: str  # the URL name of the upload page
    done: Callable[[Any, Region, int], tuple[str, str]]  # → (message, URL to go to)


def region_import_upload(request: HttpRequest, spec: RegionImport, regions: list[Region]) -> Any:
    """Upload: every row judged and matched; the preview lists what would change, nothing is
    written; the file is held for the apply when there is something to apply."""
    initial = {"year": timezone.localdate().year}
    form = spec.upload_form(
        request.POST or None, request.FILES or None, regions=regions, initial=initial
    )
    if request.method != "POST" or not form.is_valid():
        return spec.page(request, form, None)
    data = form.cleaned_data["file"].read()
    region, year = form.cleaned_data["region"], form.cleaned_data["year"]
    result = spec.plan(actor=request.user, data=data, region=region, year=year)
    token = held.hold(held_owner(request), data) if result.ok and result.plan.has_work else ""
    return spec.page(request, form, result, token=token, region=region, year=year)


def region_import_apply(request: HttpRequest, spec: RegionImport, regions: list[Region]) -> Any:
    """Apply the previewed file: planned again, applied only if the plan is the one shown; a
    newer plan is shown instead, with a warning."""
    form = RegionApplyForm(request.POST, regions=regions)
    if not form.is_valid():
        messages.error(request, _("预览信息不完整，请重新上传文件。"))
        return redirect(spec.upload_url)
    token = form.cleaned_data["token"]
    region, year = form.cleaned_data["region"], form.cleaned_data["year"]
    data = held.fetch(held_owner(request), token)
    if data is None:
        messages.error(request, _("预览已过期或文件已导入，请重新上传。"))
        return redirect(spec.upload_url)
    upload_form = spec.upload_form(regions=regions, initial={"region": region.pk, "year": year})
    try:
        result = spec.apply(
            actor=request.user,
            data=data,
            region=region,
            year=year,
            digest=form.cleaned_data["digest"],
        )
    except PlanChanged as error:
        messages.warning(request, "；".join(error.messages))
        result = spec.plan(actor=request.user, data=data, region=region, year=year)
        return spec.page(request, upload_form, result, token=token, region=region, year=year)
    if not result.ok:
        return spec.page(request, upload_form, result, region=region, year=year)
    held.release(held_owner(request), token)
    message, target = spec.done(result, region, year)
    messages.success(request, message)
    return redirect(target)
