"""Predicates for object permissions (`rules`).

A user's active memberships are read once per user object and kept on it, so a page that
asks a dozen permission questions costs one query.
"""

from __future__ import annotations

from typing import Any

import rules

from luoshi.accounts.models import Membership, Role

_CACHE_ATTRIBUTE = "_luoshi_role_units"


def role_grants(user: Any) -> frozenset[tuple[str, int, str]]:
    """(role, unit id, unit's region code) of the user's active memberships in active units."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached: frozenset[tuple[str, int, str]] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user, is_active=True, unit__is_active=True).values_list(
                "role", "unit_id", "unit__region__code"
            )
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def role_units(user: Any) -> frozenset[tuple[str, int]]:
    return frozenset((role, unit_id) for role, unit_id, _code in role_grants(user))


def forget_roles(user: Any) -> None:
    """Drop the cached memberships after they change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def roles_of(user: Any) -> set[str]:
    return {role for role, _unit in role_units(user)}


@rules.predicate
def is_admin(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser) or Role.ADMIN in roles_of(user)


def has_role(*roles: str) -> rules.Predicate:
    wanted = frozenset(roles)

    def check(user: Any) -> bool:
        return bool(wanted & roles_of(user))

    return rules.Predicate(check, name=f"has_role({','.join(sorted(wanted))})")


@rules.predicate
def is_member_of_unit(user: Any, unit: Any) -> bool:
    if unit is None:
        return False
    return any(unit_id == unit.pk for _role, unit_id in role_units(user))


@rules.predicate
def owns_object(user: Any, obj: Any) -> bool:
    return obj is not None and getattr(obj, "user_id", None) == getattr(user, "pk", object())


def region_code_lineage(code: str) -> set[str]:
    """A region code and the codes of the regions above it (GB/T 2260 codes nest by prefix):
    130121 → {130121, 130100, 130000}; a nine-digit township code adds its county."""
    lineage = {code}
    if len(code) == 9:
        lineage.add(code[:6])
    six = code[:6]
    lineage.update({six[:4] + "00", six[:2] + "0000"})
    return lineage


def region_of(obj: Any) -> Any:
    """The region an object belongs to: itself for a region, else its `region` attribute."""
    if obj is None:
        return None
    if hasattr(obj, "level") and hasattr(obj, "code") and hasattr(obj, "parent_id"):
        return obj
    return getattr(obj, "region", None)


@rules.predicate
def in_region_scope(user: Any, obj: Any) -> bool:
    """The object's region is one the user works for, or lies below one.

    Without an object the question is whether the user works for any region at all; the
    object-level check is made when the object is known.
    """
    grants = role_grants(user)
    if obj is None:
        return bool(grants)
    region = region_of(obj)
    if region is None:
        return False
    lineage = region_code_lineage(region.code)
    return any(code in lineage for _role, _unit, code in grants)


def has_role_in_scope(*roles: str) -> rules.Predicate:
    """The user holds one of `roles` in a unit whose region covers the object's region."""
    wanted = frozenset(roles)

    def check(user: Any, obj: Any = None) -> bool:
        grants = [g for g in role_grants(user) if g[0] in wanted]
        if not grants:
            return False
        if obj is None:
            return True
        region = region_of(obj)
        if region is None:
            return False
        lineage = region_code_lineage(region.code)
        return any(code in lineage for _role, _unit, code in grants)

    return rules.Predicate(check, name=f"has_role_in_scope({','.join(sorted(wanted))})")


is_signed_in = rules.is_authenticated & rules.is_active
is_supervisor = has_role(Role.SUPERVISOR)
is_leader = has_role(Role.LEADER)
