"""Who may read and write indicators: the catalogue is administrators'; targets and actuals
belong to the supervision staff of the region (and the regions below it)."""

from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import has_role_in_scope, is_admin, is_signed_in

figure_writer = is_admin | has_role_in_scope(Role.SUPERVISOR)

add_perm("indicators.view_indicator", is_signed_in)
add_perm("indicators.add_indicator", is_admin)
add_perm("indicators.change_indicator", is_admin)
add_perm("indicators.view_target", is_signed_in)
add_perm("indicators.add_target", figure_writer)
add_perm("indicators.change_target", figure_writer)
add_perm("indicators.view_observation", is_signed_in)
add_perm("indicators.add_observation", figure_writer)
add_perm("indicators.change_observation", figure_writer)
add_perm("indicators.change_ranktier", is_admin)
add_perm("indicators.add_ranktier", is_admin)
add_perm("indicators.view_ranktier", is_signed_in)
