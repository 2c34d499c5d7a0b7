from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "luoshi.dashboard"
    label = "dashboard"
    verbose_name = _("领导驾驶舱")

    def ready(self) -> None:
        from luoshi.dashboard import home_panels, menu  # noqa: F401  start page panels, menu entry
