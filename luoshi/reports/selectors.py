"""Reads of reports and versions, visibility applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from luoshi.core.lookups import found
from luoshi.reports.models import ReportParagraph, ReportSection, ReportVersion, WorkReport
from luoshi.reports.text_layout import Block
from luoshi.reports.version_diff import ParagraphChange, diff_paragraphs


def report_list(
    *, region_code: str | None = None, year: int | None = None, status: str | None = None
) -> QuerySet[WorkReport]:
    reports = WorkReport.objects.select_related("region__parent").annotate(
        version_count=Count("versions")
    )
    if region_code:
        reports = reports.filter(
            Q(region__code=region_code)
            | Q(region__parent__code=region_code)
            | Q(region__parent__parent__code=region_code)
        )
    if year:
        reports = reports.filter(year=year)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-year", "region__code")


def report_get(*, report_id: int) -> WorkReport:
    """Raises NotFound (a WorkReport.DoesNotExist)."""
    reports = WorkReport.objects.select_related("region__parent__parent", "adopted_version")
    return found(reports, pk=report_id)


def can_see_unpublished(user: Any, report: WorkReport) -> bool:
    return bool(user.has_perm("reports.view_unpublished_versions", report))


def version_list_for_user(*, user: Any, report: WorkReport) -> QuerySet[ReportVersion]:
    versions = report.versions.select_related("created_by", "based_on").annotate(
        paragraph_count=Count("paragraphs")
    )
    if not can_see_unpublished(user, report):
        versions = versions.filter(published_at__isnull=False)
    return versions.order_by("number")


def version_get_for_user(*, user: Any, report: WorkReport, number: int) -> ReportVersion:
    """Raises NotFound (a ReportVersion.DoesNotExist), or PermissionDenied for an unpublished
    version."""
    versions = report.versions.select_related("created_by", "based_on")
    version = found(versions, _("报告没有第 %(n)s 版。") % {"n": number}, number=number)
    if not version.is_published and not can_see_unpublished(user, report):
        raise PermissionDenied(_("这个版本尚未发布。"))
    return version


@dataclass(frozen=True)
class SectionWithParagraphs:
    section: ReportSection | None
    paragraphs: list[ReportParagraph]


def version_outline(version: ReportVersion) -> list[SectionWithParagraphs]:
    """The version in reading order, paragraphs grouped under the heading they follow."""
    sections = {s.pk: s for s in version.sections.all()}
    groups: list[SectionWithParagraphs] = []
    items: list[tuple[int, Any]] = [(s.order, s) for s in sections.values()]
    items += [(p.order, p) for p in version.paragraphs.all()]
    for _order, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, ReportSection):
            groups.append(SectionWithParagraphs(item, []))
        else:
            if not groups:
                groups.append(SectionWithParagraphs(None, []))
            groups[-1].paragraphs.append(item)
    return groups


def version_blocks(version: ReportVersion) -> list[Block]:
    blocks: list[Block] = []
    for group in version_outline(version):
        if group.section is not None:
            blocks.append(
                Block("heading", group.section.title, group.section.number, group.section.level)
            )
        blocks.extend(Block("paragraph", p.text) for p in group.paragraphs)
    return blocks


def diff_counts(changes: list[ParagraphChange]) -> dict[str, int]:
    """How many paragraphs were added, removed, changed and left as they were."""
    return {
        kind: sum(1 for c in changes if c.kind == kind)
        for kind in ("added", "removed", "changed", "unchanged")
    }


def version_diff(old: ReportVersion, new: ReportVersion) -> list[ParagraphChange]:
    return diff_paragraphs(
        list(old.paragraphs.order_by("order").values_list("anchor", "text")),
        list(new.paragraphs.order_by("order").values_list("anchor", "text")),
    )
