from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "luoshi.projects"
    label = "projects"
    verbose_name = _("重点项目")

    def ready(self) -> None:
        from luoshi.projects import menu, rules, search_indexing  # noqa: F401  registers menu entries and rules
        from luoshi.projects.views import excel_pages  # noqa: F401  its background import

        search_indexing.register()
