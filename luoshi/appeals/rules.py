"""Who may see and enter appeals. Anyone may hand one in (no login) and follow it with its
number and phone or query code. The supervision office of the region (and above) enters
hotline calls and receives pushed cases; leaders of the region read them. Contact details are
never shown in full here: that is for the handling unit, a later step of the flow."""

from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import has_role_in_scope, is_admin

office = is_admin | has_role_in_scope(Role.SUPERVISOR)

add_perm("appeals.view_appeal", is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER))
add_perm("appeals.add_appeal", office)
