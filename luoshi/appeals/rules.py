"""Who may see and enter appeals. Anyone may hand one in (no login) and follow it with its
number and phone or query code. The supervision office of the region (and above) enters
hotline calls, receives pushed cases, dispatches and closes them; leaders of the region read
them. The unit an appeal is sent to signs, returns or answers it, and alone sees its contact
details in full."""

from typing import Any

import rules
from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import has_role, has_role_in_scope, is_admin, role_units

office = is_admin | has_role_in_scope(Role.SUPERVISOR)


@rules.predicate
def in_handling_unit(user: Any, appeal: Any = None) -> bool:
    """The user works for the unit the appeal was sent to (without an appeal: for a unit that
    can be sent appeals at all)."""
    if appeal is None:
        return bool(role_units(user))
    unit_id = getattr(appeal, "lead_unit_id", None)
    return unit_id is not None and any(unit == unit_id for _role, unit in role_units(user))


readers = is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER)
handlers = has_role(Role.LIAISON, Role.UNIT_HEAD, Role.SUPERVISOR) & in_handling_unit

add_perm("appeals.view_appeal", readers | handlers)
add_perm("appeals.add_appeal", office)
add_perm("appeals.dispatch_appeal", office)
add_perm("appeals.handle_appeal", handlers)
# Contact details in full: the handling unit's, to call the citizen back; nobody else's.
add_perm("appeals.view_appeal_contact", handlers)
