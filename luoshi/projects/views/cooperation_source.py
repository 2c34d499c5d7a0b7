"""A key project made from a study tour's cooperation item (合作事项 › 转为重点项目): the new
project's form opens in the responsible unit's region, filled in from the item, and the
project keeps the item (and through it the meeting)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.engagement.cooperation_selectors import cooperation_get
from luoshi.engagement.models import CooperationItem

FIRST_CLAUSE = re.compile(r"[。；;\n]")
WAN_PER_YI = Decimal(10000)  # the item's amount is in 亿元, the project's figures in 万元


def cooperation_of(request: HttpRequest) -> CooperationItem | None:
    """The item named by ?cooperation= (or the form's hidden field), if the user may read it."""
    value = request.GET.get("cooperation") or request.POST.get("cooperation") or ""
    if not value:
        return None
    try:
        item = cooperation_get(item_id=int(value))
    except (ValueError, CooperationItem.DoesNotExist) as error:
        raise Http404(_("没有这项合作事项")) from error
    if not request.user.has_perm("engagement.view_cooperation", item):
        raise Http404(_("没有这项合作事项"))
    return item


def initial_from(item: CooperationItem) -> dict[str, Any]:
    name = FIRST_CLAUSE.split(item.content.strip(), maxsplit=1)[0][:200]
    return {
        "year": timezone.localdate().year,
        "name": name,
        "content": item.content,
        "unit": item.unit_id,
        "total_investment": item.amount * WAN_PER_YI if item.amount is not None else None,
    }
