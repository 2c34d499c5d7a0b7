"""Which entries a reader finds, as one SQL condition the search adds to its query.

Two rules, each kind following one of them:

- the region and publicity rule (reports, opinions, meetings): public entries, plus, for
  staff who may read the action log, those of their regions and below (`reader_scope`);
- a kind's own rule (`registry.readable`), as its pages decide: the regions whose entries the
  reader opens all of (an office's), and the keys of the others they open (the tasks their
  unit leads or assists).

A caller that names no reader and no scope is trusted with everything (commands, tests);
one that names a scope but no reader finds no entry of a kind with rules of its own, since
it cannot say whose rules to apply.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import EmptyResultSet

from luoshi.core.region_codes import region_code_prefix
from luoshi.core.search.registry import Readable, reader_scoped_kinds


def reader_scope(user: Any) -> tuple[bool, list[str] | None]:
    """(public_only, scope_codes) for `user`: staff who read the action log search their own
    regions' entries and every public one (a superuser everything); others public ones only —
    the same scope the entries' own pages apply."""
    if getattr(user, "is_superuser", False):
        return False, None
    if user.has_perm("core.view_actionlog"):
        return False, sorted(getattr(user, "work_region_codes", ()))
    return True, None


def _region_rule(
    public_only: bool, scope_codes: Collection[str] | None
) -> tuple[str | None, list[Any]]:
    if public_only:
        return "e.is_public = %s", [True]
    if scope_codes is None:
        return None, []
    prefixes = sorted({p for p in map(region_code_prefix, scope_codes) if p})
    within = " OR ".join(["code LIKE %s"] * len(prefixes)) or "1 = 0"
    return (
        f"(e.is_public = %s OR e.region_id IN (SELECT id FROM core_region WHERE {within}))",
        [True, *(f"{prefix}%" for prefix in prefixes)],
    )


def _in_list(column: str, values: Collection[str]) -> str:
    return "{} IN ({})".format(column, ", ".join(["%s"] * len(values)))


def visibility_condition(
    *,
    reader: Any = None,
    public_only: bool = False,
    scope_codes: Collection[str] | None = None,
    kinds: Collection[str] | None = None,
) -> tuple[str | None, list[Any]]:
    """The condition on the entries `e` (None: no condition) and its parameters."""
    if reader is None and not public_only and scope_codes is None:
        return None, []
    scoped = reader_scoped_kinds()
    region_sql, region_params = _region_rule(public_only, scope_codes)
    others = ([_in_list("e.kind NOT", scoped)] if scoped else []) + (
        [region_sql] if region_sql else []
    )
    parts = [" AND ".join(others) if others else "1 = 1"]
    params: list[Any] = [*scoped, *region_params]
    if reader is not None:
        for name, entry in sorted(scoped.items()):
            if (kinds and name not in kinds) or entry.readable is None:
                continue
            rule, rule_params = _kind_rule(entry.readable(reader))
            if rule is None:  # the reader may open none of them
                continue
            parts.append(f"(e.kind = %s{rule})")
            params.extend([name, *rule_params])
    return "(" + " OR ".join(f"({part})" for part in parts) + ")", params


def _kind_rule(readable: Readable) -> tuple[str | None, list[Any]]:
    """The condition on one kind's entries, as ' AND (…)' ('' for all of them, None for
    none). The region test reads the entry's own region; the keys are few (a unit's own)."""
    if readable.everything:
        return "", []
    alternatives: list[str] = []
    params: list[Any] = []
    prefixes = sorted(p for p in readable.region_prefixes if p.isdigit())
    if prefixes:
        within = " OR ".join(["code LIKE %s"] * len(prefixes))
        alternatives.append(f"e.region_id IN (SELECT id FROM core_region WHERE {within})")
        params.extend(f"{prefix}%" for prefix in prefixes)
    if readable.keys is not None:
        try:
            sql, key_params = readable.keys.query.sql_with_params()
        except EmptyResultSet:
            sql, key_params = "", ()
        if sql:
            alternatives.append(f"e.key IN ({sql})")
            params.extend(key_params)
    if not alternatives:
        return None, []
    return " AND ({})".format(" OR ".join(alternatives)), params
