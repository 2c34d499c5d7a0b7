from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(
    NavItem("indicators", _("指标"), "indicators:table", "indicators.view_indicator", order=20)
)
