from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(
    NavItem(
        "opinions",
        _("意见建议"),
        "engagement:opinion_list",
        "engagement.view_opinion_list",
        order=40,
        group="report",
    )
)
register(
    NavItem(
        "meetings",
        _("会议"),
        "engagement:meeting_list",
        "engagement.view_meeting",
        order=41,
        group="report",
    )
)
register(
    NavItem(
        "my_opinions",
        _("我的建议"),
        "engagement:my_opinions",
        "engagement.view_own_opinions",
        order=39,
        group="report",
    )
)
