from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(
    NavItem("reports", _("工作报告"), "reports:report_list", "reports.view_workreport", order=10)
)
