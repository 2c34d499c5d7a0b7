"""Public portal pages (no login): regions and years with published data, and one region's
year in the disclosure layout, with CSV and Excel downloads. Only data marked public."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from luoshi.portal import region_index, selectors
from luoshi.portal.appeal_figures import public_appeals
from luoshi.portal.disclosure import (
    TASK_HEADERS,
    date_words,
    disclosure_title,
    target_line,
    task_lines,
)
from luoshi.portal.downloads import table_file
from luoshi.portal.models import OpenDataPackage
from luoshi.portal.open_data import Scope, license_of
from luoshi.portal.open_data_store import open_data_package

TASK_PAGE_SIZE = 30
PROJECT_PAGE_SIZE = 20


def _not_found_in_chinese(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """An unknown region or year says which, in the portal's own page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return render(request, "portal/not_found.html", {"message": str(error)}, status=404)

    return wrapped


@require_safe
@_not_found_in_chinese
def portal_index(request: HttpRequest) -> HttpResponse:
    under = request.GET.get("under", "")
    if under and not region_index.is_prefix(under):
        raise Http404(
            _("“%(code)s”不是省或市的区划代码前缀（两位或四位数字）。") % {"code": under[:20]}
        )
    return render(
        request,
        "portal/index.html",
        {
            "index": region_index.portal_index(under),
            "open_data": OpenDataPackage.objects.filter(key=Scope().key).first(),
            "license": license_of(),
        },
    )


@require_safe
@_not_found_in_chinese
def region_year(request: HttpRequest, region_code: str, year: str) -> HttpResponse:
    region, chosen_year = selectors.portal_subject(region_code, year)
    today = timezone.localdate()
    words = selectors.status_words(region)
    task_page = Paginator(selectors.public_tasks(region, chosen_year), TASK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    project_page = Paginator(
        selectors.projects_with_figures(region, chosen_year, today), PROJECT_PAGE_SIZE
    ).get_page(request.GET.get("projects_page"))
    targets = selectors.public_targets(region, chosen_year)
    counts, rates = selectors.public_project_rates(region, chosen_year, today)
    return render(
        request,
        "portal/region_year.html",
        {
            "region": region,
            "year": chosen_year,
            "years": sorted(selectors.years_of(region), reverse=True),
            "title": disclosure_title(region, chosen_year),
            "today": date_words(today),
            "task_headers": TASK_HEADERS,
            "task_page": task_page,
            # Each list's pager keeps the other list's page.
            "task_keep": f"projects_page={project_page.number}" if project_page.number > 1 else "",
            "project_keep": f"page={task_page.number}" if task_page.number > 1 else "",
            "task_lines": task_lines(
                list(task_page.object_list), words, start=task_page.start_index()
            ),
            "targets": targets,
            "target_lines": [target_line(row) for row in targets.rows],
            "project_page": project_page,
            "project_rows": selectors.project_rows(list(project_page.object_list), today),
            "project_counts": counts,
            "project_rates": rates,
            "opinions": selectors.public_opinions(region, chosen_year),
            "appeals": public_appeals(region, chosen_year, today),
            "open_data": OpenDataPackage.objects.filter(key=Scope(region, chosen_year).key).first(),
            "license": license_of(),
        },
    )


@require_safe
@_not_found_in_chinese
def table_download(
    request: HttpRequest, region_code: str, year: str, table: str, file_format: str
) -> HttpResponse:
    region, chosen_year = selectors.portal_subject(region_code, year)
    return table_file(region, chosen_year, table, file_format)


@require_safe
@_not_found_in_chinese
def open_data_download(
    request: HttpRequest, region_code: str | None = None, year: str | None = None
) -> FileResponse:
    """A Data Package (ZIP): a region's year, or everything the portal publishes; built now
    if the daily job has not built it yet."""
    if region_code is None:
        scope = Scope()
    else:
        region, chosen_year = selectors.portal_subject(region_code, year or "")
        scope = Scope(region, chosen_year)
    package = open_data_package(scope)
    return FileResponse(
        package.file.open("rb"),
        as_attachment=True,
        filename=f"{scope.title}.zip",
        content_type="application/zip",
    )
