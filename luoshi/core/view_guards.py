"""Guards for page views: who may open them, where they may send the visitor next, and how a
service's refusal reaches the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from luoshi.core.refusals import refusal_items


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


def refusal_messages(request: HttpRequest, error: ValidationError) -> None:
    """A service's refusal on a page without a form: one message per sentence."""
    for _field, message in refusal_items(error):
        messages.error(request, message)


def form_errors_from(form: Any, error: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one."""
    for field, message in refusal_items(error):
        form.add_error(field if field in form.fields else None, message)
