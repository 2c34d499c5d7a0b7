from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavGroup, NavItem, register, register_group

# 系统: reference data, the log, accounts, the admin and the API documentation.
register_group(NavGroup("system", _("系统"), order=90))

register(NavItem("home", _("首页"), "home", order=0))
register(
    NavItem("regions", _("行政区划"), "core:region_list", "core.view_region", 80, group="system")
)
register(NavItem("units", _("单位"), "core:unit_list", "core.view_unit", 81, group="system"))
register(
    NavItem("actions", _("操作日志"), "core:action_log", "core.view_actionlog", 90, group="system")
)
