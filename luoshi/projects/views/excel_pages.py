"""Excel in: the project list as an update (upload → preview of what changes → one
all-or-nothing apply of the held file) and monthly investment; the investment template; and
a region's colour rules."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi.accounts.selectors import supervised_regions
from luoshi.core.downloads import xlsx_download
from luoshi.core.import_preview import (
    RegionImport,
    plan_context,
    preview_context,
    region_import_apply,
    region_import_upload,
    region_job_kind,
)
from luoshi.core.models import Region
from luoshi.core.sheet_jobs.kinds import PreviewPage, register
from luoshi.core.view_guards import form_errors_from, signed_in_with
from luoshi.projects import excel_import, selectors, services
from luoshi.projects.excel_columns import EDITABLE_COLUMNS, INVESTMENT_COLUMNS, READ_ONLY_COLUMNS
from luoshi.projects.excel_export import investment_template
from luoshi.projects.excel_list_plan import ListPlan, projects_apply, projects_plan
from luoshi.projects.forms import (
    InvestmentImportForm,
    PresetForm,
    ProjectListImportForm,
)
from luoshi.projects.models import MonthlyInvestment
from luoshi.projects.rates import report_month
from luoshi.projects.views.detail_pages import units_near


def _render_import(
    request: HttpRequest, form: InvestmentImportForm, outcome: Any = None, filename: str = ""
) -> HttpResponse:
    errors = outcome.errors if outcome is not None else []
    return render(
        request,
        "projects/import.html",
        {
            "form": form,
            "outcome": outcome,
            "errors": errors[: excel_import.MAX_ERRORS_SHOWN],
            "errors_hidden": max(0, len(errors) - excel_import.MAX_ERRORS_SHOWN),
            "filename": filename,
            "columns": INVESTMENT_COLUMNS,
            "year": form["year"].value() or timezone.localdate().year,
            "month": timezone.localdate().month,
            "months": range(1, 13),
        },
        status=400 if (outcome is not None and not outcome.ok) or form.errors else 200,
    )


@signed_in_with("projects.import_investment")
def investment_import(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.method != "POST":
        return _render_import(request, InvestmentImportForm(initial={"year": today.year}))
    form = InvestmentImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, form)
    upload = form.cleaned_data["file"]
    name = upload.name or "upload.xlsx"
    outcome = excel_import.investments_import(
        actor=request.user, data=upload.read(), default_year=form.cleaned_data["year"]
    )
    if not outcome.ok:
        return _render_import(
            request,
            InvestmentImportForm(initial={"year": form.cleaned_data["year"]}),
            outcome,
            name,
        )
    messages.success(
        request,
        _("已导入 %(count)s 行月度投资（新增 %(created)s 条，更新 %(updated)s 条）。")
        % {"count": outcome.saved, "created": outcome.created, "updated": outcome.updated},
    )
    first = outcome.rows[0]
    return redirect(f"{reverse('projects:project_list')}?{urlencode({'year': first.project.year})}")


def _list_preview(region: Region, year: int) -> PreviewPage:
    return PreviewPage(
        title=_("预览：%(region)s%(year)d年重点项目清单") % {"region": region.name, "year": year},
        key_heading=_("项目编号或名称"),
        apply_url=reverse("projects:project_list_import_apply"),
        apply_fields=[("region", region.pk), ("year", year)],
        upload_url=reverse("projects:project_list_import"),
    )


def _render_list_import(
    request: HttpRequest,
    form: ProjectListImportForm,
    result: ListPlan | None = None,
    *,
    token: str = "",
    region: Region | None = None,
    year: int | None = None,
) -> HttpResponse:
    context = {
        **plan_context(result, token=token),
        **preview_context(_list_preview(region, year) if region and year else None),
        "form": form,
        "columns": EDITABLE_COLUMNS,
        "read_only": READ_ONLY_COLUMNS,
        "regions": supervised_regions(request.user),
        "year": year or timezone.localdate().year,
    }
    refused = result is not None and not result.ok
    return render(request, "projects/list_import.html", context, status=400 if refused else 200)


def _list_done(result: ListPlan, region: Region, year: int) -> tuple[str, str]:
    message = _("项目清单已导入：新增 %(added)d 个项目，修改 %(changed)d 个项目。") % {
        "added": result.created,
        "changed": result.updated,
    }
    query = urlencode({"year": year, "region": region.code})
    return message, f"{reverse('projects:project_list')}?{query}"


LIST_IMPORT = RegionImport(
    key="projects.list",
    plan=projects_plan,
    apply=projects_apply,
    upload_form=ProjectListImportForm,
    page=_render_list_import,
    upload_url="projects:project_list_import",
    preview=_list_preview,
    done=_list_done,
)
register(region_job_kind(LIST_IMPORT, gettext_lazy("导入重点项目清单")))


@signed_in_with("projects.add_project")
def project_list_import(request: HttpRequest) -> HttpResponse:
    """Upload: every row judged and matched by 项目编号 (or name); the preview lists what the
    file would change, and nothing is written."""
    return region_import_upload(request, LIST_IMPORT, supervised_regions(request.user))


@signed_in_with("projects.add_project")
@require_POST
def project_list_import_apply(request: HttpRequest) -> HttpResponse:
    """Apply the previewed file: planned again, applied only if the plan is the one shown."""
    return region_import_apply(request, LIST_IMPORT, supervised_regions(request.user))


@signed_in_with("projects.import_investment")
def investment_template_download(request: HttpRequest) -> HttpResponse:
    """The import sheet for a month, listing the projects the user reports on."""
    today = timezone.localdate()
    raw_year, raw_month = request.GET.get("year", ""), request.GET.get("month", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else today.year
    month = int(raw_month) if raw_month.isdigit() and 1 <= int(raw_month) <= 12 else None
    month = month or max(1, report_month(year, today.year, today.month))
    projects = [
        project
        for project in selectors.project_base(request.user)
        .filter(year=year)
        .order_by("region__code", "id")
        if request.user.has_perm("projects.report_project", project)
    ]
    stored = {
        (row.project_id, row.month): row
        for row in MonthlyInvestment.objects.filter(
            project__in=[p.pk for p in projects], month=month
        )
    }
    content = investment_template(projects, year=year, month=month, stored=stored)
    return xlsx_download(content, f"{year}年{month}月重点项目月度投资填报表.xlsx")


@signed_in_with("projects.view_projectpreset")
def preset_edit(request: HttpRequest) -> HttpResponse:
    """A region's colour rules for projects (the office edits; leaders read)."""
    code = request.GET.get("region") or request.POST.get("region") or ""
    region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        return render(request, "projects/preset_form.html", {"region": None, "code": code})
    if not request.user.has_perm("projects.view_projectpreset", region):
        raise PermissionDenied(_("没有权限查看此地区的预警规则。"))
    can_change = request.user.has_perm("projects.change_projectpreset", region)
    governing = selectors.preset_for_region(region)
    own = governing if governing is not None and governing.region_id == region.pk else None
    source = governing or None
    initial = {
        "start_red_months": source.start_red_months if source else 3,
        "inclusion_yellow_months": source.inclusion_yellow_months if source else 1,
        "inclusion_red_months": source.inclusion_red_months if source else 2,
        "investment_red_points": source.investment_red_points if source else 30,
        "statistics_unit": source.statistics_unit_id if source else None,
    }
    form = PresetForm(request.POST or None, units=units_near(region), initial=initial)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("没有权限修改此地区的预警规则。"))
        if form.is_valid():
            try:
                services.preset_set(actor=request.user, region=region, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request, _("已保存%(region)s的项目预警规则。") % {"region": region}
                )
                return redirect(f"{reverse('projects:preset_edit')}?region={region.code}")
    return render(
        request,
        "projects/preset_form.html",
        {
            "region": region,
            "code": region.code,
            "form": form,
            "own": own,
            "inherited": governing if own is None else None,
            "can_change": can_change,
        },
        status=400 if form.errors else 200,
    )
