"""API authentication: the browser session (with CSRF on writes) or a bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from luoshi.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = "Authorization: Bearer ls_… (个人账户页面创建的 API 令牌)"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """Django's session, for pages calling the API; only active users."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and getattr(user, "is_active", False):
            return user
        return None


default_auth = [ActiveSessionAuth(csrf=True), TokenAuth()]
