from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(
    NavItem(
        "users", _("用户管理"), "admin:accounts_user_changelist", "accounts.view_user", order=95
    )
)
register(NavItem("admin", _("系统后台"), "admin:index", order=99, staff_only=True))
