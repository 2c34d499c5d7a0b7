from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "luoshi.tasks"
    label = "tasks"
    verbose_name = _("任务督办")

    def ready(self) -> None:
        from luoshi.tasks import home_panels, menu, rules, search_indexing  # noqa: F401  start page, menu, rules
        from luoshi.tasks.views import excel_pages  # noqa: F401  its background import

        search_indexing.register()
