"""Who may do what in consultation and deliberation.

Anyone may submit an opinion on a draft put out for comments (no login). Representatives
record written opinions. The supervision office of the region triages and answers them, and
records meetings. Contact data of an opinion is seen only by those who answer it and by its
author.
"""

from typing import Any

import rules
from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import (
    has_role,
    has_role_in_scope,
    is_admin,
    is_signed_in,
)
from luoshi.engagement.scope import unit_ids

office = is_admin | has_role_in_scope(Role.SUPERVISOR)


@rules.predicate
def wrote_it(user: Any, opinion: Any) -> bool:
    return opinion is not None and opinion.submitted_by_id == getattr(user, "pk", None)


@rules.predicate
def of_its_unit(user: Any, obj: Any = None) -> bool:
    """A liaison or head of the object's unit — the unit a suggestion was handed to, the one
    responsible for a cooperation item (any such unit when no object is named)."""
    units = unit_ids(user)
    if obj is None:
        return bool(units)
    return getattr(obj, "unit_id", None) in units


@rules.predicate
def handed(user: Any, opinion: Any = None) -> bool:
    """A suggestion handed to a unit to answer (代表建议办理)."""
    return opinion is None or getattr(opinion, "deadline", None) is not None


handling_unit = of_its_unit & handed

add_perm("engagement.view_meeting", is_signed_in)
add_perm("engagement.add_meeting", office)
add_perm("engagement.change_meeting", office)
add_perm("engagement.view_opinion_list", is_admin | has_role(Role.SUPERVISOR, Role.LEADER))
add_perm("engagement.add_opinion", is_admin | has_role(Role.SUPERVISOR, Role.REPRESENTATIVE))
add_perm(
    "engagement.view_opinion",
    is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER) | wrote_it | handling_unit,
)
add_perm("engagement.answer_opinion", office | handling_unit)
add_perm("engagement.triage_opinion", office)
# 建议办理: the office's and the units' queues of handed suggestions; the numbers by deputy
# and delegation for the office and the leaders.
add_perm(
    "engagement.view_handling", is_admin | has_role(Role.SUPERVISOR, Role.LEADER) | of_its_unit
)
add_perm("engagement.view_suggestion_stats", is_admin | has_role(Role.SUPERVISOR, Role.LEADER))
# A representative's own page of opinions (我的建议), and their verdict on an answer.
add_perm("engagement.view_own_opinions", has_role(Role.REPRESENTATIVE))
add_perm("engagement.rate_opinion", wrote_it)
# The unit a suggestion was handed to contacts the deputy.
add_perm("engagement.view_opinion_contact", office | wrote_it | handling_unit)
add_perm("engagement.add_referral", is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER))
add_perm("engagement.change_referral", office)


# Study tours' cooperation items (合作事项): recorded by the office, followed by the
# responsible unit, read by the leaders of the region.
office_or_leader = is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER)
add_perm("engagement.view_cooperation", office_or_leader | of_its_unit)
add_perm("engagement.add_cooperation", office)
add_perm("engagement.change_cooperation", office)
add_perm("engagement.follow_cooperation", office | of_its_unit)
add_perm("engagement.view_study_tours", office_or_leader)
