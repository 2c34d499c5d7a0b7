"""Excel import pages: upload a sheet of targets or of monthly figures, or download its
template (blank, or prefilled with what is stored so last month's sheet can be edited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.core.view_guards import signed_in_with
from luoshi.indicators import excel_export, excel_import, selectors
from luoshi.indicators.excel_columns import OBSERVATION_COLUMNS, TARGET_COLUMNS, Column
from luoshi.indicators.forms import SpreadsheetUploadForm
from luoshi.indicators.periods import Period
from luoshi.indicators.table_choice import table_choice
from luoshi.indicators.views import xlsx_response


@dataclass(frozen=True)
class ImportKind:
    key: str
    title: Any
    permission: str
    columns: tuple[Column, ...]
    template_name: str


KINDS = {
    "targets": ImportKind(
        "targets",
        gettext_lazy("导入年度目标"),
        "indicators.add_target",
        TARGET_COLUMNS,
        "年度目标导入模板",
    ),
    "observations": ImportKind(
        "observations",
        gettext_lazy("导入月度完成情况"),
        "indicators.add_observation",
        OBSERVATION_COLUMNS,
        "月度完成情况导入模板",
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
    outcome: Any = None,
    filename: str = "",
) -> HttpResponse:
    choice = table_choice(request.GET, request.user)
    errors = outcome.errors if outcome is not None else []
    return render(
        request,
        "indicators/import.html",
        {
            "kind": kind,
            "kinds": KINDS.values(),
            "form": form,
            "outcome": outcome,
            "errors": errors[: excel_import.MAX_ERRORS_SHOWN],
            "errors_hidden": max(0, len(errors) - excel_import.MAX_ERRORS_SHOWN),
            "error_rows": len({e.row for e in errors}),
            "choice": choice,
            "filename": filename,
        },
        status=200,
    )


def _import_page(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    if request.method != "POST":
        return _render(request, kind, SpreadsheetUploadForm())
    form = SpreadsheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, kind, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    name = upload.name or "upload.xlsx"
    if kind.key == "targets":
        outcome: Any = excel_import.targets_import(actor=request.user, data=data, filename=name)
    else:
        outcome = excel_import.observations_import(actor=request.user, data=data, filename=name)
    if not outcome.ok:
        return _render(request, kind, SpreadsheetUploadForm(), outcome, name)
    messages.success(
        request,
        _("已导入 %(count)s 行（新增 %(created)s 条，更新 %(updated)s 条）。")
        % {"count": outcome.saved, "created": outcome.created, "updated": outcome.updated},
    )
    first = outcome.rows[0]
    query = {"region": first.region.code, "year": first.year}
    if kind.key == "observations":
        query["period"] = Period("month", first.month).slug
    return redirect(f"{reverse('indicators:table')}?{urlencode(query)}")


@signed_in_with("indicators.add_target")
def import_targets(request: HttpRequest) -> HttpResponse:
    return _import_page(request, KINDS["targets"])


@signed_in_with("indicators.add_observation")
def import_observations(request: HttpRequest) -> HttpResponse:
    return _import_page(request, KINDS["observations"])


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
    return xlsx_response(content, f"{filename}.xlsx")
