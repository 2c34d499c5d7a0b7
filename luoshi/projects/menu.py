from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(
    NavItem("projects", _("重点项目"), "projects:project_list", "projects.view_project", order=55)
)
