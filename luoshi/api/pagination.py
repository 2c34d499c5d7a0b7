"""Page-number pagination with limits the client is told about, not silently clamped."""

from __future__ import annotations

import math
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

ItemT = TypeVar("ItemT")

MAX_PAGE_SIZE: int = getattr(settings, "API_MAX_PAGE_SIZE", 200)


class PageParams(Schema):
    page: int = Field(1, ge=1, description="页码，从 1 开始")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，1–{MAX_PAGE_SIZE}")


class Page(Schema, Generic[ItemT]):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[ItemT]


def paginate(queryset: QuerySet[Any], params: PageParams) -> dict[str, Any]:
    count = queryset.count()
    pages = max(1, math.ceil(count / params.page_size))
    if params.page > pages:
        raise HttpError(
            404,
            _("第 %(page)d 页不存在：共 %(pages)d 页。") % {"page": params.page, "pages": pages},
        )
    start = (params.page - 1) * params.page_size
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "items": list(queryset[start : start + params.page_size]),
    }
