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

        from luoshi.core.page_sections import PageSection, register_section
        from luoshi.engagement.page_sections import MEETING_DETAIL
        from luoshi.tasks.meeting_section import meeting_section

        register_section(
            PageSection(MEETING_DETAIL, "tasks", "tasks/meeting_section.html", meeting_section, 50)
        )
