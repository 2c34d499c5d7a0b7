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
from luoshi.core.sheet_jobs.kinds import PreviewPage, SheetImportKind
from luoshi.core.sheet_jobs.models import SheetJobStep
from luoshi.core.sheet_jobs.services import runs_in_background, sheet_job_start
from luoshi.core.spreadsheets import held
from luoshi.core.spreadsheets.outcome import PlanChanged
from luoshi.core.spreadsheets.summary import plan_summary


def plan_context(result: Any, *, token: str = "") -> dict[str, Any]:
    """`result` is a SheetPlan, or None (the empty upload page)."""
    return summary_context(plan_summary(result) if result is not None else None, token=token)


def summary_context(summary: dict[str, Any] | None, *, token: str = "") -> dict[str, Any]:
    """The page's context from a plan summary (`core.spreadsheets.summary`): computed now, or
    stored by a background job."""
    if summary is None:
        return {"outcome": None, "plan": None, "errors": [], "token": token}
    return {
        "outcome": summary,
        "plan": summary,
        "errors": summary["errors"],
        "errors_hidden": summary["errors_hidden"],
        "preview_rows": summary["rows"],
        "hidden_rows": summary["hidden_rows"],
        "counts": summary["counts"],
        "token": token,
        "digest": summary["digest"],
    }


def preview_context(page: PreviewPage | None) -> dict[str, Any]:
    """The preview's title and confirmation form fields (import_plan.html)."""
    if page is None:
        return {"preview_title": "", "apply_fields": []}
    return {
        "preview_title": page.title,
        "key_heading": page.key_heading,
        "apply_url": page.apply_url,
        "apply_fields": page.apply_fields,
        "upload_url": page.upload_url,
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

    key: str  # the background kind's key (see `region_job_kind`)
    plan: Callable[..., Any]  # (actor, data, region, year) → SheetPlan
    apply: Callable[..., Any]  # (actor, data, region, year, digest) → SheetPlan
    upload_form: Callable[..., forms.Form]  # (data, files, regions=, initial=)
    page: Callable[..., HttpResponse]  # (request, form, result, token=, region=, year=)
    upload_url: str  # the URL name of the upload page
    preview: Callable[[Region, int], PreviewPage]  # how a preview for a region's year is shown
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
    upload = form.cleaned_data["file"]
    data = upload.read()
    region, year = form.cleaned_data["region"], form.cleaned_data["year"]
    if runs_in_background(data):
        return to_background(
            request,
            spec.key,
            SheetJobStep.PREVIEW,
            data,
            {"region": region.pk, "year": year},
            upload.name or "",
        )
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
    if runs_in_background(data):
        params = {"region": region.pk, "year": year, "digest": form.cleaned_data["digest"]}
        return to_background(request, spec.key, SheetJobStep.APPLY, data, params)
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


def to_background(
    request: HttpRequest,
    kind: str,
    step: str,
    data: bytes,
    params: dict[str, Any],
    file_name: str = "",
) -> HttpResponse:
    """Queue a large file's preview or apply and open its progress page."""
    job = sheet_job_start(
        actor=request.user, kind=kind, step=step, data=data, params=params, file_name=file_name
    )
    return redirect("core:sheet_job", job_id=job.pk)


def region_job_kind(spec: RegionImport, title: Any) -> SheetImportKind:
    """The background kind of a region-and-year import, from its pages' spec."""

    def region(params: dict[str, Any]) -> Region:
        return Region.objects.get(pk=params["region"])

    def page(params: dict[str, Any]) -> PreviewPage:
        return spec.preview(region(params), int(params["year"]))

    return SheetImportKind(
        key=spec.key,
        title=title,
        plan=lambda actor, data, params: spec.plan(
            actor=actor, data=data, region=region(params), year=int(params["year"])
        ),
        apply=lambda actor, data, params, digest: spec.apply(
            actor=actor, data=data, region=region(params), year=int(params["year"]), digest=digest
        ),
        done=lambda result, params: spec.done(result, region(params), int(params["year"])),
        page=page,
    )
