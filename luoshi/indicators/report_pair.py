"""报告对照: which two reports a request names, and their targets aligned by indicator.

Each side is a region (six-digit code or its exact name) and a year (default: the region's
latest report). Two regions of one year, or one region in two years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from luoshi.core.models import Region
from luoshi.indicators.comparison import target_number
from luoshi.indicators.comparison_sets import region_set
from luoshi.indicators.models import Indicator, Target
from luoshi.indicators.selectors import headline_target
from luoshi.reports.models import WorkReport


@dataclass(frozen=True)
class Side:
    text: str  # as typed
    year_text: str
    report: WorkReport | None = None


@dataclass(frozen=True)
class TargetPair:
    indicator: Indicator
    left: Target | None
    right: Target | None

    @property
    def difference(self) -> Decimal | None:
        """Right less left, when both are numbers of one kind."""
        low, high = target_number(self.left), target_number(self.right)
        if low is None or high is None or self.left is None or self.right is None:
            return None
        if self.left.measure != self.right.measure or self.left.unit != self.right.unit:
            return None
        return high - low


@dataclass
class PairChoice:
    left: Side
    right: Side
    problems: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.left.report is not None and self.right.report is not None


def _side(params: Mapping[str, str], name: str, word: str, problems: list[str]) -> Side:
    text = params.get(name, "").strip()[:40]
    year_text = params.get(f"{name}_year", "").strip()[:4]
    if not text:
        return Side(text, year_text)
    try:
        regions = region_set(picked=text).regions
    except ValidationError as error:
        problems.append(f"{word}：{error.messages[0]}")
        return Side(text, year_text)
    region: Region = regions[0]
    reports = WorkReport.objects.filter(region=region).select_related("region", "adopted_version")
    if year_text:
        if not (year_text.isdigit() and 1978 <= int(year_text) <= 2100):
            problems.append(_("%(side)s：年度应为四位数字，如 2025。") % {"side": word})
            return Side(text, year_text)
        reports = reports.filter(year=int(year_text))
    report = reports.order_by("-year").first()
    if report is None:
        problems.append(
            _("%(side)s：%(region)s%(year)s还没有政府工作报告。")
            % {"side": word, "region": region.name, "year": f"{year_text}年" if year_text else ""}
        )
    return Side(text, year_text or (str(report.year) if report else ""), report)


def pair_choice(params: Mapping[str, str]) -> PairChoice:
    problems: list[str] = []
    left = _side(params, "left", _("左侧"), problems)
    right = _side(params, "right", _("右侧"), problems)
    return PairChoice(left, right, problems)


def _headlines(region: Region, year: int) -> dict[int, Target]:
    kept: dict[int, Target] = {}
    for target in Target.objects.filter(region=region, year=year).select_related("indicator"):
        kept[target.indicator_id] = headline_target(
            kept.get(target.indicator_id), target, target.indicator
        )
    return kept


def target_pairs(left: WorkReport, right: WorkReport) -> list[TargetPair]:
    """Both reports' targets (of their region and year), one row per indicator."""
    lefts, rights = _headlines(left.region, left.year), _headlines(right.region, right.year)
    indicators = {t.indicator_id: t.indicator for t in [*lefts.values(), *rights.values()]}
    return [
        TargetPair(indicator, lefts.get(pk), rights.get(pk))
        for pk, indicator in sorted(
            indicators.items(), key=lambda item: (item[1].sort_order, item[1].name)
        )
    ]
