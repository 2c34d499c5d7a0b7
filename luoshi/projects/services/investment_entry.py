"""Monthly investment (月度投资): one service for the form, the API and the Excel import.

The arithmetic — what year to date and since start must be, what a correction moves — is in
`luoshi.projects.investment_rules`; here the stored months are read under a lock, the result is
saved with the log, and a refusal becomes a ValidationError naming the field, in Chinese.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor, save_with_log
from luoshi.core.authorization import ensure_allowed
from luoshi.projects.investment_rules import (
    InvestmentError,
    MonthFigures,
    StoredMonth,
    check_amounts,
    rounded,
    settle,
)
from luoshi.projects.models import MonthlyInvestment, Project
from luoshi.projects.services.logged_writes import visibility_of


def investment_record(
    *,
    actor: Actor,
    project: Project,
    figures: MonthFigures,
    note: str = "",
    today: date | None = None,
) -> MonthlyInvestment:
    """Record (or correct) one month's figures of a project, in the project's year."""
    ensure_allowed(actor, "projects.report_project", project)
    try:
        check_amounts(figures)
    except InvestmentError as error:
        raise ValidationError({error.field: error.message}) from error
    figures = rounded(figures)
    today = today or timezone.localdate()
    if (project.year, figures.month) > (today.year, today.month):
        raise ValidationError(
            {
                "month": _("%(year)s年%(month)s月还没有到，不能填报。")
                % {"year": project.year, "month": figures.month}
            }
        )
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        stored = {row.month: row for row in MonthlyInvestment.objects.filter(project=locked)}
        try:
            settlement = settle(
                figures,
                {
                    month: StoredMonth(month, row.completed, row.year_to_date, row.since_start)
                    for month, row in stored.items()
                },
                locked.invested_before_year,
            )
        except InvestmentError as error:
            raise ValidationError({error.field: error.message}) from error
        visibility = visibility_of(locked)
        if settlement.invested_before_year != locked.invested_before_year:
            locked.invested_before_year = settlement.invested_before_year
            save_with_log(
                actor=actor,
                instance=locked,
                verb="project.carried_over_set",
                visibility=visibility,
            )
            project.invested_before_year = locked.invested_before_year
        row = stored.get(figures.month) or MonthlyInvestment(project=locked, month=figures.month)
        verb = "investment.recorded" if row._state.adding else "investment.corrected"
        row.planned = figures.planned
        row.completed = figures.completed
        row.year_to_date = settlement.year_to_date
        row.since_start = settlement.since_start
        row.note = note.strip()[:200]
        if actor is not None and actor.is_authenticated:
            row.reported_by = actor  # type: ignore[assignment]
        save_with_log(actor=actor, instance=row, verb=verb, visibility=visibility)
        for month, year_to_date, since_start in settlement.shifted:
            later = stored[month]
            later.year_to_date, later.since_start = year_to_date, since_start
            save_with_log(
                actor=actor, instance=later, verb="investment.recomputed", visibility=visibility
            )
    return row
