"""Which regions a comparison covers: every region of one level under a region (all provinces,
all counties of a city, all counties of a province), or a hand-picked list of codes or names.

Names are matched exactly against the gazetteer; a name two regions share (朝阳区) is refused
with the codes to choose from, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from luoshi.core.models import Region, RegionLevel
from luoshi.core.region_codes import region_code_prefix

MAX_PICKED = 200
LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)
# A filter by region ids: a subquery, or a list for a few picked regions.
RegionIds = QuerySet[Region, int] | list[int]
LEVEL_RANK: dict[str, int] = {
    RegionLevel.NATIONAL: 0,
    RegionLevel.PROVINCE: 1,
    RegionLevel.CITY: 2,
    RegionLevel.COUNTY: 3,
    RegionLevel.TOWNSHIP: 4,
}
LEVEL_WORDS: dict[str, str] = {
    RegionLevel.PROVINCE: "各省（区、市）",
    RegionLevel.CITY: "各市（州）",
    RegionLevel.COUNTY: "各县（市、区）",
}


@dataclass(frozen=True)
class RegionSet:
    regions: list[Region]  # by code
    label: str  # 临汾市各县（市、区） · 全国各省（区、市） · 所选 5 个地区
    within: Region | None
    level: str
    picked: tuple[str, ...]  # the hand-picked codes, empty for a level under a region

    @property
    def ids(self) -> RegionIds:
        """The regions' ids as a filter: a subquery for a level under a region (thousands of
        ids as parameters cost more to send and parse than the query itself), else a list."""
        if self.picked:
            return [r.pk for r in self.regions]
        return _under(self.within, self.level).values_list("pk", flat=True)

    @property
    def query(self) -> str:
        """The query-string part naming this set (for links that keep it)."""
        if self.picked:
            return "regions=" + ",".join(self.picked)
        within = f"within={self.within.code}&" if self.within else ""
        return f"{within}level={self.level}"


def child_level(region: Region | None) -> str:
    """The level a comparison under `region` shows by default: its direct children's."""
    if region is None:
        return RegionLevel.PROVINCE
    level = (
        Region.objects.filter(parent=region, is_active=True)
        .exclude(level=RegionLevel.TOWNSHIP)
        .values_list("level", flat=True)
        .order_by("level")
        .first()
    )
    if level is not None:
        return level
    return RegionLevel.COUNTY


def _under(within: Region | None, level: str) -> QuerySet[Region]:
    regions = Region.objects.filter(level=level, is_active=True)
    if within is not None:
        prefix = region_code_prefix(within.code) or within.code
        regions = regions.filter(code__startswith=prefix).exclude(pk=within.pk)
    return regions


def regions_under(within: Region | None, level: str) -> list[Region]:
    # Thousands for all counties: the columns a comparison reads, parents by id only.
    return list(_under(within, level).only("code", "name", "level", "parent_id").order_by("code"))


def region_set(*, within: Region | None = None, level: str = "", picked: str = "") -> RegionSet:
    """The regions named by the parameters. Raises ValidationError with one sentence for a
    level that is not one, an unknown or ambiguous name, or too long a list."""
    if picked.strip():
        return _picked_set(picked)
    if level and level not in LEVELS:
        raise ValidationError(_("层级应为 province（省级）、city（市级）或 county（县级）。"))
    level = level or child_level(within)
    if within is not None and LEVEL_RANK.get(within.level, 0) >= LEVEL_RANK[level]:
        raise ValidationError(
            _("%(place)s之下没有%(level)s地区，请换一个层级。")
            % {"place": within.name, "level": RegionLevel(level).label}
        )
    regions = regions_under(within, level)
    place = within.name if within is not None else _("全国")
    return RegionSet(regions, f"{place}{LEVEL_WORDS[level]}", within, level, ())


def _picked_set(text: str) -> RegionSet:
    words = [w for w in re.split(r"[\s,，、;；]+", text.strip()) if w]
    if len(words) > MAX_PICKED:
        raise ValidationError(_("一次最多比较 %(count)d 个地区。") % {"count": MAX_PICKED})
    codes = [w for w in words if w.isdigit()]
    names = [w for w in words if not w.isdigit()]
    by_code = {
        r.code: r
        for r in Region.objects.filter(code__in=codes, is_active=True).select_related("parent")
    }
    unknown = [c for c in codes if c not in by_code]
    by_name: dict[str, list[Region]] = {}
    for region in Region.objects.filter(name__in=names, is_active=True).select_related("parent"):
        by_name.setdefault(region.name, []).append(region)
    unknown += [n for n in names if n not in by_name]
    if unknown:
        raise ValidationError(
            _("没有找到这些地区：%(names)s。请填写区划代码或全称。")
            % {"names": "、".join(unknown[:10])}
        )
    for name, matches in by_name.items():
        if len(matches) > 1:
            choices = "、".join(
                f"{r.parent.name if r.parent else ''}{r.name} {r.code}" for r in matches
            )
            raise ValidationError(
                _("“%(name)s”有重名：%(choices)s。请改填区划代码。")
                % {"name": name, "choices": choices}
            )
    chosen: dict[str, Region] = {}
    for word in words:
        region = by_code[word] if word.isdigit() else by_name[word][0]
        chosen.setdefault(region.code, region)
    regions = sorted(chosen.values(), key=lambda r: r.code)
    level = regions[0].level if regions else RegionLevel.PROVINCE
    label = _("所选 %(count)d 个地区") % {"count": len(regions)}
    return RegionSet(regions, label, None, level, tuple(r.code for r in regions))
