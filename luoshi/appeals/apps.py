from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "luoshi.appeals"
    label = "appeals"
    verbose_name = _("诉求")

    def ready(self) -> None:
        from luoshi.appeals import menu, rules  # noqa: F401  menu entries, permissions
        from luoshi.appeals import search_indexing as appeal_search
        from luoshi.appeals.ranking import ranking_section
        from luoshi.appeals.task_section import task_section
        from luoshi.core.search import register_indexer
        from luoshi.tasks.page_sections import RANKING, TASK_DETAIL, PageSection, register_section

        register_section(
            PageSection(RANKING, "appeals", "appeals/ranking_section.html", ranking_section, 50)
        )
        register_indexer(
            appeal_search.APPEAL_KIND,
            appeal_search.reindex_appeals,
            label=appeal_search.LABEL,
            state_labels=appeal_search.STATE_LABELS,
            readable=appeal_search.readable_appeals,
            hit_facts=appeal_search.appeal_facts,
            order=40,
        )
        register_section(
            PageSection(TASK_DETAIL, "appeals", "appeals/task_section.html", task_section, 50)
        )
