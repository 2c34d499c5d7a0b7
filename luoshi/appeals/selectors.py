"""Reads of appeals: the places a form offers, the appeals a member of staff may see, and one
appeal as its citizen follows it."""

from __future__ import annotations

import hmac
from typing import Any

from django.db.models import Q, QuerySet

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.appeals.models import Appeal
from luoshi.appeals.privacy import code_digest, same_phone
from luoshi.core.models import Region, RegionLevel
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.region_scope import in_regions_under

READERS = (Role.SUPERVISOR, Role.LEADER)


def places_under(region: Region) -> QuerySet[Region]:
    """What the form of `region` offers: a county and its townships, or a city's counties."""
    if region.level == RegionLevel.COUNTY:
        return Region.objects.filter(
            Q(pk=region.pk) | Q(parent=region, level=RegionLevel.TOWNSHIP), is_active=True
        ).order_by("code")
    return Region.objects.filter(
        code__startswith=region_code_prefix(region.code) or region.code,
        level=RegionLevel.COUNTY,
        is_active=True,
    ).order_by("code")


def appeals_for(user: Any) -> QuerySet[Appeal]:
    """The appeals of the regions the user reads them for (and below), newest first."""
    appeals = Appeal.objects.select_related("region").order_by("-created_at", "-id")
    if is_admin(user):
        return appeals
    prefixes = {
        region_code_prefix(code) or code
        for role, _unit, code in role_grants(user)
        if role in READERS
    }
    if not prefixes:
        return appeals.none()
    return appeals.filter(in_regions_under(prefixes))


def appeal_followed(number: str, secret: str) -> Appeal | None:
    """The appeal whose number and phone (or query code) match; None for any mismatch, the
    same whichever part was wrong."""
    appeal = Appeal.objects.select_related("region").filter(number=number.strip()).first()
    if appeal is None:
        return None
    if appeal.contact_phone and same_phone(secret, appeal.contact_phone):
        return appeal
    if hmac.compare_digest(code_digest(appeal.number, secret), appeal.code_digest):
        return appeal
    return None
