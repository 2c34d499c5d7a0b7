"""Stage dates: plan them, record them as they happen, and go back (only with a reason).

Every rule of order lives in `luoshi.projects.stages` and is enforced by `Project.clean()`, so
the admin and these services refuse the same things. What the services add: no actual date in
the future, no going back without a reason, and 纳统 only through the statistics bureau's
acceptance (`inclusion_flow.inclusion_accept`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.core.templatetags.chinese_dates import chinese_date
from luoshi.projects import stages
from luoshi.projects.models import InclusionState, Project, StatisticsInclusion
from luoshi.projects.search_indexing import project_indexed
from luoshi.projects.services.logged_writes import visibility_of
from luoshi.projects.stages import Stage


def _dated_stage(stage: str) -> None:
    if stage not in stages.DATED_STAGES:
        raise ValidationError({"stage": _("没有这个阶段：%(stage)s。") % {"stage": stage}})


def _refresh_stage(project: Project) -> None:
    project.stage = stages.stage_from_actuals(project.stage_dates("actual"))


def stage_plan(*, actor: Actor, project: Project, planned: Mapping[str, date | None]) -> Project:
    """Set (or clear, with None) the planned dates of the stages given."""
    ensure_allowed(actor, "projects.report_project", project)
    for stage, day in planned.items():
        _dated_stage(stage)
        if stage == Stage.STARTED and day is not None:
            day = day.replace(day=1)  # planned by the month
        setattr(project, f"{stage}_planned", day)
    return save_with_log(
        actor=actor,
        instance=project,
        verb="project.stage_planned",
        visibility=visibility_of(project),
    )


def record_actual(
    *, actor: Actor, project: Project, stage: str, actual_on: date, today: date, note: str
) -> Project:
    """Set a stage's actual date (advancing, correcting, or filling in a skipped stage)."""
    _dated_stage(stage)
    if actual_on > today:
        raise ValidationError(
            {
                "actual_on": _("实际日期（%(day)s）不能晚于今天（%(today)s）。")
                % {"day": chinese_date(actual_on), "today": chinese_date(today)}
            }
        )
    advancing = stages.position(stage) > stages.position(project.stage)
    setattr(project, f"{stage}_actual", actual_on)
    _refresh_stage(project)
    verb = "project.stage_advanced" if advancing else "project.stage_date_corrected"
    return project_indexed(
        save_with_log(
            actor=actor, instance=project, verb=verb, note=note, visibility=visibility_of(project)
        )
    )


def stage_advance(
    *,
    actor: Actor,
    project: Project,
    stage: str,
    actual_on: date,
    note: str = "",
    today: date | None = None,
) -> Project:
    """Record that `stage` was reached on `actual_on` (or correct the date it was reached)."""
    ensure_allowed(actor, "projects.report_project", project)
    if stage == Stage.INCLUDED:
        raise ValidationError(
            {"stage": _("纳统须经统计部门确认：请通过“纳统申报”办理，不能直接填写纳统日期。")}
        )
    return record_actual(
        actor=actor,
        project=project,
        stage=stage,
        actual_on=actual_on,
        today=today or timezone.localdate(),
        note=note.strip(),
    )


def stage_revert(*, actor: Actor, project: Project, stage: str, reason: str) -> Project:
    """Go back to `stage` (an earlier one), clearing the actual dates of the stages after it.
    A reason is required and logged."""
    ensure_allowed(actor, "projects.report_project", project)
    if stage not in stages.STAGE_ORDER:
        raise ValidationError({"stage": _("没有这个阶段：%(stage)s。") % {"stage": stage}})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("退回到以前的阶段须说明理由。")})
    if stages.position(stage) >= stages.position(project.stage):
        raise ValidationError(
            {
                "stage": _("只能退回到当前阶段（%(current)s）之前的阶段。")
                % {"current": stages.label(project.stage)}
            }
        )
    clears_inclusion = stages.position(stage) < stages.position(Stage.INCLUDED)
    if (
        clears_inclusion
        and project.included_actual is not None
        and StatisticsInclusion.objects.filter(
            project=project, state=InclusionState.ACCEPTED
        ).exists()
    ):
        raise ValidationError({"stage": _("项目已由统计部门确认纳统，不能退回到纳统之前的阶段。")})
    for later in stages.DATED_STAGES[stages.position(stage) :]:
        setattr(project, f"{later}_actual", None)
    _refresh_stage(project)
    return project_indexed(
        save_with_log(
            actor=actor,
            instance=project,
            verb="project.stage_reverted",
            note=reason,
            visibility=visibility_of(project),
        )
    )
