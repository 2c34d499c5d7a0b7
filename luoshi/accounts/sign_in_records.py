"""Sign-ins, failed sign-ins and lockouts go to the action log (connected in AccountsConfig).

What is recorded: who (the account, when the typed username is one), from which address, and
for a username that matches no account the typed text, cut short. Never a password: Django
hands the failure signal cleansed credentials, and only the username is read from them.

A failure leaves no actor: whoever typed a wrong password has not proved to be anybody.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address, get_cool_off
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from luoshi.core.action_log import log_action

# A username that matches no account is kept only this long: enough to see what was tried,
# too short to hold a password typed into the wrong box.
TYPED_USERNAME_LENGTH = 32


def _address(request: HttpRequest) -> str | None:
    """The client address as the lockout sees it (same rule, same proxy settings)."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return str(address) if address else None


def _typed_username(typed: str) -> str:
    if len(typed) > TYPED_USERNAME_LENGTH:
        return typed[: TYPED_USERNAME_LENGTH - 1] + "…"
    return typed


def _account(username: str | None) -> Any:
    if not username:
        return None
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()


def _who(username: str | None, request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    """The account the username names (or None) and what the entry records."""
    account = _account(username)
    recorded: dict[str, Any] = {"address": _address(request)}
    if account is None:
        recorded["username"] = _typed_username(str(username or ""))
    return account, recorded


def record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """user_logged_in: a person signed in through a form (the login page, the admin's).

    A request without a method is no person's: it is the bare request the test client's
    force_login makes up, and recording those would only fill the log of every test."""
    if request is None or request.method is None:
        return
    log_action(actor=user, verb="user.signed_in", target=user, after={"address": _address(request)})


def record_sign_in_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """user_login_failed: a wrong password, an unknown username, or an attempt while locked.

    Axes marks a request it refused because of an existing lock (`axes_locked_out`) before
    any password is checked, and counts nothing for it (`axes_failures_since_start` stays
    None); a failure that has just reached the limit has been counted. Both marks are read
    the same way whether axes' own receiver ran before this one or after.
    """
    if request is None:
        return
    refused = bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )
    account, recorded = _who(credentials.get(get_user_model().USERNAME_FIELD), request)
    log_action(
        actor=None,
        verb="user.sign_in_refused" if refused else "user.sign_in_failed",
        target=account,
        after=recorded,
    )


def record_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """axes' user_locked_out: recorded once, when a failure reaches a limit.

    Axes sends the signal again for every attempt refused during the lock; those are already
    recorded as refused attempts by record_sign_in_failure."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    account, recorded = _who(username, request)
    cool_off = get_cool_off(request)
    if cool_off is not None:
        recorded["minutes"] = int(cool_off.total_seconds() // 60)
    log_action(actor=None, verb="user.locked_out", target=account, after=recorded)
