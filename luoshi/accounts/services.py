"""Writes to users, memberships and API tokens; validated, atomic, logged."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import ApiToken, Membership, Role, User
from luoshi.accounts.permissions import forget_roles
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.models import Unit

TOKEN_PREFIX = "ls_"


def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    full_name: str = "",
    title: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user; with password None the account cannot log in until one is set."""
    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        title=title.strip(),
        email=email.strip(),
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    return save_with_log(actor=actor, instance=user, verb="user.created")


def membership_grant(*, actor: Actor, user: User, unit: Unit, role: str) -> Membership:
    """Give `user` a role in `unit`; re-activates a membership that was revoked."""
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
        if membership is None:
            membership = Membership(user=user, unit=unit, role=role)
        elif membership.is_active:
            return membership
        membership.is_active = True
        save_with_log(actor=actor, instance=membership, verb="membership.granted")
        _sync_staff_flag(actor=actor, user=user)
    forget_roles(user)
    return membership


def membership_revoke(*, actor: Actor, membership: Membership) -> Membership:
    with transaction.atomic():
        membership.is_active = False
        save_with_log(actor=actor, instance=membership, verb="membership.revoked")
        _sync_staff_flag(actor=actor, user=membership.user)
    forget_roles(membership.user)
    return membership


def _sync_staff_flag(*, actor: Actor, user: User) -> None:
    """The administrator role is what opens the Django admin: keep is_staff in step with it."""
    if user.is_superuser:
        return
    is_admin = Membership.objects.filter(user=user, role=Role.ADMIN, is_active=True).exists()
    if user.is_staff != is_admin:
        user.is_staff = is_admin
        save_with_log(actor=actor, instance=user, verb="user.staff_changed")


def hash_token_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def api_token_create(
    *, actor: Actor, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the key, which is never shown or stored again."""
    if actor is not None and actor.pk != user.pk and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("只能为自己创建 API 令牌。"))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("过期时间必须晚于现在。")})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=key[:10],
        key_hash=hash_token_key(key),
        expires_at=expires_at,
    )
    save_with_log(actor=actor, instance=token, verb="api_token.created")
    return token, key


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    return save_with_log(actor=actor, instance=token, verb="api_token.revoked")


def user_password_set(*, actor: Actor, user: User, password: str | None) -> int:
    """Give `user` a new password (None: none, signing in with a password is disabled).

    Their API tokens are revoked with it: a token is a second way in, and one that outlived a
    password change would keep whoever stole the password in after the owner changed it.
    Returns how many tokens were revoked.
    """
    if password is not None:
        validate_password(password, user)
    with transaction.atomic():
        revoked = api_tokens_revoke_for_password_change(actor=actor, user=user)
        # The hash is set here rather than with set_password(), whose marker is how the safety
        # net (luoshi.accounts.password_changes) recognises a change made outside this service.
        user.password = make_password(password)
        save_with_log(actor=actor, instance=user, verb="user.password_changed")
    if password is not None:
        # What set_password() and save() would have told the validators (password history…).
        password_validation.password_changed(password, user)
    return revoked


def api_tokens_revoke_for_password_change(*, actor: Actor, user: User) -> int:
    """Revoke every token of `user` that could still be used; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        tokens = list(
            ApiToken.objects.select_for_update()
            .filter(user=user, revoked_at__isnull=True)
            .exclude(expires_at__lte=now)
        )
        for token in tokens:
            token.revoked_at = now
            save_with_log(actor=actor, instance=token, verb="api_token.revoked_on_password_change")
    return len(tokens)


def api_token_authenticate(*, key: str) -> User | None:
    """The active user a usable token belongs to, or None. Notes when it was last used."""
    if not key.startswith(TOKEN_PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token_key(key)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    # Recording every request would turn reads into writes; once a minute is enough to show use.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
