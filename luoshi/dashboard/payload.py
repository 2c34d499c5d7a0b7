"""The dashboard's figures as plain JSON-ready data (the API's answer)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from luoshi.appeals.rates_table import rates_dict
from luoshi.dashboard.appeal_figures import AppealFigures
from luoshi.dashboard.selectors import Bucket, DashboardFigures
from luoshi.indicators.rollup import Rollup
from luoshi.indicators.table_display import target_text
from luoshi.projects.selectors import RateGroup


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _buckets(buckets: list[Bucket]) -> list[dict[str, Any]]:
    return [{"key": b.key, "label": b.label, "count": b.count} for b in buckets]


def _rate_group(group: RateGroup) -> dict[str, Any]:
    rates = group.rates
    return {
        "key": group.key,
        "label": group.label,
        "projects": group.counts.projects,
        "start_rate": _number(rates.start_rate),
        "inclusion_rate": _number(rates.inclusion_rate),
        "investment_rate": _number(rates.investment_rate),
        "investment_gap": _number(rates.investment_gap),
    }


def _rollup_rows(rollup: Rollup) -> list[dict[str, Any]]:
    return [
        {
            "indicator": row.indicator.code,
            "indicator_name": row.indicator.name,
            "metric": row.metric,
            "unit": row.unit,
            "regions": rollup.regions,
            "with_target": row.with_target,
            "target_low": _number(row.target_low),
            "target_high": _number(row.target_high),
            "with_figure": row.with_figure,
            "figure_low": _number(row.figure_low),
            "figure_high": _number(row.figure_high),
            "figure_median": _number(row.figure_median),
            "total": _number(row.total),
            "verdicts": row.verdicts,
        }
        for row in rollup.rows
    ]


def _appeals(figures: AppealFigures | None) -> dict[str, Any] | None:
    if figures is None:
        return None
    return {
        "year": rates_dict(figures.year),
        "month": rates_dict(figures.month),
        "overdue": figures.overdue,
        "due_today": figures.due_today,
    }


def figures_payload(figures: DashboardFigures) -> dict[str, Any]:
    scope = figures.scope
    tasks = figures.tasks
    targets = figures.targets
    projects = figures.projects
    opinions = figures.opinions
    return {
        "region": {"code": scope.region.code, "name": scope.region.name} if scope.region else None,
        "year": scope.year,
        "as_of": figures.today.isoformat(),
        # When they were counted (local time): kept up to 10 minutes (luoshi.core.kept_figures).
        "counted_at": timezone.localtime(figures.computed_at).isoformat(timespec="seconds"),
        "tasks": {
            "total": tasks.total,
            "overdue": tasks.overdue,
            "done": tasks.done,
            "by_status": _buckets(tasks.by_status),
            "by_colour": _buckets(tasks.by_colour),
            "by_unit": [
                {
                    "unit_id": u.unit_id,
                    "name": u.name,
                    "green": u.green,
                    "yellow": u.yellow,
                    "red": u.red,
                    "overdue": u.overdue,
                    "total": u.total,
                }
                for u in tasks.by_unit
            ],
            "unit_count": tasks.unit_count,
        },
        "overdue_tasks": [
            {
                "id": t.pk,
                "number": t.number,
                "title": t.title,
                "lead_unit": t.lead_unit.name,
                "deadline": t.deadline.isoformat(),
                "status": t.status,
                "colour": t.colour,
            }
            for t in figures.overdue
        ],
        "returned_reports": {
            "current": figures.returned.current,
            "returns": figures.returned.returns,
            "items": [
                {
                    "id": r.pk,
                    "task_id": r.task_id,
                    "task_title": r.task.title,
                    "unit": r.unit.name,
                    "period": r.period_label,
                    "returned_count": r.returned_count,
                }
                for r in figures.returned.items
            ],
        },
        "targets": None
        if targets is None
        else {
            "period": targets.period.label if targets.period else None,
            "rows": [
                {
                    "indicator": row.indicator.name,
                    "target": target_text(row) if row.target else None,
                    "value": _number(row.observation.value) if row.observation else None,
                    "unit": row.observation.unit if row.observation else "",
                    "growth": _number(row.observation.growth) if row.observation else None,
                    "completion": _number(row.assessment.completion),
                    "elapsed": _number(row.assessment.elapsed),
                    "status": row.assessment.status_label,
                    "colour": row.assessment.colour,
                }
                for row in targets.rows
            ],
            # A province's or city's sub-regions, indicator by indicator (下级汇总).
            "subregions": [] if targets.rollup is None else _rollup_rows(targets.rollup),
        },
        "subregion_tasks": [
            {
                "region_code": r.region.code,
                "region_name": r.region.name,
                "own": r.own,
                "total": r.total,
                "green": r.green,
                "yellow": r.yellow,
                "red": r.red,
                "overdue": r.overdue,
                "done": r.done,
            }
            for r in figures.subregions
        ],
        "projects": None
        if projects is None
        else {
            "as_of": projects.as_of.isoformat(),
            "elapsed": _number(projects.elapsed),
            "total": _rate_group(projects.total),
            "group_by": projects.group_by,
            "groups": [_rate_group(g) for g in projects.groups],
        },
        "opinions": {
            "report_id": opinions.report.pk if opinions.report else None,
            "total": opinions.total,
            "answered": opinions.answered,
            "by_state": _buckets(opinions.by_state),
        },
        # The scope's appeals (诉求办理) of the year and this month; None without any.
        "appeals": _appeals(figures.appeals),
    }
