"""Problems of factor support (要素保障): raised, changed while open, escalated a level with a
note (县级 → 市级 → 省级), resolved with a written resolution, reopened with a reason. Each step
is a logged service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, RegionLevel, Unit
from luoshi.core.workflow import require_state
from luoshi.projects.models import (
    LEVEL_ORDER,
    CoordinationLevel,
    ProblemEscalation,
    ProblemState,
    Project,
    ProjectProblem,
)
from luoshi.projects.search_indexing import problem_indexed
from luoshi.projects.services.logged_writes import visibility_of


@dataclass(frozen=True)
class ProblemInput:
    category: str
    description: str
    unit: Unit
    person: str = ""
    deadline: date | None = None


def initial_level(region: Region) -> str:
    """Problems are first coordinated at the level of the project's region (a township's
    at the county)."""
    if region.level in (RegionLevel.PROVINCE, RegionLevel.NATIONAL):
        return CoordinationLevel.PROVINCE
    if region.level == RegionLevel.CITY:
        return CoordinationLevel.CITY
    return CoordinationLevel.COUNTY


def _apply(problem: ProjectProblem, data: ProblemInput) -> None:
    if not data.unit.is_active:
        raise ValidationError({"unit": _("责任单位已停用。")})
    problem.category = data.category
    problem.description = data.description.strip()
    problem.unit = data.unit
    problem.person = data.person.strip()
    problem.deadline = data.deadline


def _must_be_open(problem: ProjectProblem) -> None:
    require_state(problem, ProblemState.OPEN, _("问题已解决；如需继续处理，请先重新打开。"))


def problem_create(*, actor: Actor, project: Project, data: ProblemInput) -> ProjectProblem:
    ensure_allowed(actor, "projects.report_project", project)
    problem = ProjectProblem(project=project, level=initial_level(project.region))
    _apply(problem, data)
    if actor is not None and actor.is_authenticated:
        problem.raised_by = actor  # type: ignore[assignment]
    return problem_indexed(
        save_with_log(
            actor=actor, instance=problem, verb="problem.raised", visibility=visibility_of(project)
        )
    )


def problem_update(*, actor: Actor, problem: ProjectProblem, data: ProblemInput) -> ProjectProblem:
    ensure_allowed(actor, "projects.report_project", problem)
    _must_be_open(problem)
    _apply(problem, data)
    return problem_indexed(
        save_with_log(
            actor=actor,
            instance=problem,
            verb="problem.updated",
            visibility=visibility_of(problem.project),
        )
    )


def problem_resolve(*, actor: Actor, problem: ProjectProblem, resolution: str) -> ProjectProblem:
    ensure_allowed(actor, "projects.report_project", problem)
    _must_be_open(problem)
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError({"resolution": _("请填写解决情况。")})
    problem.resolution = resolution
    problem.state = ProblemState.RESOLVED
    problem.resolved_at = timezone.now()
    problem.resolved_by = actor if actor is not None and actor.is_authenticated else None  # type: ignore[assignment]
    return save_with_log(
        actor=actor,
        instance=problem,
        verb="problem.resolved",
        visibility=visibility_of(problem.project),
    )


def problem_reopen(*, actor: Actor, problem: ProjectProblem, reason: str) -> ProjectProblem:
    ensure_allowed(actor, "projects.report_project", problem)
    require_state(problem, ProblemState.RESOLVED, _("问题尚未解决，无需重新打开。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("重新打开须说明理由。")})
    problem.state = ProblemState.OPEN
    problem.resolved_at = None
    problem.resolved_by = None
    return save_with_log(
        actor=actor,
        instance=problem,
        verb="problem.reopened",
        note=reason,
        visibility=visibility_of(problem.project),
    )


def problem_escalate(*, actor: Actor, problem: ProjectProblem, note: str) -> ProblemEscalation:
    """Ask the next level up to coordinate, saying why."""
    ensure_allowed(actor, "projects.report_project", problem)
    _must_be_open(problem)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("提级协调须填写说明。")})
    position = LEVEL_ORDER.index(CoordinationLevel(problem.level))
    if position + 1 >= len(LEVEL_ORDER):
        raise ValidationError(_("已是省级协调，不能再提级。"))
    higher = LEVEL_ORDER[position + 1]
    visibility = visibility_of(problem.project)
    with transaction.atomic():
        step = ProblemEscalation(
            problem=problem, from_level=problem.level, to_level=higher, note=note
        )
        if actor is not None and actor.is_authenticated:
            step.escalated_by = actor  # type: ignore[assignment]
        save_with_log(actor=actor, instance=step, verb="problem.escalation", visibility=visibility)
        problem.level = higher
        save_with_log(
            actor=actor,
            instance=problem,
            verb="problem.escalated",
            note=note,
            visibility=visibility,
        )
    return step
