"""Excel import pages: upload a sheet of targets or of monthly figures → a preview of what it
changes → one all-or-nothing apply of the held file; or download the template (blank, or
prefilled with what is stored: the export that imports back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi.core.downloads import xlsx_download
from luoshi.core.import_preview import held_owner, plan_context, preview_context, to_background
from luoshi.core.refusals import refusal_items
from luoshi.core.sheet_jobs.kinds import PreviewPage, SheetImportKind, register
from luoshi.core.sheet_jobs.models import SheetJobStep
from luoshi.core.sheet_jobs.services import runs_in_background
from luoshi.core.spreadsheets import held
from luoshi.core.spreadsheets.columns import Column
from luoshi.core.spreadsheets.outcome import PlanChanged, SheetPlan
from luoshi.core.view_guards import signed_in_with
from luoshi.indicators import excel_export, excel_plans, selectors
from luoshi.indicators.excel_columns import OBSERVATION_COLUMNS, TARGET_COLUMNS
from luoshi.indicators.forms import SheetApplyForm, SpreadsheetUploadForm
from luoshi.indicators.periods import Period
from luoshi.indicators.table_choice import table_choice


@dataclass(frozen=True)
class ImportKind:
    key: str
    title: Any
    permission: str
    columns: tuple[Column, ...]
    template_name: str
    key_heading: Any  # what a preview row names
    plan: Callable[..., SheetPlan[Any]]
    apply: Callable[..., SheetPlan[Any]]


KINDS = {
    "targets": ImportKind(
        "targets",
        gettext_lazy("导入年度目标"),
        "indicators.add_target",
        TARGET_COLUMNS,
        "年度目标导入模板",
        gettext_lazy("目标"),
        excel_plans.targets_plan,
        excel_plans.targets_apply,
    ),
    "observations": ImportKind(
        "observations",
        gettext_lazy("导入月度完成情况"),
        "indicators.add_observation",
        OBSERVATION_COLUMNS,
        "月度完成情况导入模板",
        gettext_lazy("指标"),
        excel_plans.observations_plan,
        excel_plans.observations_apply,
    ),
}


def _kind(key: str) -> ImportKind:
    try:
        return KINDS[key]
    except KeyError as error:
        raise Http404(_("没有这种导入")) from error


def _render(
    request: HttpRequest,
    kind: ImportKind,
    form: SpreadsheetUploadForm,
    result: SheetPlan[Any] | None = None,
    *,
    filename: str = "",
    token: str = "",
) -> HttpResponse:
    context = {
        **plan_context(result, token=token),
        **preview_context(_preview(kind, filename)),
        "kind": kind,
        "kinds": KINDS.values(),
        "form": form,
        "choice": table_choice(request.GET, request.user),
        "filename": filename,
    }
    return render(request, "indicators/import.html", context)


def _import_page(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    """Upload: every row judged and matched with what is stored; nothing is written."""
    if request.method != "POST":
        return _render(request, kind, SpreadsheetUploadForm())
    form = SpreadsheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, kind, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    name = (upload.name or "upload.xlsx")[:200]
    if runs_in_background(data):
        params = {"filename": name}
        return to_background(
            request, f"indicators.{kind.key}", SheetJobStep.PREVIEW, data, params, name
        )
    result = kind.plan(actor=request.user, data=data)
    token = held.hold(held_owner(request), data) if result.ok and result.plan.has_work else ""
    return _render(request, kind, SpreadsheetUploadForm(), result, filename=name, token=token)


def _apply_page(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    """Apply the previewed file: planned again, applied only if the plan is the one shown."""
    form = SheetApplyForm(request.POST)
    page = reverse(f"indicators:import_{kind.key}")
    if not form.is_valid():
        messages.error(request, _("预览信息不完整，请重新上传文件。"))
        return redirect(page)
    token, name = form.cleaned_data["token"], form.cleaned_data["filename"] or "upload.xlsx"
    data = held.fetch(held_owner(request), token)
    if data is None:
        messages.error(request, _("预览已过期或文件已导入，请重新上传。"))
        return redirect(page)
    if runs_in_background(data):
        params = {"filename": name, "digest": form.cleaned_data["digest"]}
        return to_background(request, f"indicators.{kind.key}", SheetJobStep.APPLY, data, params)
    try:
        result = kind.apply(
            actor=request.user, data=data, filename=name, digest=form.cleaned_data["digest"]
        )
    except PlanChanged as error:
        for _field, message in refusal_items(error):
            messages.warning(request, message)
        result = kind.plan(actor=request.user, data=data)
        return _render(request, kind, SpreadsheetUploadForm(), result, filename=name, token=token)
    if not result.ok:
        return _render(request, kind, SpreadsheetUploadForm(), result, filename=name)
    held.release(held_owner(request), token)
    message, target = _done(kind, result)
    messages.success(request, message)
    return redirect(target)


def _done(kind: ImportKind, result: SheetPlan[Any]) -> tuple[str, str]:
    """What an apply says, and the table it opens: the first row's region, year (and month)."""
    message = _("已导入 %(count)s 行（新增 %(created)s 条，更新 %(updated)s 条）。") % {
        "count": result.saved,
        "created": result.created,
        "updated": result.updated,
    }
    first = result.rows[0]
    query = {"region": first.region.code, "year": first.year}
    if kind.key == "observations":
        query["period"] = Period("month", first.month).slug
    return message, f"{reverse('indicators:table')}?{urlencode(query)}"


def _preview(kind: ImportKind, filename: str) -> PreviewPage:
    return PreviewPage(
        title=_("预览：%(title)s") % {"title": kind.title},
        key_heading=str(kind.key_heading),
        apply_url=reverse(f"indicators:import_{kind.key}_apply"),
        apply_fields=[("filename", filename)],
        upload_url=reverse(f"indicators:import_{kind.key}"),
    )


def _job_kind(kind: ImportKind) -> SheetImportKind:
    return SheetImportKind(
        key=f"indicators.{kind.key}",
        title=kind.title,
        plan=lambda actor, data, params: kind.plan(actor=actor, data=data),
        apply=lambda actor, data, params, digest: kind.apply(
            actor=actor, data=data, filename=params.get("filename") or "upload.xlsx", digest=digest
        ),
        done=lambda result, params: _done(kind, result),
        page=lambda params: _preview(kind, params.get("filename", "")),
    )


for _kind_entry in KINDS.values():
    register(_job_kind(_kind_entry))


@signed_in_with("indicators.add_target")
def import_targets(request: HttpRequest) -> HttpResponse:
    return _import_page(request, KINDS["targets"])


@signed_in_with("indicators.add_target")
@require_POST
def import_targets_apply(request: HttpRequest) -> HttpResponse:
    return _apply_page(request, KINDS["targets"])


@signed_in_with("indicators.add_observation")
def import_observations(request: HttpRequest) -> HttpResponse:
    return _import_page(request, KINDS["observations"])


@signed_in_with("indicators.add_observation")
@require_POST
def import_observations_apply(request: HttpRequest) -> HttpResponse:
    return _apply_page(request, KINDS["observations"])


@signed_in_with("indicators.view_indicator")
def import_template(request: HttpRequest, kind_key: str) -> HttpResponse:
    """The blank template; with ?region=…&year=… (and period) it carries the stored figures."""
    kind = _kind(kind_key)
    region = (
        selectors.region_by_code(request.GET.get("region", ""))
        if request.GET.get("region")
        else None
    )
    filename = kind.template_name
    if region is None:
        content = (
            excel_export.target_template()
            if kind.key == "targets"
            else excel_export.observation_template()
        )
    else:
        choice = table_choice(request.GET, request.user)
        if kind.key == "targets":
            targets = list(
                selectors.target_list(region=region, year=choice.year).select_related("region")
            )
            content = excel_export.target_template(targets)
            filename = f"{region.name}{choice.year}年目标"
        else:
            observations = selectors.observation_sheet_rows(
                region=region, year=choice.year, period=choice.period
            )
            content = excel_export.observation_template(observations)
            filename = f"{region.name}{choice.year}年{choice.period.label}完成情况"
    return xlsx_download(content, f"{filename}.xlsx")
