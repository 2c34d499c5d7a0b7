from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "luoshi.indicators"
    label = "indicators"
    verbose_name = _("指标与目标")

    def ready(self) -> None:
        from luoshi.indicators import import_views, menu  # noqa: F401  menu entry, background imports
