from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

# Shown to those the dashboard is for (leaders, the supervision office, administrators):
# `tasks.view_ranking` is exactly that group. The page admits more (`tasks.view_task`: unit
# staff too, limited to their scope); the menu offers it to fewer, never to more.
register(
    NavItem(
        "dashboard",
        _("领导驾驶舱"),
        "dashboard:dashboard",
        "tasks.view_ranking",
        order=70,
        group="analysis",
    )
)
