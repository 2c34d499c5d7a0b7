"""Who may do what with key projects.

- The supervision office (督查员 of the region or a region above it) and administrators manage
  everything: the list, every project's figures, stages, 纳统, problems and colour rules.
- A liaison (联络员) or unit head (审核人) of the project's responsible unit reports its monthly
  investment, stage dates, 纳统 evidence and problems — for their own unit's projects only.
  The unit head also reviews the 纳统 file (部门审核).
- Members of the statistics bureau a region's preset names accept 纳统 there (and read the
  region's projects to do so).
- Leaders (领导) in scope read. Everyone else is refused.
"""

from __future__ import annotations

from typing import Any

import rules
from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import (
    has_role,
    has_role_in_scope,
    is_admin,
    region_of,
    role_units,
)
from luoshi.projects.selectors.scope import statistics_prefixes

office = is_admin | has_role_in_scope(Role.SUPERVISOR)
office_or_leader = is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER)


def _project_of(obj: Any) -> Any:
    """The project an object belongs to (a problem's, a 纳统 file's), or the object itself."""
    return getattr(obj, "project", obj)


def holds_role_for_project_unit(*roles: str) -> rules.Predicate:
    """The user holds one of `roles` in the project's responsible unit. Without an object:
    in any unit (so that menus and lists open for them)."""
    wanted = frozenset(roles)

    def check(user: Any, obj: Any = None) -> bool:
        units = {unit_id for role, unit_id in role_units(user) if role in wanted}
        if not units:
            return False
        if obj is None:
            return True
        project = _project_of(obj)
        return getattr(project, "unit_id", None) in units

    return rules.Predicate(check, name=f"holds_role_for_project_unit({','.join(sorted(wanted))})")


@rules.predicate
def in_statistics_bureau(user: Any, obj: Any = None) -> bool:
    """The user belongs to the statistics bureau named by the preset that governs the
    project's region."""
    prefixes = statistics_prefixes(user)
    if not prefixes:
        return False
    if obj is None:
        return True
    region = region_of(_project_of(obj))
    if region is None:
        return False
    return any(region.code.startswith(prefix) for prefix in prefixes)


unit_member = holds_role_for_project_unit(Role.LIAISON, Role.UNIT_HEAD)
unit_head = holds_role_for_project_unit(Role.UNIT_HEAD)

add_perm("projects.view_project", office_or_leader | unit_member | in_statistics_bureau)
add_perm("projects.add_project", office)
add_perm("projects.change_project", office)
add_perm("projects.delete_project", office)
add_perm("projects.report_project", office | unit_member)
add_perm("projects.review_inclusion", office | unit_head)
add_perm("projects.accept_inclusion", office | in_statistics_bureau)
add_perm("projects.import_investment", office | has_role(Role.LIAISON, Role.UNIT_HEAD))
add_perm("projects.view_projectpreset", office_or_leader)
add_perm("projects.change_projectpreset", office)
