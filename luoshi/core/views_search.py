"""The search page: one box over every indexed kind, with filters. Thin: `search` does it all."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from luoshi.core.models import Region
from luoshi.core.search import reader_scope, search
from luoshi.core.search.registry import registered_kinds
from luoshi.core.search.tokens import MAX_QUERY_LENGTH
from luoshi.core.view_guards import signed_in_with

PAGE_SIZE = 20
MAX_PAGE = 50


def _year(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2100 else None


def _page_number(raw: str) -> int:
    return min(int(raw), MAX_PAGE) if raw.isdigit() and int(raw) >= 1 else 1


@signed_in_with("core.view_region")
def search_page(request: HttpRequest) -> HttpResponse:
    """Signed-in users search everything public; entries not public (a report's working
    version before it is published) are shown only to staff, i.e. users who may read the
    action log (`core.view_actionlog`: administrators and the supervision office)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    kinds = registered_kinds()
    kind = request.GET.get("kind", "").strip()
    kind = kind if kind in kinds else ""
    region_code = request.GET.get("region", "").strip()[:9]
    region = Region.objects.filter(code=region_code).first() if region_code else None
    year = _year(request.GET.get("year", ""))
    state_choices = list(kinds[kind].state_labels.items()) if kind else []
    state = request.GET.get("state", "").strip()[:32]
    state = state if any(state == value for value, _label in state_choices) else ""
    page = _page_number(request.GET.get("page", ""))
    public_only, scope_codes = reader_scope(request.user)
    result = search(
        query=query,
        kinds=[kind] if kind else None,
        region_code=region.code if region else None,
        year=year,
        state=state or None,
        public_only=public_only,
        scope_codes=scope_codes,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    filters = {
        "q": query,
        "kind": kind,
        "region": region.code if region else "",
        "year": year or "",
        "state": state,
    }
    query_string = urlencode({name: value for name, value in filters.items() if value})
    page_count = min(MAX_PAGE, (result.total + PAGE_SIZE - 1) // PAGE_SIZE)
    return render(
        request,
        "core/search.html",
        {
            "query": query,
            "result": result,
            "searched": bool(result.query),
            "kind": kind,
            "kinds": [(name, entry.label) for name, entry in sorted(kinds.items())],
            "region": region,
            "region_code": region_code,
            "year": year,
            "state": state,
            "state_choices": state_choices,
            "page": page,
            "page_count": page_count,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page < page_count else None,
            "query_string": query_string,
        },
    )
