"""Who may read and write indicators. Targets and actuals belong to the supervision staff of
the region (and the regions below it). The catalogue is shared: supervision staff add what
their reports name (on the import review screen or the catalogue page) and edit what was
added; the built-in entries, which the reader and other systems rely on, only administrators
change. Every change is logged."""

from typing import Any

import rules
from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import has_role, has_role_in_scope, is_admin, is_signed_in


@rules.predicate
def not_builtin(user: Any, indicator: Any = None) -> bool:
    return indicator is None or not getattr(indicator, "is_builtin", True)


figure_writer = is_admin | has_role_in_scope(Role.SUPERVISOR)

add_perm("indicators.view_indicator", is_signed_in)
add_perm("indicators.add_indicator", is_admin | has_role(Role.SUPERVISOR))
add_perm("indicators.change_indicator", is_admin | (has_role(Role.SUPERVISOR) & not_builtin))
add_perm("indicators.view_target", is_signed_in)
add_perm("indicators.add_target", figure_writer)
add_perm("indicators.change_target", figure_writer)
add_perm("indicators.view_observation", is_signed_in)
add_perm("indicators.add_observation", figure_writer)
add_perm("indicators.change_observation", figure_writer)
add_perm("indicators.change_ranktier", is_admin)
add_perm("indicators.add_ranktier", is_admin)
add_perm("indicators.view_ranktier", is_signed_in)
