from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(NavItem("home", _("首页"), "home", order=0))
register(NavItem("regions", _("行政区划"), "core:region_list", "core.view_region", order=80))
register(NavItem("units", _("单位"), "core:unit_list", "core.view_unit", order=81))
register(NavItem("actions", _("操作日志"), "core:action_log", "core.view_actionlog", order=90))
