"""Guards for page views: who may open them, where they may send the visitor next, and how a
service's refusal reaches the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def signed_in_with(permission: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Anonymous visitors go to the login page; signed-in users without the right get 403."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


def is_own_url(request: HttpRequest, target: str) -> bool:
    """Whether `target` (a `next` value, a stored link) stays on this site: every redirect to
    a URL that came from outside the code goes through here, so none leads off-site."""
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request: HttpRequest) -> str:
    """The page to return to, from the form's or the query's `next`, when it is this site's."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_own_url(request, target) else ""


def redirect_next(request: HttpRequest, fallback: str, *args: Any) -> HttpResponse:
    """Back to `next` when it is this site's page, else to the named `fallback`."""
    return redirect(next_url(request) or resolve_url(fallback, *args))


def form_errors_from(form: Any, error: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in field_messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
