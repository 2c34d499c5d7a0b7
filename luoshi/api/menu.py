from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

# The documentation itself is open, as an OpenAPI contract is; the menu offers it to those who
# connect other systems to Luoshi (api.view_docs, luoshi/api/rules.py), not to every clerk.
register(
    NavItem("api_docs", _("接口文档"), "api-1:openapi-view", "api.view_docs", 98, group="system")
)
