from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "luoshi.imports"
    label = "imports"
    verbose_name = _("文档导入")

    def ready(self) -> None:
        from luoshi.imports import (
            menu,  # noqa: F401  registers the menu entry
            search_indexing,
        )

        search_indexing.register()
