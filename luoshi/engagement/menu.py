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
register(
    NavItem(
        "cooperation",
        _("合作事项"),
        "engagement:cooperation_list",
        "engagement.view_cooperation",
        order=59,
        group="implement",  # followed like tasks (the group is the tasks app's 落实)
    )
)
register(
    NavItem(
        "study_tours",
        _("学习考察成果"),
        "engagement:study_tours",
        "engagement.view_study_tours",
        order=43,
        group="report",
    )
)
