"""Sign-in lockout (django-axes): per account at an address, and per address.

Which locks, and why (settings AXES_LOCKOUT_PARAMETERS, AXES_FAILURE_LIMIT,
LUOSHI_SIGNIN_ADDRESS_FAILURE_LIMIT, AXES_COOLOFF_TIME):

- An account is locked only at the address its wrong passwords came from (username and address
  together), after AXES_FAILURE_LIMIT failures. Locking the account everywhere would let anyone
  lock any official out of the platform by typing their username a few times; locking by address
  alone would let one clerk's typos lock out a whole government building, which reaches the
  platform through one address.
- An address is locked on its own only after many more failures, whatever the usernames: that is
  a machine trying passwords on many accounts, not a colleague mistyping.
- Every lock ends by itself after the cool-off, and attempts during a lock neither count nor
  extend it (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off): nobody, attacker or not, can
  keep an address or an account locked for longer than that. An administrator can lift a lock
  earlier with `luoshi axes_reset_username USERNAME` or `luoshi axes_reset_ip ADDRESS`.

Axes compares one number with one limit; `get_failures` below reports the address's failures
in units of the account limit, so that one comparison applies both limits exactly.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from luoshi.core.client_address import UNKNOWN, client_address

ADDRESS_ONLY = "ip_address"


def sign_in_address(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the project's one rule for a client's address. None when there
    is none, because axes stores the address in an IP-address column ("unknown" is refused)."""
    address = client_address(request)
    return None if address == UNKNOWN else address


def _limit_for(parameter: str | list[str]) -> int:
    if parameter == ADDRESS_ONLY:
        return int(settings.LUOSHI_SIGNIN_ADDRESS_FAILURE_LIMIT)
    return int(settings.AXES_FAILURE_LIMIT)


class SignInGuardHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per lockout parameter (see the module's text)."""

    def _tallies(
        self, request: HttpRequest, credentials: dict[str, Any] | None
    ) -> list[tuple[int, int, datetime | None]]:
        """(failures, limit, latest failure) for each lockout parameter, in the cool-off."""
        parameters = get_lockout_parameters(request, credentials)
        attempts: list[QuerySet[AccessAttempt]] = self.get_user_attempts(request, credentials)
        tallies = []
        for parameter, matching in zip(parameters, attempts, strict=True):
            figures = matching.aggregate(
                failures=Sum("failures_since_start"), latest=Max("attempt_time")
            )
            tallies.append((figures["failures"] or 0, _limit_for(parameter), figures["latest"]))
        return tallies

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        limit = int(settings.AXES_FAILURE_LIMIT)
        # floor(f × limit / own_limit) reaches `limit` exactly when f reaches its own limit.
        return max(
            (
                failures * limit // own_limit
                for failures, own_limit, _latest in self._tallies(request, credentials)
            ),
            default=0,
        )

    def lock_ends_at(
        self, request: HttpRequest, credentials: dict[str, Any] | None
    ) -> datetime | None:
        """When the locks on this request's account and address end; None when there are none."""
        cool_off = get_cool_off(request)
        ends = [
            latest + cool_off
            for failures, limit, latest in self._tallies(request, credentials)
            if failures >= limit and latest is not None and cool_off is not None
        ]
        return max(ends, default=None)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """After a successful sign-in forget that account's failures at that address, and only
        those: the address's failures on other accounts still count towards its own limit."""
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(
            username=username,
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        ).delete()
        return count


def _handler() -> SignInGuardHandler:
    handler = AxesProxyHandler.get_implementation()
    if not isinstance(handler, SignInGuardHandler):
        raise TypeError("AXES_HANDLER must be luoshi.accounts.sign_in_guard.SignInGuardHandler")
    return handler


def minutes_to_wait(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """Whole minutes, rounded up, until the lock on this request ends (at least one)."""
    ends = _handler().lock_ends_at(request, credentials)
    cool_off = get_cool_off(request) or timedelta(minutes=1)
    left = (ends - timezone.now()) if ends is not None else cool_off
    return max(1, math.ceil(left.total_seconds() / 60))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: one sentence in the site's layout, saying how long to wait."""
    minutes = minutes_to_wait(request, credentials)
    message = ngettext(
        "登录失败次数过多，请 %(minutes)d 分钟后再试。",
        "登录失败次数过多，请 %(minutes)d 分钟后再试。",
        minutes,
    ) % {"minutes": minutes}
    response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
