"""A report's commitments (承诺事项) as task drafts for "从报告分解": title, source text,
deadline and a suggested lead unit, read from the words; and whether each is a task already."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from luoshi.core.models import Unit
from luoshi.reports.models import Commitment, ReportParagraph, WorkReport
from luoshi.tasks.commitment_words import (
    commitment_deadline,
    sentence_around,
    suggested_unit,
    unit_names,
)
from luoshi.tasks.models import Task


@dataclass(frozen=True)
class CommitmentDraft:
    commitment: Commitment
    title: str
    source_text: str  # the paragraph it stands in, as the 分解表's 报告任务原文
    deadline: dt.date
    deadline_text: str
    deadline_stated: bool
    lead_unit_id: int | None
    task_id: int | None  # the task made from it, when it has one


def commitment_drafts(report: WorkReport, units: QuerySet[Unit]) -> list[CommitmentDraft]:
    """One draft per commitment of the report, in reading order. The paragraph is taken from
    the adopted text by anchor (anchors carry over from the imported version)."""
    commitments = list(report.commitments.order_by("order", "id"))
    if not commitments:
        return []
    version_id = report.adopted_version_id
    paragraphs: dict[str, str] = {}
    if version_id is not None:
        anchors = {c.anchor for c in commitments if c.anchor}
        paragraphs = dict(
            ReportParagraph.objects.filter(version_id=version_id, anchor__in=anchors).values_list(
                "anchor", "text"
            )
        )
    tasks = dict(Task.objects.filter(commitment__in=commitments).values_list("commitment_id", "pk"))
    region_name = report.region.name
    names = [
        unit_names(unit.pk, unit.name, unit.short_name, unit.region.name or region_name)
        for unit in units
    ]
    drafts = []
    for commitment in commitments:
        paragraph = paragraphs.get(commitment.anchor, "")
        deadline = commitment_deadline(commitment.text, paragraph, report.year)
        drafts.append(
            CommitmentDraft(
                commitment=commitment,
                title=commitment.text,
                source_text=paragraph or commitment.text,
                deadline=deadline.date,
                deadline_text=deadline.text,
                deadline_stated=deadline.stated,
                lead_unit_id=suggested_unit(
                    [commitment.text, sentence_around(paragraph, commitment.text)], names
                ),
                task_id=tasks.get(commitment.pk),
            )
        )
    return drafts
