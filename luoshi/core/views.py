"""Pages for regions and units, and the health checks. Thin: selectors do the reading.
(The action log's pages are in `views_action_log`.)"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from luoshi.core import selectors
from luoshi.core.health import health_check
from luoshi.core.models import Region, RegionLevel, Unit, UnitKind
from luoshi.core.view_guards import signed_in_with

PAGE_SIZE = 50


@signed_in_with("core.view_region")
def region_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:30]
    if query:
        regions = selectors.region_list(query=query)
    else:
        regions = selectors.region_list(level=RegionLevel.PROVINCE)
    page = Paginator(regions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/region_list.html", {"page": page, "query": query})


@signed_in_with("core.view_region")
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = selectors.region_get(code=code)
    except Region.DoesNotExist as error:
        raise Http404(_("没有这个行政区划")) from error
    return render(
        request,
        "core/region_detail.html",
        {
            "region": region,
            "ancestors": selectors.region_ancestors(region),
            "children": selectors.region_children(region),
            "units": selectors.unit_list(region_code=region.code),
        },
    )


@signed_in_with("core.view_unit")
def unit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    kind = request.GET.get("kind", "")
    region_code = request.GET.get("region", "").strip()[:9]
    units = selectors.unit_list(
        query=query or None,
        kind=kind if kind in UnitKind.values else None,
        region_code=region_code or None,
        include_subregions=True,
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    region = Region.objects.filter(code=region_code).first() if region_code else None
    return render(
        request,
        "core/unit_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": UnitKind.choices,
            "region": region,
            "region_code": region_code,
        },
    )


@signed_in_with("core.view_unit")
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    try:
        unit = selectors.unit_get(unit_id=unit_id)
    except Unit.DoesNotExist as error:
        raise Http404(_("没有这个单位")) from error
    return render(
        request,
        "core/unit_detail.html",
        {
            "unit": unit,
            "ancestors": [*selectors.region_ancestors(unit.region), unit.region],
            "children": selectors.unit_list().filter(parent=unit),
        },
    )


def liveness(request: HttpRequest) -> HttpResponse:
    """The web process answers (the benchmarks' baseline): no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


def health(request: HttpRequest) -> HttpResponse:
    """The database, the queue and the oldest queued job's age; 503 when something is wrong."""
    report = health_check()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503)
