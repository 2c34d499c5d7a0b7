from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavGroup, NavItem, register, register_group

# 项目: key projects (a group of one entry shows as that entry's plain link).
register_group(NavGroup("project", _("项目"), order=60))

register(
    NavItem(
        "projects",
        _("重点项目"),
        "projects:project_list",
        "projects.view_project",
        order=60,
        group="project",
    )
)
