"""Writes to work reports and their versions: validated, atomic, permission-checked, logged."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, log_action, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Visibility
from luoshi.reports.models import (
    Commitment,
    ReportParagraph,
    ReportSection,
    ReportStatus,
    ReportVersion,
    VersionKind,
    WorkReport,
)
from luoshi.reports.paragraph_mapping import carry_anchors
from luoshi.reports.search_indexing import index_report_version
from luoshi.reports.text_layout import Block

REPORT_EDITABLE_FIELDS = frozenset(
    {"title", "speaker_name", "speaker_title", "congress_session", "delivered_on"}
)
MAX_PARAGRAPH_LENGTH = 20_000


def report_create(
    *,
    actor: Actor,
    region: Region,
    year: int,
    title: str = "",
    speaker_name: str = "",
    speaker_title: str = "",
    congress_session: str = "",
    delivered_on: date | None = None,
) -> WorkReport:
    report = WorkReport(
        region=region,
        year=year,
        title=title.strip() or f"{year}年{region.name}政府工作报告",
        speaker_name=speaker_name.strip(),
        speaker_title=speaker_title.strip(),
        congress_session=congress_session.strip(),
        delivered_on=delivered_on,
    )
    ensure_allowed(actor, "reports.add_workreport", report)
    return save_with_log(actor=actor, instance=report, verb="report.created")


def report_update(*, actor: Actor, report: WorkReport, changes: dict[str, Any]) -> WorkReport:
    unknown = set(changes) - REPORT_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Fields that cannot be changed on a report: {', '.join(sorted(unknown))}")
    ensure_allowed(actor, "reports.change_workreport", report)
    for field, value in changes.items():
        setattr(report, field, value.strip() if isinstance(value, str) else value)
    return save_with_log(actor=actor, instance=report, verb="report.updated")


def _validate_blocks(blocks: Sequence[Block]) -> None:
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    if not paragraphs:
        raise ValidationError({"text": _("版本至少要有一个段落。")})
    for block in blocks:
        if block.kind not in ("heading", "paragraph"):
            raise ValidationError({"text": _("未知的内容类型：%(kind)s") % {"kind": block.kind}})
        if not block.text.strip():
            raise ValidationError({"text": _("段落和标题不能为空。")})
        if len(block.text) > MAX_PARAGRAPH_LENGTH:
            raise ValidationError(
                {"text": _("单个段落不能超过 %(n)d 字。") % {"n": MAX_PARAGRAPH_LENGTH}}
            )


def report_version_create(
    *,
    actor: Actor,
    report: WorkReport,
    kind: str,
    blocks: Sequence[Block],
    label: str = "",
    based_on: ReportVersion | None = None,
) -> ReportVersion:
    """Write a new immutable version; paragraphs inherit anchors from the version it revises."""
    ensure_allowed(actor, "reports.add_reportversion", report)
    if kind not in VersionKind.values:
        raise ValidationError({"kind": _("未知的版本类型。")})
    _validate_blocks(blocks)
    with transaction.atomic():
        locked = WorkReport.objects.select_for_update().get(pk=report.pk)
        if based_on is None:
            based_on = locked.versions.order_by("-number").first()
        elif based_on.report_id != locked.pk:
            raise ValidationError({"based_on": _("只能基于同一报告的版本修订。")})
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ReportVersion(
            report=locked,
            number=number,
            kind=kind,
            label=label.strip(),
            created_by_id=getattr(actor, "pk", None),
            based_on=based_on,
        )
        save_with_log(actor=actor, instance=version, verb="report_version.created")
        _write_content(version, blocks, based_on)
    return version


def _write_content(
    version: ReportVersion, blocks: Sequence[Block], based_on: ReportVersion | None
) -> None:
    old_paragraphs: list[tuple[str, str]] = []
    old_sections: list[tuple[str, str]] = []
    if based_on is not None:
        old_paragraphs = list(based_on.paragraphs.order_by("order").values_list("anchor", "text"))
        old_sections = [
            (anchor, f"{number}{title}")
            for anchor, number, title in based_on.sections.order_by("order").values_list(
                "anchor", "number", "title"
            )
        ]
    headings = [b for b in blocks if b.kind == "heading"]
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    section_anchors = carry_anchors(old_sections, [f"{h.number}{h.text}" for h in headings])
    paragraph_anchors = iter(carry_anchors(old_paragraphs, [p.text for p in paragraphs]))

    sections: list[ReportSection] = []
    stack: list[ReportSection] = []  # open headings, outermost first
    placed: list[tuple[int, ReportSection | None]] = []
    heading_anchor = iter(section_anchors)
    current: ReportSection | None = None
    for order, block in enumerate(blocks):
        if block.kind == "heading":
            while stack and stack[-1].level >= block.level:
                stack.pop()
            current = ReportSection(
                version=version,
                parent=stack[-1] if stack else None,
                anchor=next(heading_anchor),
                order=order,
                number=block.number,
                level=block.level,
                title=block.text[:300],
            )
            # Saved one by one so that children can point at their parent's primary key.
            current.save()
            sections.append(current)
            stack.append(current)
        else:
            placed.append((order, current))
    ReportParagraph.objects.bulk_create(
        [
            ReportParagraph(
                version=version,
                section=section,
                anchor=next(paragraph_anchors),
                order=order,
                text=paragraph.text,
            )
            for (order, section), paragraph in zip(placed, paragraphs, strict=True)
        ],
        batch_size=500,
    )


def report_version_publish(*, actor: Actor, version: ReportVersion) -> ReportVersion:
    """Publish a version: a draft opens consultation; the adopted text closes the report."""
    report = version.report
    ensure_allowed(actor, "reports.publish_reportversion", report)
    with transaction.atomic():
        locked = WorkReport.objects.select_for_update().get(pk=report.pk)
        if version.is_published:
            raise ValidationError(_("这个版本已经发布过了。"))
        if locked.status == ReportStatus.ADOPTED:
            raise ValidationError(_("报告已正式通过，不能再发布其他版本。"))
        version.published_at = timezone.now()
        save_with_log(
            actor=actor,
            instance=version,
            verb="report_version.published",
            visibility=Visibility.PUBLIC,
        )
        before = {"status": locked.status}
        if version.kind == VersionKind.ADOPTED:
            locked.status = ReportStatus.ADOPTED
            locked.adopted_version = version
        elif version.kind == VersionKind.DRAFT:
            locked.status = ReportStatus.CONSULTING
        locked.full_clean()
        locked.save(update_fields=["status", "adopted_version", "updated_at"])
        if before["status"] != locked.status:
            log_action(
                actor=actor,
                verb="report.status_changed",
                target=locked,
                before=before,
                after={"status": locked.status},
                visibility=Visibility.PUBLIC,
            )
    version.report = locked
    # The search index is derived data: written once the publication is committed, and a
    # failure there is logged without undoing the publication (`luoshi search_rebuild` heals).
    transaction.on_commit(lambda: index_report_version(version), robust=True)
    return version


def commitment_record(
    *,
    actor: Actor,
    report: WorkReport,
    text: str,
    section: str = "",
    version: ReportVersion | None = None,
    anchor: str = "",
) -> Commitment:
    """Keep a commitment of the report. The same words read again (a later version of the
    same report imported) point the existing one at the newer paragraph instead of doubling
    it, so the tasks already made from it stay linked."""
    ensure_allowed(actor, "reports.add_reportversion", report)
    words = " ".join(text.split())
    if not words:
        raise ValidationError({"text": _("承诺事项是空的。")})
    if version is not None and version.report_id != report.pk:
        raise ValidationError({"version": _("版本不属于这份报告。")})
    commitment = Commitment.objects.filter(report=report, text=words).first()
    if commitment is None:
        last = report.commitments.aggregate(n=Max("order"))["n"]
        commitment = Commitment(report=report, text=words, order=(last or 0) + 1)
        verb = "commitment.recorded"
    else:
        verb = "commitment.updated"
    commitment.section = section.strip()[:200]
    commitment.version = version
    commitment.anchor = anchor
    return save_with_log(actor=actor, instance=commitment, verb=verb)
