"""Reads of users, memberships and tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.accounts.models import ApiToken, Membership, User


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
