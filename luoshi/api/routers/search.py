"""One search over every indexed kind (reports, opinions, meetings, instructions…)."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from luoshi.api.permissions import require_perm
from luoshi.core.search import SearchHit, reader_scope, search
from luoshi.core.search.registry import registered_kinds
from luoshi.core.search.tokens import MAX_QUERY_LENGTH

router = Router(tags=["检索"])

MAX_PAGE_SIZE = 100


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="检索词，空格分隔")
    kind: str | None = Field(None, max_length=32, description="类型：report、opinion、meeting…")
    region: str | None = Field(None, pattern=r"^\d{6}$", description="区划代码，含下级区划")
    year: int | None = Field(None, ge=1900, le=2100)
    state: str | None = Field(None, max_length=32)
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    key: str
    title: str
    url: str
    region_name: str
    year: int | None
    state: str
    state_label: str
    snippet: str
    updated_at: Any

    @staticmethod
    def resolve_kind_label(obj: SearchHit) -> str:
        return str(obj.kind_label)

    @staticmethod
    def resolve_state_label(obj: SearchHit) -> str:
        return str(obj.state_label)

    @staticmethod
    def resolve_snippet(obj: SearchHit) -> str:
        return "".join(text for text, _match in obj.snippet)


class SearchPageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[SearchHitOut]


@router.get("/search", response=SearchPageOut, summary="全文检索")
def search_endpoint(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    """Staff (who may read the action log) search everything; others only public entries."""
    require_perm(request, "core.view_region")
    if params.kind is not None and params.kind not in registered_kinds():
        known = "、".join(sorted(registered_kinds()))
        raise HttpError(
            422, _("未知的类型 %(kind)s，可选：%(known)s。") % {"kind": params.kind, "known": known}
        )
    public_only, scope_codes = reader_scope(request.user)
    result = search(
        query=params.q,
        kinds=[params.kind] if params.kind else None,
        region_code=params.region,
        year=params.year,
        state=params.state,
        public_only=public_only,
        scope_codes=scope_codes,
        reader=request.user,
        limit=params.page_size,
        offset=(params.page - 1) * params.page_size,
    )
    return {
        "count": result.total,
        "page": params.page,
        "page_size": params.page_size,
        "pages": max(1, math.ceil(result.total / params.page_size)),
        "items": result.hits,
    }
