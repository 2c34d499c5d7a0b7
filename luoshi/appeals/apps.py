from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "luoshi.appeals"
    label = "appeals"
    verbose_name = _("诉求")

    def ready(self) -> None:
        from luoshi.appeals import menu, rules  # noqa: F401  menu entries, permissions
        from luoshi.appeals.ranking import ranking_section
        from luoshi.tasks.ranking_sections import RankingSection, register_section

        register_section(
            RankingSection("appeals", "appeals/ranking_section.html", ranking_section, order=50)
        )
