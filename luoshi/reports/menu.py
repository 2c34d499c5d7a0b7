from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavGroup, NavItem, register, register_group

# 报告: the report and its consultation and deliberation (engagement), and the documents
# read into it (imports).
register_group(NavGroup("report", _("报告"), order=10))

register(
    NavItem(
        "reports",
        _("工作报告"),
        "reports:report_list",
        "reports.view_workreport",
        order=10,
        group="report",
    )
)
