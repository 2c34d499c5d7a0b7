"""未报送: the office's list of expected reports nobody started, and the page a unit opens
(from its 待填报 or a reminder) to start one of them. Thin: the selector defines what is
expected, the service starts the report."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.core.view_guards import refusal_messages, signed_in_with
from luoshi.tasks.models import Cadence, ProgressReport, ReportState, Task
from luoshi.tasks.periods import period_containing
from luoshi.tasks.selectors import expected_reports as expected
from luoshi.tasks.selectors.progress_queries import task_for_progress
from luoshi.tasks.services.missing_reports import progress_start_missing

PAGE_SIZE = 50
TOP_UNITS = 15
YEARS_BACK = 4


def _years(today: dt.date) -> list[int]:
    return list(range(today.year, today.year - YEARS_BACK - 1, -1))


class MissingFilterForm(forms.Form):
    """The list's filters; a value that does not fit is named and left out, never an error
    page."""

    year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int, required=False)
    month = forms.TypedChoiceField(
        label=gettext_lazy("截止月份"),
        coerce=int,
        required=False,
        choices=[("", gettext_lazy("全年"))] + [(m, f"{m}月") for m in range(1, 13)],
    )
    cadence = forms.ChoiceField(
        label=gettext_lazy("报送周期"),
        required=False,
        choices=[("", gettext_lazy("全部周期")), *Cadence.choices],
    )
    unit = forms.IntegerField(
        label=gettext_lazy("单位"), required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in _years(today)]  # type: ignore[attr-defined]


def _filters(request: HttpRequest, today: dt.date) -> tuple[dict[str, Any], list[str]]:
    """The valid filters, and the labels of those that were not valid (ignored)."""
    form = MissingFilterForm(request.GET, today=today)
    form.is_valid()
    ignored = [str(form.fields[name].label) for name in form.errors]
    values = {name: form.cleaned_data.get(name) for name in form.fields}
    return values, ignored


def _window(year: int, month: int | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """Due dates of the year (or its month), up to a few days ahead of today."""
    if month:
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return first, min(last, today + dt.timedelta(days=expected.DAYS_AHEAD))


@signed_in_with("tasks.view_missing_reports")
def missing_report_list(request: HttpRequest) -> HttpResponse:
    """The office's (and leaders') 未报送 list for their regions and below: by unit, task,
    period, due date and days overdue; the units with most missing first."""
    today = timezone.localdate()
    values, ignored = _filters(request, today)
    year = values["year"] or today.year
    first, last = _window(year, values["month"], today)
    scope = expected.ExpectedScope(
        due_from=first,
        due_to=last,
        region_prefixes=expected.oversight_prefixes(request.user),
        cadence=values["cadence"] or None,
    )
    # One statement finds them all (what costs is the expected reports it looks through);
    # the units' tallies and the page come from its rows.
    rows = expected.MissingReports.of(scope, today)
    by_unit = rows.by_unit()
    unit_id = values["unit"]
    if unit_id:
        rows = rows.only_unit(unit_id)
    counted = [row for row in by_unit if row.unit.pk == unit_id] if unit_id else by_unit
    total = len(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {
        "year": year,
        "month": values["month"] or "",
        "cadence": values["cadence"] or "",
        "unit": unit_id or "",
    }
    return render(
        request,
        "tasks/missing_reports.html",
        {
            "page": page,
            "by_unit": by_unit[:TOP_UNITS],
            "units": sorted(by_unit, key=lambda row: row.unit.name),
            "total": total,
            "overdue": sum(row.overdue for row in counted),
            "years": _years(today),
            "months": range(1, 13),
            "cadences": Cadence.choices,
            "chosen": kept,
            "ignored": ignored,
            "window": (first, last),
            "days_ahead": expected.DAYS_AHEAD,
            "query_string": urlencode({k: v for k, v in kept.items() if v}),
        },
    )


def _report_link(report: ProgressReport) -> str:
    if report.state in {ReportState.DRAFT, ReportState.RETURNED}:
        return f"{reverse('tasks:progress_edit', args=[report.task_id])}?report={report.pk}"
    return reverse("tasks:progress_detail", args=[report.pk])


@login_required
def missing_report_start(
    request: HttpRequest, task_id: int, unit_id: int, period: str
) -> HttpResponse:
    """A unit's report on a task for one period, never started: GET shows what is owed,
    POST starts it and opens the form. Once started, both open the report itself."""
    try:
        task = task_for_progress(task_id=task_id)
        period_end = dt.date.fromisoformat(period)
    except (Task.DoesNotExist, ValueError) as error:
        raise Http404(_("没有这份应报的报告")) from error
    unit = next((u for u in [task.lead_unit, *task.co_units.all()] if u.pk == unit_id), None)
    if unit is None:
        raise Http404(_("没有这份应报的报告"))
    if not request.user.has_perm("tasks.add_progressreport", ProgressReport(task=task, unit=unit)):
        raise PermissionDenied
    reporting = period_containing(task.cadence, period_end)
    existing = (
        ProgressReport.objects.filter(
            task=task,
            unit=unit,
            period_end__gte=reporting.start,
            period_end__lte=reporting.end,
        )
        .order_by("-period_end")
        .first()
    )
    if existing is not None:
        return redirect(_report_link(existing))
    today = timezone.localdate()
    if request.method == "POST":
        try:
            report = progress_start_missing(
                actor=request.user, task=task, unit=unit, period_end=period_end, as_of=today
            )
        except ValidationError as error:
            refusal_messages(request, error)
            return redirect("tasks:progress_inbox")
        return redirect(_report_link(report))
    owed = expected.missing_period(task, unit.pk, period_end, today)
    return render(
        request,
        "tasks/missing_report_start.html",
        {
            "task": task,
            "unit": unit,
            "period": owed or reporting,
            "owed": owed is not None,
            "days_overdue": (today - reporting.due).days,
        },
    )


urlpatterns = [
    path("missing-reports/", missing_report_list, name="missing_report_list"),
    path(
        "progress/missing/<int:task_id>/<int:unit_id>/<str:period>/",
        missing_report_start,
        name="missing_report_start",
    ),
]
