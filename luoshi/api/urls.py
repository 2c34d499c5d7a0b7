"""The REST API at /api/v1 (OpenAPI docs at /api/v1/docs)."""

from django.urls import path, re_path
from ninja import NinjaAPI
from ninja.operation import Operation

from luoshi.api.auth import default_auth
from luoshi.api.errors import api_not_found, install_error_handlers
from luoshi.api.rendering import ReadableJSONRenderer
from luoshi.api.routers import (
    accounts,
    appeal_figures,
    appeals,
    attachments,
    comparison,
    core,
    dashboard,
    engagement,
    import_corpora,
    imports,
    indicators,
    portal,
    progress,
    projects,
    reports,
    search,
    sheet_jobs,
    supervision,
    tasks,
)


class LuoshiAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """An operation's id is its function's name, as its URL name already is (unique across
        the API, checked by a test): moving an endpoint to another module keeps its id."""
        return operation.view_func.__name__


api = LuoshiAPI(
    title="落实 Luoshi API",
    version="1",
    description=(
        "政府工作报告落实平台接口。认证：Bearer API 令牌（请求带 Authorization 头时只按令牌认证，"
        "不使用会话、不做 CSRF 校验），或浏览器会话（写操作需 CSRF 令牌）。"
    ),
    auth=default_auth,
    urls_namespace="api-1",
    renderer=ReadableJSONRenderer(),
)
install_error_handlers(api)

api.add_router("/", accounts.router)
api.add_router("/", core.router)
api.add_router("/", reports.router)
api.add_router("/", indicators.router)
api.add_router("/", comparison.router)
api.add_router("/", imports.router)
api.add_router("/", import_corpora.router)
api.add_router("/", engagement.router)
api.add_router("/", search.router)
api.add_router("/", sheet_jobs.router)
api.add_router("/", tasks.router)
api.add_router("/", progress.router)
api.add_router("/", supervision.router)
api.add_router("/", attachments.router)
api.add_router("/", projects.router)
api.add_router("/", appeals.router)
api.add_router("/", appeal_figures.router)
api.add_router("/", dashboard.router)
api.add_router("/", portal.router)

urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<path>.*)$", api_not_found),
]
