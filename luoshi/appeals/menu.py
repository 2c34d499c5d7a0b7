from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavGroup, NavItem, register, register_group

# 诉求: citizens' appeals (接诉即办).
register_group(NavGroup("appeals", _("诉求"), order=65))

register(
    NavItem(
        "appeals",
        _("诉求"),
        "appeals:list",
        "appeals.view_appeal",
        order=65,
        group="appeals",
    )
)
