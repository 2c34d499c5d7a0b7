from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "luoshi.reports"
    label = "reports"
    verbose_name = _("政府工作报告")

    def ready(self) -> None:
        from luoshi.core.search import register_indexer
        from luoshi.reports import menu  # noqa: F401  registers the menu entry
        from luoshi.reports.models import ReportStatus
        from luoshi.reports.search_indexing import REPORT_KIND, reindex_all_reports

        register_indexer(
            REPORT_KIND,
            reindex_all_reports,
            label=_("政府工作报告"),
            state_labels=dict(ReportStatus.choices),
        )
