"""The unread-message count in the page header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from luoshi.tasks.selectors.supervision_queries import unread_count


def notifications(request: HttpRequest) -> dict[str, Callable[[], int] | None]:
    """A callable, not a number: templates call it only where the header is drawn, so
    JSON views, redirects and anonymous pages pay no query; where drawn, it is one
    COUNT on the (user, read_at) index."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": None}
    return {"unread_notifications": lambda: unread_count(user)}
