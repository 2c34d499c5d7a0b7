"""Who follows what in engagement's handled work (deputies' suggestions, cooperation items),
and how near its deadline it is — one rule for both.

- The office and the leaders read what lies in their regions and below (GB/T 2260 codes nest
  by prefix); a unit's liaisons and heads read what is their unit's.
- Lights as for tasks: red past the deadline, yellow in its last `YELLOW_DAYS` days, green
  before; none once the work is settled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import role_grants
from luoshi.core.region_codes import region_code_prefix

REGION_ROLES = (Role.SUPERVISOR, Role.LEADER)
UNIT_ROLES = (Role.LIAISON, Role.UNIT_HEAD)
YELLOW_DAYS = 7


def region_prefixes(user: Any) -> frozenset[str]:
    """The code prefixes of the regions the user's office or leader roles cover."""
    return frozenset(
        region_code_prefix(code) or code
        for role, _unit, code in role_grants(user)
        if role in REGION_ROLES
    )


def unit_ids(user: Any) -> set[int]:
    """The units the user is a liaison or head of."""
    return {unit for role, unit, _code in role_grants(user) if role in UNIT_ROLES}


def under(field: str, prefixes: frozenset[str] | set[str]) -> Q:
    """`field` (a region code) in any of the regions `prefixes` name; nothing when none."""
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(**{f"{field}__startswith": prefix})
    return query


def deadline_light(deadline: dt.date | None, today: dt.date, *, settled: bool) -> str:
    if settled or deadline is None:
        return ""
    if deadline < today:
        return "red"
    return "yellow" if (deadline - today).days <= YELLOW_DAYS else "green"


def deadline_filter(colour: str, today: dt.date) -> Q:
    """The deadlines of a light (of work not settled: the caller adds that)."""
    soon = today + dt.timedelta(days=YELLOW_DAYS)
    return {
        "red": Q(deadline__lt=today),
        "yellow": Q(deadline__gte=today, deadline__lte=soon),
        "green": Q(deadline__gt=soon),
    }.get(colour, Q())
