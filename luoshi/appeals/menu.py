from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

# 诉求 sits under 落实: answering appeals (接诉即办) is work the office follows like tasks, and
# the top row stays at six groups a clerk can scan.
register(
    NavItem(
        "appeals", _("诉求"), "appeals:list", "appeals.view_appeal", order=58, group="implement"
    )
)
