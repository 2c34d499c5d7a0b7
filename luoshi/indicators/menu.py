from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavGroup, NavItem, register, register_group

# 分析: the figures — indicator tables here, the leaders' dashboard (dashboard app).
register_group(NavGroup("analysis", _("分析"), order=70))

register(
    NavItem(
        "indicators",
        _("指标完成情况"),
        "indicators:table",
        "indicators.view_indicator",
        order=71,
        group="analysis",
    )
)
