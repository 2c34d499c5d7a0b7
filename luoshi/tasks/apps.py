from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "luoshi.tasks"
    label = "tasks"
    verbose_name = _("任务督办")

    def ready(self) -> None:
        from luoshi.tasks import menu, rules  # noqa: F401  registers menu entries and rules
        from luoshi.tasks.views import excel_pages  # noqa: F401  its background import
