"""Reads of users, memberships and tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.accounts.models import ApiToken, Membership, Role, User
from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.lookups import found
from luoshi.core.models import Region


def user_get(*, user_id: int) -> User:
    """Raises NotFound (a User.DoesNotExist) when there is no such user."""
    return found(User.objects.all(), pk=user_id)


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.select_related("unit__region")
        .filter(user=user, is_active=True)
        .order_by("unit__region__code", "unit__sort_order", "role")
    )


def membership_list_for_unit(*, unit_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.select_related("user")
        .filter(unit_id=unit_id, is_active=True)
        .order_by("role", "user__username")
    )


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_get_for_user(*, user: User, token_id: int) -> ApiToken:
    """The token if `user` may manage it; raises ApiToken.DoesNotExist otherwise."""
    tokens = ApiToken.objects.select_related("user")
    if not user.is_superuser:
        tokens = tokens.filter(user=user)
    return tokens.get(pk=token_id)


def supervised_regions(user: Any) -> list[Region]:
    """Regions whose work the user's supervision office keeps (decomposition, project lists,
    imports): the regions of their 督查员 memberships; for administrators every region that
    has units (capped for a form's choice list)."""
    if is_admin(user):
        return list(Region.objects.filter(units__isnull=False).distinct().order_by("code")[:500])
    codes = {code for role, _unit, code in role_grants(user) if role == Role.SUPERVISOR}
    return list(Region.objects.filter(code__in=codes).order_by("code"))
