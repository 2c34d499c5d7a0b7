"""Adding a project to the year's list, and changing its particulars."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import region_code_lineage
from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region, Unit
from luoshi.engagement.models import CooperationItem, CooperationStatus
from luoshi.projects.models import Category, Project
from luoshi.projects.search_indexing import project_indexed
from luoshi.projects.selectors.scope import region_prefix
from luoshi.projects.services.logged_writes import visibility_of
from luoshi.tasks.models import Task


@dataclass(frozen=True)
class ProjectInput:
    region: Region
    year: int
    name: str
    unit: Unit
    total_investment: Decimal
    annual_plan: Decimal = Decimal(0)
    category: str = Category.INDUSTRY
    code: str = ""
    content: str = ""
    leader: str = ""
    task: Task | None = None
    invested_before_year: Decimal = Decimal(0)
    started_planned: date | None = None
    is_public: bool = False
    # Set when the project is made; an edit keeps it.
    cooperation_item: CooperationItem | None = None


def _check_unit(region: Region, unit: Unit) -> None:
    """The responsible unit works in the project's region, above it or below it."""
    if not unit.is_active:
        raise ValidationError({"unit": _("责任单位已停用。")})
    unit_code = unit.region.code
    if unit_code in region_code_lineage(region.code):
        return
    if unit_code.startswith(region_prefix(region.code)):
        return
    raise ValidationError(
        {"unit": _("责任单位“%(unit)s”不属于%(region)s。") % {"unit": unit, "region": region}}
    )


def _apply(project: Project, data: ProjectInput) -> None:
    for item in fields(ProjectInput):
        if item.name == "cooperation_item":
            continue
        value = getattr(data, item.name)
        if isinstance(value, str):
            value = value.strip()
        setattr(project, item.name, value)
    if project.started_planned is not None:
        project.started_planned = project.started_planned.replace(day=1)


def _check_cooperation(actor: Actor, item: CooperationItem) -> None:
    """A key project made from a study tour's cooperation item: one the maker may read, not
    dropped. An item may lead to several projects."""
    ensure_allowed(actor, "engagement.view_cooperation", item)
    if item.status == CooperationStatus.DROPPED:
        raise ValidationError(_("这项合作事项已终止，不能转为重点项目。"))


def project_create(*, actor: Actor, data: ProjectInput) -> Project:
    ensure_allowed(actor, "projects.add_project", data.region)
    _check_unit(data.region, data.unit)
    if data.cooperation_item is not None:
        _check_cooperation(actor, data.cooperation_item)
    project = Project(cooperation_item=data.cooperation_item)
    _apply(project, data)
    if actor is not None and actor.is_authenticated:
        project.created_by = actor  # type: ignore[assignment]
    return project_indexed(
        save_with_log(
            actor=actor, instance=project, verb="project.created", visibility=visibility_of(project)
        )
    )


def project_update(*, actor: Actor, project: Project, data: ProjectInput) -> Project:
    """Change the particulars (not the stage dates: those have their own services)."""
    ensure_allowed(actor, "projects.change_project", project)
    if data.region.pk != project.region_id:
        ensure_allowed(actor, "projects.add_project", data.region)
    _check_unit(data.region, data.unit)
    _apply(project, data)
    return project_indexed(
        save_with_log(
            actor=actor, instance=project, verb="project.updated", visibility=visibility_of(project)
        )
    )
