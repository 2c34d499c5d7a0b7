"""API authentication: a bearer token, or else the browser session (with CSRF on writes).

Which one judges a request is decided by the request alone, not by trying them in turn: a
request that carries an `Authorization` header is judged by its token and nothing else — never
by a session cookie that happens to come with it, and never CSRF-checked, because a browser
never attaches a bearer token by itself, so a forged cross-site request cannot carry one. A bad
token is a 401 even when a valid session cookie is also present. A request without the header
is a browser's: its session is used, and unsafe methods must pass Django's CSRF check.

(django-ninja's `SessionAuth` runs the CSRF check before it even looks at the session and
raises on failure, so listed first it refused every token write with "CSRF check Failed"
before the token was looked at.)
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from ninja.security import HttpBearer, SessionAuth

from luoshi.accounts.services import api_token_authenticate

AUTHORIZATION_HEADER = "Authorization"


def carries_credentials(request: HttpRequest) -> bool:
    """Whether the caller sent an Authorization header (even an empty or malformed one)."""
    return AUTHORIZATION_HEADER in request.headers


class CsrfRefused(Exception):
    """A session request with an unsafe method failed Django's CSRF check."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, remembering why it refused (its log line is kept too)."""

    refusal: str | None = None

    # `_reject` is private but has kept this signature since Django 1.x; were it renamed, the
    # check would still refuse, only with a vaguer reason.
    def _reject(self, request: HttpRequest, reason: str) -> Any:
        self.refusal = reason
        return super()._reject(request, reason)  # type: ignore[misc]


def _any_view(request: HttpRequest) -> HttpResponseForbidden:
    """Stands for the API view (never called): not csrf_exempt, so the check really runs."""
    return HttpResponseForbidden()


def csrf_refusal(request: HttpRequest) -> str | None:
    """None when the request passes the CSRF check (safe methods always do), else the reason."""
    check = _CsrfCheck(lambda _request: HttpResponseForbidden())
    # django-ninja's views are csrf_exempt, so the middleware has not checked this request.
    request.csrf_processing_done = False  # type: ignore[attr-defined]
    check.process_request(request)
    if check.process_view(request, _any_view, (), {}) is None:
        return None
    return check.refusal or "CSRF"


class TokenAuth(HttpBearer):
    openapi_description = (
        "Authorization: Bearer ls_…（个人账户页面创建的 API 令牌）。"
        "带此请求头的请求只按令牌认证，不使用会话，也不做 CSRF 校验。"
    )

    def __call__(self, request: HttpRequest) -> Any:
        if not carries_credentials(request):
            return None
        scheme, _space, token = request.headers[AUTHORIZATION_HEADER].partition(" ")
        if scheme.lower() != self.openapi_scheme:
            # Never logged: the header may hold a credential.
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """Django's session, for pages calling the API; only active users; CSRF on unsafe methods.

    Stands aside when the request carries an Authorization header (the token decides), and
    checks CSRF only once there is a signed-in user: an anonymous write is a 401, not a 403.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if carries_credentials(request):
            return None
        user = self.authenticate(request, request.COOKIES.get(self.param_name))
        if user is None:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False):
            reason = csrf_refusal(request)
            if reason is not None:
                raise CsrfRefused(reason)
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and getattr(user, "is_active", False):
            return user
        return None


default_auth = [TokenAuth(), ActiveSessionAuth(csrf=True)]
