"""The leader dashboard page. Thin: `scope` decides what the reader may see, `selectors`
count, `charts` shape the figures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from luoshi.core.view_guards import signed_in_with
from luoshi.dashboard import charts
from luoshi.dashboard.scope import dashboard_scope
from luoshi.dashboard.selectors import dashboard_figures, task_list_url
from luoshi.indicators.table_display import (
    colour_label,
    completion_text,
    plain_number,
    rate_number,
    target_text,
)


@signed_in_with("tasks.view_task")
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = dashboard_scope(
        request.user, region_code=request.GET.get("region"), year=request.GET.get("year")
    )
    today = timezone.localdate()
    figures = dashboard_figures(scope, today)
    target_rows = []
    if figures.targets is not None:
        for row in figures.targets.rows:
            observation = row.observation
            target_rows.append(
                {
                    "row": row,
                    "target": target_text(row),
                    "value": plain_number(observation.value)
                    if observation and observation.value is not None
                    else "",
                    "growth": rate_number(observation.growth)
                    if observation and observation.growth is not None
                    else "",
                    "completion": completion_text(row),
                    "colour_label": colour_label(row.assessment.colour),
                }
            )
    tasks = figures.tasks
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "scope": scope,
            "figures": figures,
            "target_rows": target_rows,
            "years": range(today.year + 1, today.year - 5, -1),
            "all_url": task_list_url(year=scope.year),
            "overdue_url": task_list_url(year=scope.year, overdue=1),
            "unit_rows": [
                {
                    "unit": unit,
                    "url": task_list_url(year=scope.year, unit=unit.unit_id),
                    "red_url": task_list_url(year=scope.year, unit=unit.unit_id, colour="red"),
                    "yellow_url": task_list_url(
                        year=scope.year, unit=unit.unit_id, colour="yellow"
                    ),
                    "green_url": task_list_url(year=scope.year, unit=unit.unit_id, colour="green"),
                    "overdue_url": task_list_url(year=scope.year, unit=unit.unit_id, overdue=1),
                }
                for unit in tasks.by_unit
            ],
            "charts": {
                "chart-status": charts.status_figure(tasks.by_status),
                "chart-colour": charts.colour_figure(tasks.by_colour),
                "chart-units": charts.unit_colour_figure(tasks.by_unit, scope.year),
            }
            if tasks.total
            else {},
        },
    )
