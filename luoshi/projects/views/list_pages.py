"""The project list (filters, rates header, pages) and its Excel export (which imports back
as an update: `excel_pages.project_list_import`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.downloads import xlsx_download
from luoshi.core.models import Region
from luoshi.core.view_guards import signed_in_with
from luoshi.projects import selectors
from luoshi.projects.excel_export import list_title, project_list_workbook
from luoshi.projects.forms import ListFilterForm
from luoshi.projects.rates import RateCounts, Rates, report_month
from luoshi.projects.stages import Stage

PAGE_SIZE = 50


@dataclass
class ListChoice:
    form: ListFilterForm
    filters: selectors.ProjectFilters
    as_of: date
    years: list[int]
    region: Region | None
    problems: list[str]

    @property
    def query(self) -> str:
        """The filters as a query string (without the page)."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        pairs = {k: v for k, v in data.items() if v not in (None, "")}
        pairs["year"] = self.filters.year
        if "as_of" in pairs:
            pairs["as_of"] = self.as_of.isoformat()
        return urlencode(pairs)


def list_choice(request: HttpRequest) -> ListChoice:
    form = ListFilterForm(request.GET)
    problems: list[str] = []
    data: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
    today = timezone.localdate()
    years = selectors.project_years(request.user)
    year = data.get("year") or (today.year if today.year in years or not years else years[0])
    region = None
    if data.get("region"):
        region = Region.objects.filter(code=data["region"]).first()
        if region is None:
            problems.append(_("没有代码为 %(code)s 的行政区划。") % {"code": data["region"]})
    filters = selectors.ProjectFilters(
        year=year,
        region_code=region.code if region else "",
        unit_id=data.get("unit"),
        category=data.get("category") or "",
        stage=data.get("stage") or "",
        colour=data.get("colour") or "",
        query=(data.get("q") or "").strip(),
    )
    return ListChoice(form, filters, data.get("as_of") or today, years, region, problems)


def rates_header(request: HttpRequest, choice: ListChoice) -> tuple[RateCounts, Rates]:
    """Rates of the listed scope (year, region, unit, category; not narrowed by stage or
    colour, which would make a rate meaningless)."""
    scope = selectors.project_filtered(
        request.user,
        selectors.ProjectFilters(
            year=choice.filters.year,
            region_code=choice.filters.region_code,
            unit_id=choice.filters.unit_id,
            category=choice.filters.category,
            query=choice.filters.query,
        ),
    )
    return selectors.rates_for(scope, year=choice.filters.year, as_of=choice.as_of)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


@signed_in_with("projects.view_project")
def project_list(request: HttpRequest) -> HttpResponse:
    choice = list_choice(request)
    page = selectors.project_page(
        request.user,
        choice.filters,
        as_of=choice.as_of,
        page=_page_number(request),
        page_size=PAGE_SIZE,
    )
    counts, rates = rates_header(request, choice)
    return render(
        request,
        "projects/project_list.html",
        {
            "choice": choice,
            "page": page,
            "first_number": (page.page - 1) * page.page_size + 1,
            "counts": counts,
            "rates": rates,
            "month": report_month(choice.filters.year, choice.as_of.year, choice.as_of.month),
            "units": selectors.unit_options(request.user, choice.filters.year),
            "stages": Stage.choices,
            "can_add": request.user.has_perm("projects.add_project"),
            "can_import": request.user.has_perm("projects.import_investment"),
        },
    )


@signed_in_with("projects.view_project")
def project_export(request: HttpRequest) -> HttpResponse:
    choice = list_choice(request)
    if choice.problems:
        return HttpResponseBadRequest(
            "；".join(choice.problems), content_type="text/plain; charset=utf-8"
        )
    rows = selectors.project_rows_all(request.user, choice.filters, as_of=choice.as_of)
    month = report_month(choice.filters.year, choice.as_of.year, choice.as_of.month)
    region_name = choice.region.name if choice.region else _region_name(rows)
    title = list_title(region_name, choice.filters.year, month)
    content = project_list_workbook(title=title, rows=rows, as_of=choice.as_of)
    return xlsx_download(content, f"{title}.xlsx")


def _region_name(rows: list[selectors.ProjectRow]) -> str:
    """The one region every exported project belongs to, if there is one."""
    regions = {row.project.region.name for row in rows}
    return regions.pop() if len(regions) == 1 else ""
