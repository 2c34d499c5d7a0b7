from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(NavItem("tasks", _("任务"), "tasks:task_list", "tasks.view_task", order=50))
register(
    NavItem(
        "progress",
        _("进展填报"),
        "tasks:progress_inbox",
        "tasks.view_progressreport",
        order=51,
    )
)
register(
    NavItem(
        "change_requests",
        _("延期审批"),
        "tasks:change_request_queue",
        "tasks.decide_changerequest",
        order=52,
    )
)
register(NavItem("notices", _("督查督办"), "tasks:notice_list", "tasks.view_notice", order=52))
register(
    NavItem(
        "missing_reports",
        _("未报送"),
        "tasks:missing_report_list",
        "tasks.view_missing_reports",
        order=52,
    )
)
register(NavItem("ranking", _("红黑榜"), "tasks:ranking", "tasks.view_ranking", order=53))
