"""Which projects a user sees, and which colour rules govern a region.

Region codes nest by prefix (GB/T 2260): a province's projects are those whose region code
starts with its first two digits, a city's with its first four, a county's with its six.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, region_code_lineage, role_grants
from luoshi.core.models import Region
from luoshi.core.region_codes import region_codes_nearest_first
from luoshi.projects.colours import DEFAULT_RULES, ColourRules
from luoshi.projects.models import ProjectPreset

READER_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER})
UNIT_ROLES = frozenset({Role.LIAISON, Role.UNIT_HEAD})
_STATISTICS_CACHE = "_luoshi_statistics_prefixes"


def region_prefix(code: str) -> str:
    """The code prefix shared by a region and everything below it."""
    if len(code) == 9:
        return code
    if code[2:6] == "0000":
        return code[:2]
    if code[4:6] == "00":
        return code[:4]
    return code


def in_region(prefix_code: str) -> Q:
    """Projects of the region with this code and of the regions below it."""
    return Q(region__code__startswith=region_prefix(prefix_code))


def statistics_prefixes(user: Any) -> frozenset[str]:
    """Region prefixes where the user belongs to the statistics bureau named by the preset
    (read once per user object)."""
    cached: frozenset[str] | None = getattr(user, _STATISTICS_CACHE, None)
    if cached is not None:
        return cached
    units = {unit for role, unit, _code in role_grants(user) if role in UNIT_ROLES}
    prefixes: frozenset[str] = frozenset()
    if units:
        prefixes = frozenset(
            region_prefix(code)
            for code in ProjectPreset.objects.filter(statistics_unit__in=units).values_list(
                "region__code", flat=True
            )
        )
    if user is not None and getattr(user, "is_authenticated", False):
        setattr(user, _STATISTICS_CACHE, prefixes)
    return prefixes


def visibility(user: Any) -> Q | None:
    """The filter of the projects `user` may read; None for everything (administrators)."""
    if is_admin(user):
        return None
    visible = Q(pk__in=[])
    grants = role_grants(user)
    for prefix in sorted(
        {region_prefix(code) for role, _u, code in grants if role in READER_ROLES}
    ):
        visible |= Q(region__code__startswith=prefix)
    own_units = sorted({unit for role, unit, _code in grants if role in UNIT_ROLES})
    if own_units:
        visible |= Q(unit_id__in=own_units)
    for prefix in sorted(statistics_prefixes(user)):
        visible |= Q(region__code__startswith=prefix)
    return visible


def reportable_units(user: Any) -> frozenset[int]:
    """Units whose projects the user reports on as liaison or unit head."""
    return frozenset(unit for role, unit, _code in role_grants(user) if role in UNIT_ROLES)


def office_prefixes(user: Any) -> frozenset[str]:
    """Region prefixes where the user is on the supervision staff."""
    return frozenset(
        region_prefix(code) for role, _u, code in role_grants(user) if role == Role.SUPERVISOR
    )


# --- colour rules ----------------------------------------------------------------------------


def rules_from(preset: ProjectPreset) -> ColourRules:
    return ColourRules(
        start_red_months=preset.start_red_months,
        inclusion_yellow_months=preset.inclusion_yellow_months,
        inclusion_red_months=preset.inclusion_red_months,
        investment_red_points=preset.investment_red_points,
    )


class PresetBook:
    """Regions' project colour rules, read in one query: a region without a preset of its own
    takes its nearest ancestor's (the same chain of codes as the colour presets of tasks and
    indicators), then the defaults. With `codes`, only the presets that can govern
    those regions are read."""

    def __init__(self, codes: Iterable[str] | None = None) -> None:
        presets = ProjectPreset.objects.select_related("region", "statistics_unit")
        if codes is not None:
            wanted = {ancestor for code in codes for ancestor in region_code_lineage(code)}
            presets = presets.filter(region__code__in=wanted)
        self._by_code = {preset.region.code: preset for preset in presets}
        self._rules: dict[str, ColourRules] = {}

    def preset_for(self, code: str) -> ProjectPreset | None:
        for candidate in region_codes_nearest_first(code):
            if candidate in self._by_code:
                return self._by_code[candidate]
        return None

    def rules_for(self, code: str) -> ColourRules:
        if code not in self._rules:
            preset = self.preset_for(code)
            self._rules[code] = rules_from(preset) if preset else DEFAULT_RULES
        return self._rules[code]


def preset_for_region(region: Region) -> ProjectPreset | None:
    """The preset governing `region` (its own or its nearest ancestor's)."""
    return PresetBook([region.code]).preset_for(region.code)
