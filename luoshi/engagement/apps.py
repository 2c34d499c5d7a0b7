from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "luoshi.engagement"
    label = "engagement"
    verbose_name = _("征求意见与审议")

    def ready(self) -> None:
        from luoshi.engagement import home_panels, menu  # noqa: F401  start page, menu entries
        from luoshi.engagement.selectors import opinion_diff_notes
        from luoshi.reports import diff_notes

        diff_notes.register(opinion_diff_notes)
        self._register_search()

    @staticmethod
    def _register_search() -> None:
        from luoshi.core.search import register_indexer
        from luoshi.engagement import cooperation_search
        from luoshi.engagement import search_indexing as indexing
        from luoshi.engagement.models import AnswerState, CooperationStatus, MeetingKind

        register_indexer(
            indexing.OPINION_KIND,
            indexing.reindex_opinions,
            label=_("意见建议"),
            state_labels=dict(AnswerState.choices),
        )
        register_indexer(
            indexing.MEETING_KIND,
            indexing.reindex_meetings,
            label=_("会议"),
            state_labels=dict(MeetingKind.choices),
        )
        register_indexer(
            cooperation_search.COOPERATION_KIND,
            cooperation_search.reindex_cooperation,
            label=_("合作事项"),
            state_labels=dict(CooperationStatus.choices),
            readable=cooperation_search.readable_cooperation,
        )
        register_indexer(
            indexing.INSTRUCTION_KIND,
            indexing.reindex_instructions,
            label=_("指示要求"),
            state_labels={indexing.REFERRED: _("已交办"), indexing.NOT_REFERRED: _("未交办")},
        )
