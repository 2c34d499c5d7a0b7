"""One project as its page shows it: the stage timeline, the monthly figures, 纳统 and
problems, and the stage history from the action log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.db.models.fields.files import FieldFile

from luoshi.core.upload_screening import stored_content_type
from luoshi.projects import stages
from luoshi.projects.investment_rules import share
from luoshi.projects.models import (
    MonthlyInvestment,
    ProblemEscalation,
    Project,
    ProjectProblem,
    StatisticsInclusion,
)
from luoshi.projects.stages import Stage


@dataclass(frozen=True)
class TimelineStep:
    stage: str
    label: str
    planned: date | None
    actual: date | None
    state: str  # done · skipped · overdue · upcoming · not_applicable
    is_current: bool


def timeline(project: Project, today: date) -> list[TimelineStep]:
    planned = {k: v for k, v in project.stage_dates("planned").items() if isinstance(v, date)}
    actual = {k: v for k, v in project.stage_dates("actual").items() if isinstance(v, date)}
    current = stages.position(project.stage)
    steps = []
    for stage in stages.DATED_STAGES:
        done_on = actual.get(stage)
        due_on = planned.get(stage)
        if stage == Stage.INCLUDED and not project.is_statistics_eligible:
            state = "not_applicable"
        elif done_on is not None:
            state = "done"
        elif stages.position(stage) < current:
            state = "skipped"
        elif due_on is not None and due_on < today:
            state = "overdue"
        else:
            state = "upcoming"
        steps.append(
            TimelineStep(
                stage=stage,
                label=stages.label(stage),
                planned=due_on,
                actual=done_on,
                state=state,
                is_current=stage == project.stage,
            )
        )
    return steps


@dataclass(frozen=True)
class InvestmentLine:
    row: MonthlyInvestment
    share_of_plan: Decimal | None  # year to date ÷ annual plan, percent
    share_of_total: Decimal | None  # since start ÷ total investment, percent


def investment_lines(project: Project) -> list[InvestmentLine]:
    rows = MonthlyInvestment.objects.filter(project=project).select_related("reported_by")
    return [
        InvestmentLine(
            row=row,
            share_of_plan=share(row.year_to_date, project.annual_plan),
            share_of_total=share(row.since_start, project.total_investment),
        )
        for row in rows.order_by("month")
    ]


def problem_list(project: Project) -> QuerySet[ProjectProblem]:
    return (
        ProjectProblem.objects.filter(project=project)
        .select_related("unit", "raised_by", "resolved_by")
        .prefetch_related(
            Prefetch(
                "escalations",
                queryset=ProblemEscalation.objects.select_related("escalated_by").order_by(
                    "created_at", "id"
                ),
            )
        )
        .order_by("state", "-created_at", "-id")
    )


def inclusion_of(project: Project) -> StatisticsInclusion | None:
    return (
        StatisticsInclusion.objects.filter(project=project)
        .select_related("reported_by", "reviewed_by", "accepted_by")
        .first()
    )


EVIDENCE_KINDS = ("approval_document", "contract_or_photos", "business_licence")


@dataclass(frozen=True)
class EvidenceFile:
    kind: str
    stored: FieldFile
    name: str  # as the uploader named it (files from before names were kept: the stored one)
    content_type: str


def evidence_file(inclusion: StatisticsInclusion | None, kind: str) -> EvidenceFile | None:
    """One evidence file of a 纳统 report, ready to serve; None when there is none."""
    if inclusion is None or kind not in EVIDENCE_KINDS:
        return None
    stored: FieldFile = getattr(inclusion, kind)
    if not stored:
        return None
    stored_name = stored.name or ""
    name = getattr(inclusion, f"{kind}_name", "") or stored_name.rsplit("/", 1)[-1]
    return EvidenceFile(kind, stored, name, stored_content_type(stored_name))


def evidence_files(inclusion: StatisticsInclusion | None) -> list[EvidenceFile]:
    found = (evidence_file(inclusion, kind) for kind in EVIDENCE_KINDS)
    return [f for f in found if f is not None]
