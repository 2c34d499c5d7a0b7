from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavGroup, NavItem, register, register_group

# 落实: carrying out the report — tasks, their progress reports and the office's supervision.
register_group(NavGroup("implement", _("落实"), order=50))


def _entry(key: str, label: Promise, url_name: str, permission: str, order: int) -> NavItem:
    return NavItem(key, label, url_name, permission, order, group="implement")


register(_entry("tasks", _("任务"), "tasks:task_list", "tasks.view_task", 50))
# The inbox opens to every signed-in user (each sees what is theirs); the menu offers it to
# those who have progress reports to write, sign, review or read.
register(_entry("progress", _("进展填报"), "tasks:progress_inbox", "tasks.view_progressreport", 51))
register(
    _entry(
        "change_requests",
        _("延期审批"),
        "tasks:change_request_queue",
        "tasks.decide_changerequest",
        52,
    )
)
register(
    _entry(
        "missing_reports",
        _("未报送"),
        "tasks:missing_report_list",
        "tasks.view_missing_reports",
        53,
    )
)
register(_entry("notices", _("督查督办"), "tasks:notice_list", "tasks.view_notice", 54))
register(_entry("ranking", _("红黑榜"), "tasks:ranking", "tasks.view_ranking", 55))
register(
    _entry(
        "bulletins",
        _("督查通报"),
        "tasks:bulletin_list",
        "tasks.view_supervisionbulletin",
        56,
    )
)
register(
    _entry(
        "instructions",
        _("领导批示"),
        "tasks:instruction_list",
        "tasks.view_leaderinstruction",
        57,
    )
)
