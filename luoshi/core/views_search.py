"""The search page: one box over every indexed kind, with filters; hits grouped by kind.
Thin: `search` and `search_by_kind` do it all."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from luoshi.core.models import Region
from luoshi.core.search import SearchResult, reader_scope, search, search_by_kind
from luoshi.core.search.registry import kinds_in_order, registered_kinds
from luoshi.core.search.tokens import MAX_QUERY_LENGTH
from luoshi.core.view_guards import signed_in_with

PAGE_SIZE = 20
MAX_PAGE = 50
GROUP_SIZE = 5  # hits shown of each kind before a kind is chosen


def _year(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2100 else None


def _page_number(raw: str) -> int:
    return min(int(raw), MAX_PAGE) if raw.isdigit() and int(raw) >= 1 else 1


@signed_in_with("core.view_region")
def search_page(request: HttpRequest) -> HttpResponse:
    """Each user finds what they may open: public entries; for staff who may read the
    action log (administrators and the supervision office), their regions' working entries
    too; and the tasks, projects, notices and imports whose pages open for them.

    Without a kind chosen, hits of several kinds come grouped by kind, each group with its
    count and its best few; choosing a kind (or hits of one kind only) lists them all, paged."""
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
    region_filter = region.code if region else None
    # Each kind's count, and its best hits unless a kind is chosen.
    grouped = search_by_kind(
        query=query,
        region_code=region_filter,
        year=year,
        public_only=public_only,
        scope_codes=scope_codes,
        reader=request.user,
        per_kind=0 if kind else GROUP_SIZE,
    )
    result: SearchResult | None = None
    if kind or len(grouped.groups) <= 1:  # one kind: its hits, paged, without a heading
        result = search(
            query=query,
            kinds=[kind] if kind else None,
            region_code=region_filter,
            year=year,
            state=state or None,
            public_only=public_only,
            scope_codes=scope_codes,
            reader=request.user,
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
    everywhere = urlencode(
        {name: value for name, value in filters.items() if value and name not in ("kind", "state")}
    )
    tabs = [(group.kind, group.label, group.total) for group in grouped.groups]
    if kind and kind not in {group.kind for group in grouped.groups}:
        tabs.append((kind, kinds[kind].label, 0))
    total = result.total if result is not None else grouped.total
    page_count = min(MAX_PAGE, (total + PAGE_SIZE - 1) // PAGE_SIZE) if result is not None else 0
    return render(
        request,
        "core/search.html",
        {
            "query": query,
            "result": result,
            "grouped": grouped,
            "searched": bool(grouped.query),
            "kind": kind,
            "kinds": [(entry.kind, entry.label) for entry in kinds_in_order()],
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
            "everywhere_query": everywhere,
            "tabs": tabs,
        },
    )
