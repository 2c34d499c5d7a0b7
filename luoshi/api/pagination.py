"""Pagination with limits the client is told about, not silently clamped: by page number, or
by cursor (`after`: the `next` of the page before), which reads from the previous page's last
row through the list's index instead of sorting and skipping every row before it
(`luoshi.api.keyset`)."""

from __future__ import annotations

import math
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

from luoshi.api import keyset

ItemT = TypeVar("ItemT")

MAX_PAGE_SIZE: int = getattr(settings, "API_MAX_PAGE_SIZE", 200)


class NumberedPageParams(Schema):
    """Page numbers only: for lists ordered by figures computed per page (project figures) or
    by relevance (search), which have no index order to continue from."""

    page: int = Field(1, ge=1, description="页码，从 1 开始")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1–{MAX_PAGE_SIZE}")


class PageParams(NumberedPageParams):
    after: str | None = Field(
        None,
        max_length=2000,
        description="翻页游标：上一页返回的 next。给出时取其后一页（不看 page），深页也一样快",
    )


class Page(Schema, Generic[ItemT]):
    count: int | None = Field(..., description="总条数；按游标（after）取页时不再计数，为空")
    page: int | None = Field(..., description="页码；按游标取页时为空")
    page_size: int
    pages: int | None = Field(..., description="总页数；按游标取页时为空")
    next: str | None = Field(
        None, description="下一页的游标（作 after 传回）；最后一页、只按页码翻页的列表为空"
    )
    items: list[ItemT]


def paginate(queryset: QuerySet[Any], params: PageParams) -> dict[str, Any]:
    """One page by number, with the count; or, given `after`, the page after the cursor's row
    without counting again (the count reads every row in scope: a walk by cursor costs the same
    on every page however long the list)."""
    queryset, keys = keyset.ordered(queryset)
    if params.after:
        try:
            rows = keyset.after(queryset, params.after)
        except keyset.BadCursor as error:
            raise HttpError(400, _("翻页游标无效：请传回上一页返回的 next。")) from error
        count = page = pages = None
    else:
        count, page = queryset.count(), params.page
        pages = max(1, math.ceil(count / params.page_size))
        if page > pages:
            raise HttpError(
                404, _("第 %(page)d 页不存在：共 %(pages)d 页。") % {"page": page, "pages": pages}
            )
        rows = queryset[(page - 1) * params.page_size :]
    items = list(rows[: params.page_size + 1])
    more = len(items) > params.page_size
    items = items[: params.page_size]
    return {
        "count": count,
        "page": page,
        "page_size": params.page_size,
        "pages": pages,
        "next": keyset.cursor_after(items[-1], keys) if more else None,
        "items": items,
    }
