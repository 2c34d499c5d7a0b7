from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "luoshi.core"
    label = "core"
    verbose_name = _("基础数据")

    def ready(self) -> None:
        from luoshi.core import menu  # noqa: F401  registers the menu entries
        from luoshi.core.stored_files import delete_files_with_rows

        delete_files_with_rows()  # a row deleted by a cascade takes its files with it
