from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

# Both are pages of the Django admin, which opens to staff only (an administrator's role keeps
# is_staff in step), whatever the permission.
register(
    NavItem(
        "users",
        _("用户管理"),
        "admin:accounts_user_changelist",
        "accounts.view_user",
        order=95,
        staff_only=True,
        group="system",
    )
)
register(NavItem("admin", _("系统后台"), "admin:index", order=99, staff_only=True, group="system"))
