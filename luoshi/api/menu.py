from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(NavItem("api_docs", _("接口文档"), "api-1:openapi-view", order=98))
