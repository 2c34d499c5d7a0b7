"""Writing a year's drafted review into next year's report: the loop closes.

Versions never change, so "writing into the draft" is what the report editor does: a new
version based on the latest one, with the drafted paragraph in the review section, written
through `report_version_create` and logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region
from luoshi.core.selectors import action_log_for
from luoshi.indicators.review_placement import place_review
from luoshi.indicators.review_selectors import review_figures
from luoshi.indicators.review_writing import paragraph_text, region_word, review_paragraph
from luoshi.reports.models import ReportVersion, VersionKind, WorkReport
from luoshi.reports.selectors import version_blocks
from luoshi.reports.services import report_create, report_version_create

# The action-log entry that remembers which paragraph was drafted, by its anchor: anchors
# follow a paragraph into later versions, so the next run finds and replaces it.
REVIEW_WRITTEN_VERB = "report.review_drafted"


@dataclass(frozen=True)
class ReviewWritten:
    report: WorkReport
    version: ReportVersion  # the new version, or the latest one when nothing needed writing
    anchor: str  # the drafted paragraph's anchor in `version`
    report_created: bool
    replaced: bool  # an earlier drafted paragraph was replaced
    unchanged: bool  # the latest version already held this paragraph: no version written


def _previous_anchor(report: WorkReport) -> str:
    entry = (
        action_log_for(
            target_type_id=ContentType.objects.get_for_model(WorkReport).pk,
            target_id=str(report.pk),
        )
        .filter(verb=REVIEW_WRITTEN_VERB)
        .order_by("-created_at", "-id")
        .first()
    )
    after = entry.after if entry is not None and isinstance(entry.after, dict) else {}
    return str(after.get("anchor") or "")


def _new_kind(latest: ReportVersion | None) -> str:
    """A first version is a draft (征求意见稿); an unpublished working version is continued in
    kind; once a version is published for consultation, what follows is a revision (修改稿)."""
    if latest is None:
        return VersionKind.DRAFT
    if latest.is_published:
        return VersionKind.REVISED
    return latest.kind


def review_draft_write(*, actor: Actor, region: Region, year: int) -> ReviewWritten:
    """Write the review drafted from `year`'s figures into the `year + 1` report of `region`.

    - No report for next year: it is created (titled as `report_create` does), and a first
      draft version holds a title line, "一、<year>年工作回顾" and the paragraph.
    - Next year's report exists: a new version is written, based on its latest version, with
      the paragraph at the top of the review section (see `review_placement`). A published
      draft is never touched: the new version is an unpublished revision (修改稿) based on it,
      which is how the report editor revises a published draft too.
    - Next year's latest version is the adopted text (正式文本, published or not): refused
      with a ValidationError and nothing stored changes. The adopted text is what the congress
      passes; a version silently written after it would pose as a revision of a passed text.
      A person who really means to revise it makes a new draft in the report editor, on
      purpose; the review is then written into that draft.
    - Run again: the paragraph drafted last time (its anchor is kept in the action log) is
      replaced, never doubled; when the text would not change, no version is written.

    Raises PermissionDenied unless the actor may write versions of the region's reports (and
    create one when it is missing), and ValidationError when the year has no figures.
    """
    next_year = year + 1
    with transaction.atomic():
        report = (
            WorkReport.objects.select_for_update()
            .select_related("region")
            .filter(region=region, year=next_year)
            .first()
        )
        if report is None:
            ensure_allowed(
                actor, "reports.add_workreport", WorkReport(region=region, year=next_year)
            )
        ensure_allowed(actor, "reports.add_reportversion", report or WorkReport(region=region))

        latest = report.versions.order_by("-number").first() if report is not None else None
        if latest is not None and latest.kind == VersionKind.ADOPTED:
            raise ValidationError(
                _(
                    "%(year)s年报告的最新版本是正式文本，正式文本不能修改，回顾段落没有写入。"
                    "如需写入，请先在报告页面另建一个草稿版本。"
                )
                % {"year": next_year}
            )

        figures = review_figures(region=region, year=year)
        if not figures:
            raise ValidationError(_("%(year)s年还没有完成数据，无法起草回顾。") % {"year": year})
        text = paragraph_text(
            review_paragraph(year, region_word(region.name, region.level), [f for f, _o in figures])
        )

        blocks = version_blocks(latest) if latest is not None else []
        anchors = (
            list(latest.paragraphs.order_by("order").values_list("anchor", flat=True))
            if latest is not None
            else []
        )
        placement = place_review(
            blocks,
            anchors,
            text=text,
            year=year,
            previous_anchor=_previous_anchor(report) if report is not None else "",
        )
        if report is not None and latest is not None and placement.unchanged:
            return ReviewWritten(
                report=report,
                version=latest,
                anchor=anchors[placement.paragraph_index],
                report_created=False,
                replaced=False,
                unchanged=True,
            )

        created = report is None
        if report is None:
            report = report_create(actor=actor, region=region, year=next_year)
        version = report_version_create(
            actor=actor,
            report=report,
            kind=_new_kind(latest),
            blocks=placement.blocks,
            label=f"写入{year}年工作回顾",
            based_on=latest,
        )
        anchor = list(version.paragraphs.order_by("order").values_list("anchor", flat=True))[
            placement.paragraph_index
        ]
        log_action(
            actor=actor,
            verb=REVIEW_WRITTEN_VERB,
            target=report,
            after={
                "year": year,
                "version": version.number,
                "anchor": anchor,
                "replaced": placement.replaced,
            },
        )
    return ReviewWritten(
        report=report,
        version=version,
        anchor=anchor,
        report_created=created,
        replaced=placement.replaced,
        unchanged=False,
    )
