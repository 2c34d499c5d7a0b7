"""Authorization backend: `rules` object permissions, plus module permissions for the admin.

rules answers has_perm() but not has_module_perms(), so the Django admin would show a
staff member with an administrator role an empty index. Here a user has a module's
permissions when any rule of that app grants them something.
"""

from __future__ import annotations

from typing import Any

from rules.permissions import ObjectPermissionBackend, permissions


class RolePermissionBackend(ObjectPermissionBackend):
    def has_module_perms(self, user: Any, app_label: str) -> bool:
        prefix = f"{app_label}."
        return any(
            name.startswith(prefix) and permissions.test_rule(name, user)
            for name in list(permissions)
        )
