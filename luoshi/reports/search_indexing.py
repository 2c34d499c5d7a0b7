"""Reports in the search index: one entry per report, holding its latest published text.

A report with no published version yet is indexed from its latest working version and marked
not public, so the people preparing it can find it while others cannot.
"""

from __future__ import annotations

from django.urls import reverse

from luoshi.core.search import search_index_upsert
from luoshi.reports.models import ReportVersion, WorkReport
from luoshi.reports.selectors import version_blocks
from luoshi.reports.text_layout import join_report_text

REPORT_KIND = "report"


def _version_to_index(report: WorkReport) -> ReportVersion | None:
    versions = report.versions.order_by("-number")
    return versions.filter(published_at__isnull=False).first() or versions.first()


def index_report(report: WorkReport) -> None:
    """Write (or replace) the report's entry from its latest published version."""
    version = _version_to_index(report)
    body = ""
    if version is not None:
        version = ReportVersion.objects.prefetch_related("sections", "paragraphs").get(
            pk=version.pk
        )
        body = join_report_text(version_blocks(version))
    search_index_upsert(
        kind=REPORT_KIND,
        key=report.pk,
        title=str(report),
        body=body,
        url=reverse("reports:report_detail", args=[report.pk]),
        region=report.region,
        year=report.year,
        state=report.status,
        is_public=version is not None and version.is_published,
    )


def index_report_version(version: ReportVersion) -> None:
    """After `version` was published: its report's entry now holds the newest published text."""
    report = WorkReport.objects.select_related("region").get(pk=version.report_id)
    index_report(report)


def reindex_all_reports() -> int:
    count = 0
    for report in WorkReport.objects.select_related("region").order_by("pk").iterator():
        index_report(report)
        count += 1
    return count
