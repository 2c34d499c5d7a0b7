from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "luoshi.appeals"
    label = "appeals"
    verbose_name = _("诉求")

    def ready(self) -> None:
        from luoshi.appeals import menu, rules  # noqa: F401  menu entries, permissions
        from luoshi.appeals.ranking import ranking_section
        from luoshi.appeals.task_section import task_section
        from luoshi.tasks.page_sections import RANKING, TASK_DETAIL, PageSection, register_section

        register_section(
            PageSection(RANKING, "appeals", "appeals/ranking_section.html", ranking_section, 50)
        )
        register_section(
            PageSection(TASK_DETAIL, "appeals", "appeals/task_section.html", task_section, 50)
        )
