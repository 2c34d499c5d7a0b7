"""Reads of appeals: the places a form offers, the appeals a member of staff may see, and one
appeal as its citizen follows it."""

from __future__ import annotations

import hmac
from typing import Any

from django.db.models import Q, QuerySet

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, region_code_lineage, role_grants
from luoshi.appeals.models import Appeal
from luoshi.appeals.privacy import code_digest, same_phone
from luoshi.core.models import Region, RegionLevel, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.region_scope import in_regions_under

READERS = (Role.SUPERVISOR, Role.LEADER)
# The roles through which a unit handles the appeals sent to it (as `rules.STAFF`).
UNIT_ROLES = (Role.LIAISON, Role.UNIT_HEAD, Role.SUPERVISOR)


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
    """The appeals of the regions the user reads them for (and below), and those sent to the
    user's units (as lead or co-unit), newest first."""
    appeals = Appeal.objects.select_related("region", "lead_unit").order_by("-created_at", "-id")
    if is_admin(user):
        return appeals
    grants = role_grants(user)
    prefixes = {region_code_prefix(code) or code for role, _unit, code in grants if role in READERS}
    units = {unit for role, unit, _code in grants if role in UNIT_ROLES}
    if not prefixes and not units:
        return appeals.none()
    # Sent to one of the user's units, as lead or co-unit. The co-units' appeals are read
    # here (a unit assists in few): a list, not a subquery, lets PostgreSQL OR two index
    # look-ups instead of walking every appeal newest first (0.9 s at 1 M appeals).
    assisted = list(
        Appeal.co_units.through.objects.filter(unit_id__in=units).values_list(
            "appeal_id", flat=True
        )
    )
    seen = Q(lead_unit_id__in=units)
    if assisted:
        seen |= Q(pk__in=assisted)
    if prefixes:
        seen |= in_regions_under(prefixes)
    return appeals.filter(seen)


def units_to_dispatch_to(appeal: Appeal) -> QuerySet[Unit]:
    """Active units of the appeal's region and of the regions above it (a township's appeal
    may go to its county's bureaus)."""
    codes = region_code_lineage(appeal.region.code)
    return (
        Unit.objects.filter(region__code__in=codes, is_active=True)
        .select_related("region")
        .order_by("-region__code", "sort_order", "name")
    )


def appeal_followed(number: str, secret: str) -> Appeal | None:
    """The appeal whose number and phone (or query code) match; None for any mismatch, the
    same whichever part was wrong."""
    appeal = (
        Appeal.objects.select_related("region", "merged_into").filter(number=number.strip()).first()
    )
    if appeal is None:
        return None
    if appeal.contact_phone and same_phone(secret, appeal.contact_phone):
        return appeal
    if hmac.compare_digest(code_digest(appeal.number, secret), appeal.code_digest):
        return appeal
    return None


def county_of(place: Region) -> Region:
    """The county of a place: a township's parent, else the place itself."""
    if place.level == RegionLevel.TOWNSHIP and place.parent is not None:
        return place.parent
    return place


def appeals_in(region: Region) -> QuerySet[Appeal]:
    """The appeals placed in `region` and the regions below it."""
    return Appeal.objects.filter(in_regions_under([region_code_prefix(region.code) or region.code]))


def appeal_for(user: Any, number: str) -> Appeal | None:
    """One appeal the user may see, by its number, with what its page and the API show."""
    return (
        appeals_for(user)
        .filter(number=number)
        .select_related("similar_to", "merged_into")
        .prefetch_related("co_units")
        .first()
    )
