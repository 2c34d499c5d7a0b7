"""Who may do what with tasks, progress reports and supervision notices.

- The supervision office (督查室) of a region, and administrators, decompose, review, return,
  warn and issue notices for the tasks of that region and below.
- A liaison (联络员) reports only on tasks of their own unit (lead or co-unit).
- A unit head signs off their own unit's reports and answers notices sent to their unit.
- Leaders read everything in their scope, approve extensions and adjustments, and give written
  instructions (领导批示) that the units concerned read and answer.
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
    is_signed_in,
    role_units,
)

office = is_admin | has_role_in_scope(Role.SUPERVISOR)
office_or_leader = is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER)


def _unit_ids_of_task(task: Any) -> set[int]:
    """Lead unit and co-units; uses a prefetched `co_units` when there is one."""
    return {task.lead_unit_id, *(unit.pk for unit in task.co_units.all())}


def _task_of(obj: Any) -> Any:
    return getattr(obj, "task", obj)


def holds_role_for_unit_of(*roles: str) -> rules.Predicate:
    """The user holds one of `roles` in a unit the object belongs to: a task's lead or
    co-unit; a progress report's or notice's own unit."""
    wanted = frozenset(roles)

    def check(user: Any, obj: Any = None) -> bool:
        units = {unit_id for role, unit_id in role_units(user) if role in wanted}
        if not units:
            return False
        if obj is None:
            return True
        own_unit = getattr(obj, "unit_id", None)
        if own_unit is not None:
            return own_unit in units
        return bool(units & _unit_ids_of_task(_task_of(obj)))

    return rules.Predicate(check, name=f"holds_role_for_unit_of({','.join(sorted(wanted))})")


liaison_of_unit = holds_role_for_unit_of(Role.LIAISON)
head_of_unit = holds_role_for_unit_of(Role.UNIT_HEAD)
member_of_unit = holds_role_for_unit_of(Role.LIAISON, Role.UNIT_HEAD)


@rules.predicate
def is_lead_unit_member(user: Any, report: Any) -> bool:
    """A liaison or head of the lead unit of the report's task (consolidates co-units)."""
    if report is None:
        return bool(has_role(Role.LIAISON, Role.UNIT_HEAD)(user))
    lead = _task_of(report).lead_unit_id
    return any(
        unit_id == lead
        for role, unit_id in role_units(user)
        if role in {Role.LIAISON, Role.UNIT_HEAD}
    )


add_perm("tasks.view_task", office_or_leader | member_of_unit)
add_perm("tasks.add_task", office)
add_perm("tasks.change_task", office)
add_perm("tasks.delete_task", office)
add_perm("tasks.review_task", office)
# The lead unit reads its co-units' parts: it consolidates them, or returns one first.
add_perm("tasks.view_progressreport", office_or_leader | member_of_unit | is_lead_unit_member)
add_perm("tasks.add_progressreport", liaison_of_unit | head_of_unit)
add_perm("tasks.sign_progressreport", head_of_unit)
add_perm("tasks.consolidate_progressreport", is_lead_unit_member)
add_perm("tasks.add_changerequest", member_of_unit)
add_perm("tasks.decide_changerequest", office_or_leader)
add_perm("tasks.view_notice", office_or_leader | member_of_unit)
add_perm("tasks.add_notice", office)
add_perm("tasks.answer_notice", member_of_unit)
add_perm("tasks.close_notice", office)
# The colour preset lives in core (indicators read it too); the office keeps setting it.
add_perm("core.change_colourpreset", office)
add_perm("tasks.view_ranking", office_or_leader)
# The 未报送 list of expected reports never started; a unit sees its own in its 待填报.
add_perm("tasks.view_missing_reports", office_or_leader)
add_perm("tasks.view_notification", is_signed_in)


# 督查通报 / 季度总结: the office drafts, edits and issues them; leaders read the issued ones
# (a draft is the office's working text); units do not see them.
@rules.predicate
def is_issued_bulletin(user: Any, bulletin: Any) -> bool:
    return bulletin is None or getattr(bulletin, "state", "") == "issued"


add_perm(
    "tasks.view_supervisionbulletin",
    office | (has_role_in_scope(Role.LEADER) & is_issued_bulletin),
)
add_perm("tasks.add_supervisionbulletin", office)
add_perm("tasks.change_supervisionbulletin", office)
add_perm("tasks.issue_supervisionbulletin", office)


# 领导批示: a leader gives one on what lies in their scope (an administrator anywhere); whoever
# may open its task reads it; only the liaisons and heads of a unit it is addressed to read
# it as received (已阅) and answer how it was carried out, on their unit's receipt.
@rules.predicate
def sees_instructions_task(user: Any, instruction: Any) -> bool:
    if instruction is None:
        return bool(user.has_perm("tasks.view_task"))
    return bool(user.has_perm("tasks.view_task", instruction.task))


add_perm("tasks.add_leaderinstruction", is_admin | has_role_in_scope(Role.LEADER))
add_perm("tasks.view_leaderinstruction", sees_instructions_task)
add_perm("tasks.act_on_instructionreceipt", member_of_unit)
