from django.utils.translation import gettext_lazy as _

from luoshi.core.navigation import NavItem, register

register(
    NavItem(
        "imports",
        _("文档导入"),
        "imports:batch_list",
        "imports.add_importbatch",
        order=45,
        group="report",
    )
)
