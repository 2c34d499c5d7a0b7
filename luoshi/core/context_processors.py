from typing import Any

from django.http import HttpRequest

from luoshi.core.navigation import groups_for, items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu: `nav_items`, every entry the user may follow (flat, in order), and
    `nav_groups`, the same entries as the header shows them, grouped by job."""
    items = items_for(getattr(request, "user", None), request.path)
    return {"nav_items": items, "nav_groups": groups_for(items)}
