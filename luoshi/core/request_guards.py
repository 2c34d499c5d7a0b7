"""Requests a client got wrong are answered 4xx with one Chinese sentence, never 500.

Django turns some malformed requests into 400 by itself (too many fields, too much data), but
not a multipart body without a boundary (`MultiPartParserError` escapes as a 500), and a NUL
character in a query or body reaches PostgreSQL, which refuses it with a `ValueError` — a 500
on every search, filter and PATCH. This middleware reads the request's data before any view
does and refuses both up front; it also answers, for the pages, the database's refusals that
only a client's input can cause: a number out of a column's range, and a write that lost a race
with a concurrent one (the API has the same answers in `luoshi.api.errors`).

Nothing has been written when these answers go out: the body is refused before any view runs,
and a database refusal rolls back the service's transaction it happened in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation, TooManyFilesSent
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("luoshi.requests")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NUL = "\x00"
JSON_NUL = b"\\u0000"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def refusal(request: HttpRequest, detail: str, status: int) -> HttpResponse:
    """The one-sentence answer: JSON under /api/, else a page in the site's layout."""
    if _is_api(request):
        return JsonResponse(
            {"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "request_refused.html", {"detail": detail}, status=status)


def _has_nul(values: dict[str, list[str]]) -> bool:
    return any(NUL in key or any(NUL in v for v in items) for key, items in values.items())


def oversized(error: SuspiciousOperation) -> str:
    """Django refuses a request with too many files or fields, or too much form data."""
    if isinstance(error, TooManyFilesSent):
        return _("一次上传的文件过多，请分批上传。未作任何修改。")
    return _("请求过大或字段过多，服务器拒绝处理，未作任何修改。")


def body_problem(request: HttpRequest) -> str | None:
    """Why the request's query or body cannot be read safely, or None when it can."""
    if _has_nul(dict(request.GET.lists())) or NUL in request.path:
        return _("请求的网址中含有空字符（NUL），无法处理。")
    if request.method not in UNSAFE_METHODS:
        return None
    content_type = request.content_type or ""
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        try:
            fields = dict(request.POST.lists())
        except MultiPartParserError:
            return _("上传的表单数据格式不正确（缺少或有误的 multipart 分隔符），未作任何修改。")
        if _has_nul(fields):
            return _("提交的内容中含有空字符（NUL），未作任何修改。")
    elif content_type.endswith("json"):
        body = request.body
        if JSON_NUL in body or b"\x00" in body:
            return _("提交的内容中含有空字符（NUL），未作任何修改。")
    return None


class MalformedRequestMiddleware:
    """Refuse what cannot be read (400) and answer the database's refusals of input (4xx)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            problem = body_problem(request)
        except SuspiciousOperation as error:  # too many files or fields, too much data
            problem = oversized(error)
        if problem is not None:
            logger.warning("refused %s %s: %s", request.method, request.path, problem)
            return refusal(request, problem, 400)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        answer = database_refusal(exception)
        if answer is None:
            return None
        logger.warning("refused %s %s: %r", request.method, request.path, exception)
        return refusal(request, *answer)


def database_refusal(exception: Exception) -> tuple[str, int] | None:
    """The sentence and status for a database error only the client's input can cause."""
    if isinstance(exception, IntegrityError):
        return (
            _("这项内容刚被其他人同时修改，本次提交未保存。请刷新后查看最新内容再提交。"),
            409,
        )
    if isinstance(exception, DataError | OverflowError):
        return _("提交的数值超出允许的范围，未作任何修改。"), 400
    return None
