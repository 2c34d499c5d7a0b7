"""Permission checks inside services: views, API, imports and commands all get the same answer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor


def ensure_allowed(actor: Actor, permission: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` (on `obj`).

    `actor=None` is the system itself (background tasks, data loading) and is always allowed.
    """
    if actor is None:
        return
    if not getattr(actor, "has_perm", lambda *args: False)(permission, obj):
        raise PermissionDenied(_("没有权限执行此操作。"))
