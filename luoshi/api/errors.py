"""Every API error is JSON: {"detail": "<one clear sentence>", "errors": [...]?}."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from luoshi.api.auth import CsrfRefused
from luoshi.core.lookups import sentence_for
from luoshi.core.refusals import refusal_items
from luoshi.core.request_guards import database_refusal, oversized

logger = logging.getLogger("luoshi.api")


def error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return body


def describe_validation_errors(raw_errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    described = []
    for error in raw_errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        described.append(
            {
                "field": ".".join(location),
                "message": error.get("msg", ""),
                "type": error.get("type", ""),
            }
        )
    return described


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = describe_validation_errors(list(exc.errors))
        fields = "、".join(e["field"] for e in errors if e["field"]) or _("请求")
        return api.create_response(
            request,
            error_body(_("请求参数有误：%(fields)s。") % {"fields": fields}, errors),
            status=422,
        )

    @api.exception_handler(DjangoValidationError)
    def on_model_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = [{"field": field, "message": message} for field, message in refusal_items(exc)]
        if not hasattr(exc, "error_dict"):
            # A refusal without a field (a step out of order) is itself the clear sentence.
            detail = "".join(exc.messages) + _("未作任何修改。")
            return api.create_response(request, error_body(detail, errors), status=422)
        return api.create_response(
            request, error_body(_("数据未通过校验，未作任何修改。"), errors), status=422
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            error_body(_("未登录或令牌无效：请先登录，或在请求头提供有效的 API 令牌。")),
            status=401,
        )

    @api.exception_handler(CsrfRefused)
    def on_csrf(request: HttpRequest, exc: CsrfRefused) -> HttpResponse:
        return api.create_response(
            request,
            error_body(
                _(
                    "CSRF 校验未通过，未作任何修改：网页会话的写操作须在 X-CSRFToken 请求头中"
                    "带上 CSRF 令牌；其他系统请改用 API 令牌（Authorization: Bearer …）。"
                ),
                [{"field": "X-CSRFToken", "message": exc.reason, "type": "csrf"}],
            ),
            status=403,
        )

    @api.exception_handler(AuthorizationError)
    def on_authorization(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return api.create_response(request, error_body(_("没有权限执行此操作。")), status=403)

    @api.exception_handler(PermissionDenied)
    def on_permission(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        detail = str(exc) or _("没有权限执行此操作。")
        return api.create_response(request, error_body(detail), status=403)

    @api.exception_handler(Http404)
    def on_http404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body(str(exc) or _("没有找到。")), status=404)

    @api.exception_handler(ObjectDoesNotExist)
    def on_missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        # Selectors and lookups raise NotFound (also the model's DoesNotExist) with the
        # sentence naming what is missing; a bare DoesNotExist is named by its model.
        return api.create_response(request, error_body(sentence_for(exc)), status=404)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, error_body(str(exc)), status=exc.status_code)

    @api.exception_handler(SuspiciousOperation)
    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Django answers these 400 outside the API too: a request with too many files or
        # fields, or too much form data, is refused before any view reads it.
        logger.warning("refused %s %s: %s", request.method, request.path, exc)
        return api.create_response(request, error_body(oversized(exc)), status=400)

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        refused = database_refusal(exc)
        if refused is not None:
            # A lost race (409) or a number beyond a column's range (400): the service's
            # transaction rolled back, so here "nothing changed" is known to be true.
            logger.warning("refused %s %s: %r", request.method, request.path, exc)
            detail, status = refused
            return api.create_response(request, error_body(detail), status=status)
        # A crash is not known to have changed nothing (a step outside the transaction, such
        # as queueing, may have failed after the commit): do not claim it did. The traceback
        # stays in the server log.
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(
            request,
            error_body(
                _("服务器内部错误，操作可能没有完成：请刷新后查看数据是否已保存，再决定是否重试。")
            ),
            status=500,
        )


def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown addresses under /api/v1/ answer in JSON too."""
    return JsonResponse(
        error_body(_("没有这个接口：%(path)s") % {"path": request.path}),
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


class JsonMethodNotAllowedMiddleware:
    """django-ninja answers a wrong HTTP method with plain text; under /api/ answer in JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith("/api/"):
            allowed = response.get("Allow", "")
            json_response = JsonResponse(
                error_body(
                    _("不支持 %(method)s 方法；此接口允许：%(allowed)s。")
                    % {"method": request.method, "allowed": allowed}
                ),
                status=405,
                json_dumps_params={"ensure_ascii": False},
            )
            json_response["Allow"] = allowed
            return json_response
        return response
