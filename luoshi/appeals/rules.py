"""Who may see and enter appeals. Anyone may hand one in (no login), follow it with its
number and phone or query code, and give the verdict on its answer. The supervision office of
the region (and above) enters hotline calls, receives pushed cases, dispatches, follows up
(回访) and closes them; leaders of the region read them. The lead unit an appeal is sent to
signs, returns or answers it; its co-units give their opinions; those units alone see its
contact details in full."""

from typing import Any

import rules
from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import has_role, has_role_in_scope, is_admin, role_units

office = is_admin | has_role_in_scope(Role.SUPERVISOR)
STAFF = (Role.LIAISON, Role.UNIT_HEAD, Role.SUPERVISOR)


def _my_units(user: Any) -> set[int]:
    return {unit for role, unit in role_units(user) if role in STAFF}


@rules.predicate
def in_lead_unit(user: Any, appeal: Any = None) -> bool:
    """The user works for the unit the appeal was sent to (without an appeal: for a unit that
    can be sent appeals at all)."""
    if appeal is None:
        return bool(_my_units(user))
    unit_id = getattr(appeal, "lead_unit_id", None)
    return unit_id is not None and unit_id in _my_units(user)


@rules.predicate
def in_co_unit(user: Any, appeal: Any = None) -> bool:
    """The user works for one of the appeal's co-units (协办单位)."""
    units = _my_units(user)
    if appeal is None:
        return bool(units)
    if not units or not isinstance(getattr(appeal, "pk", None), int):
        return False
    return any(unit.pk in units for unit in appeal.co_units.all())


readers = is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER)
handlers = has_role(*STAFF) & in_lead_unit
helpers = has_role(*STAFF) & in_co_unit

add_perm("appeals.view_appeal", readers | handlers | helpers)
add_perm("appeals.add_appeal", office)
add_perm("appeals.dispatch_appeal", office)
add_perm("appeals.handle_appeal", handlers)
add_perm("appeals.assist_appeal", helpers)
# The rates of a region (办理考核): its office and leaders (the region is checked by scope).
add_perm("appeals.view_rates", readers)
# Contact details in full: the handling units', to call the citizen back; nobody else's.
add_perm("appeals.view_appeal_contact", handlers | helpers)
