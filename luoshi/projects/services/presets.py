"""A region's colour rules for projects and the statistics bureau that accepts 纳统 there."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Unit
from luoshi.projects.models import ProjectPreset
from luoshi.projects.selectors.scope import region_prefix


def preset_set(
    *,
    actor: Actor,
    region: Region,
    start_red_months: int = 3,
    inclusion_yellow_months: int = 1,
    inclusion_red_months: int = 2,
    investment_red_points: Decimal = Decimal(30),
    statistics_unit: Unit | None = None,
) -> ProjectPreset:
    """Create or change the region's preset."""
    ensure_allowed(actor, "projects.change_projectpreset", region)
    if statistics_unit is not None and not statistics_unit.region.code.startswith(
        region_prefix(region.code)
    ):
        raise ValidationError(
            {"statistics_unit": _("统计部门须是%(region)s或其下级的单位。") % {"region": region}}
        )
    preset = ProjectPreset.objects.filter(region=region).first() or ProjectPreset(region=region)
    verb = "project_preset.created" if preset._state.adding else "project_preset.updated"
    preset.start_red_months = start_red_months
    preset.inclusion_yellow_months = inclusion_yellow_months
    preset.inclusion_red_months = inclusion_red_months
    preset.investment_red_points = investment_red_points
    preset.statistics_unit = statistics_unit
    return save_with_log(actor=actor, instance=preset, verb=verb)
