"""What a reader of the dashboard may see: the regions of their leader, supervisor or
administrator memberships and everything below them (GB/T 2260 codes nest by prefix).

Administrators see everything. A region chosen in the selector narrows the view; a region
outside the reader's scope is refused (403), never silently widened or emptied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.models import Region, RegionLevel
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.region_scope import region_ids_under

# Unit staff (liaisons, unit heads) read their own tasks elsewhere; region-wide figures are
# for those who answer for a region.
SCOPE_ROLES = frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMIN})
YEAR_RANGE = (2000, 2100)


@dataclass(frozen=True)
class DashboardScope:
    prefixes: tuple[str, ...] | None  # region-code prefixes shown; None: everything
    region: Region | None  # the region chosen (or the reader's own); None: the whole scope
    year: int
    choices: list[Region]  # regions offered in the selector

    def region_q(self, field: str = "region") -> Q:
        """Rows whose region (through `field`, a path to a region) lies in scope, by the
        regions' ids (luoshi.core.region_scope), read once for the scope."""
        if self.prefixes is None:
            return Q()
        return Q(**{f"{field}__in": self.region_ids})

    @cached_property
    def region_ids(self) -> list[int]:
        return region_ids_under(self.prefixes or ())


def reader_prefixes(user: Any) -> tuple[str, ...] | None:
    """The region-code prefixes of the user's region-wide roles; None for administrators."""
    if is_admin(user):
        return None
    codes = {code for role, _unit, code in role_grants(user) if role in SCOPE_ROLES}
    return tuple(sorted({region_code_prefix(code) or code for code in codes}))


def _covers(prefixes: tuple[str, ...] | None, code: str) -> bool:
    if prefixes is None:
        return True
    own = region_code_prefix(code) or code
    return any(own.startswith(prefix) for prefix in prefixes)


def parse_year(raw: str | None) -> int:
    """The year asked for, or the current one; anything else is refused with a message."""
    if raw is None or raw.strip() == "":
        return timezone.localdate().year
    raw = raw.strip()
    low, high = YEAR_RANGE
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Http404(_("年度应为 %(low)d–%(high)d 之间的数字。") % {"low": low, "high": high})
    return int(raw)


def _choices(user: Any, prefixes: tuple[str, ...] | None) -> list[Region]:
    """The reader's own regions and the regions directly below them (one query); for
    administrators the provinces and cities."""
    own_codes = {code for role, _unit, code in role_grants(user) if role in SCOPE_ROLES}
    query = Q(code__in=own_codes) | Q(parent__code__in=own_codes)
    if prefixes is None:
        query |= Q(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY])
    return list(Region.objects.filter(query).order_by("code")[:300])


def dashboard_scope(user: Any, *, region_code: str | None, year: str | None) -> DashboardScope:
    """The scope for `user` narrowed to `region_code`.

    `region_code` None (not asked): the reader's first own region, or everything for an
    administrator without one; "" : the whole scope; a code: that region, which must lie in
    scope (PermissionDenied) and exist (Http404). A reader without a region-wide role is
    refused."""
    prefixes = reader_prefixes(user)
    if prefixes is not None and not prefixes:
        raise PermissionDenied(_("领导驾驶舱仅对领导、督查室和管理员开放。"))
    chosen_year = parse_year(year)
    choices = _choices(user, prefixes)
    region: Region | None = None
    if region_code is None:
        own_codes = sorted(code for role, _unit, code in role_grants(user) if role in SCOPE_ROLES)
        region = next((r for r in choices if own_codes and r.code == own_codes[0]), None)
    elif region_code.strip():
        code = region_code.strip()
        if not re.fullmatch(r"\d{6}|\d{9}", code):
            raise Http404(_("区划代码应为 6 位或 9 位数字。"))
        if not _covers(prefixes, code):
            raise PermissionDenied(_("该地区不在您的查看范围内。"))
        region = next((r for r in choices if r.code == code), None)
        if region is None:
            region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404(_("没有代码为 %(code)s 的行政区划。") % {"code": code})
    if region is not None:
        narrowed: tuple[str, ...] | None = (region_code_prefix(region.code) or region.code,)
    else:
        narrowed = prefixes
    if region is not None and region not in choices:
        choices = sorted([*choices, region], key=lambda r: r.code)
    return DashboardScope(prefixes=narrowed, region=region, year=chosen_year, choices=choices)
