"""What the responsible unit reports and the office decides: monthly investment, stage dates,
纳统 (report, review, accept, return) and problems (raise, resolve, escalate, reopen)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.view_guards import form_errors_from, refusal_messages, signed_in_with
from luoshi.projects import selectors, services, stages
from luoshi.projects.forms import (
    InclusionDecisionForm,
    InclusionReportForm,
    InvestmentForm,
    ProblemForm,
    ProblemStepForm,
    StageAdvanceForm,
    StagePlanForm,
    StageRevertForm,
)
from luoshi.projects.investment_rules import MonthFigures
from luoshi.projects.models import MonthlyInvestment, Project, ProjectProblem
from luoshi.projects.rates import report_month
from luoshi.projects.views.detail_pages import units_near


def _reportable(request: HttpRequest, pk: int) -> Project:
    project = selectors.project_get_for_user(request.user, pk)
    if not request.user.has_perm("projects.report_project", project):
        raise PermissionDenied(_("只有项目责任单位的联络员、审核人和督查室可以填报。"))
    return project


def _default_month(project: Project) -> int:
    """The month to fill in: the one after the last reported, not past the current month."""
    today = timezone.localdate()
    last = (
        MonthlyInvestment.objects.filter(project=project)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    current = max(1, report_month(project.year, today.year, today.month))
    return min(last + 1, current) if last else current


@signed_in_with("projects.view_project")
def investment_entry(request: HttpRequest, pk: int) -> HttpResponse:
    project = _reportable(request, pk)
    raw_month = request.GET.get("month", "")
    month = int(raw_month) if raw_month.isdigit() and 1 <= int(raw_month) <= 12 else None
    month = month or _default_month(project)
    stored = MonthlyInvestment.objects.filter(project=project, month=month).first()
    initial: dict[str, Any] = {"month": month}
    if stored is not None:
        initial.update(
            planned=stored.planned,
            completed=stored.completed,
            year_to_date=stored.year_to_date,
            since_start=stored.since_start,
            note=stored.note,
        )
    form = InvestmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.investment_record(
                actor=request.user,
                project=project,
                figures=MonthFigures(
                    month=data["month"],
                    completed=data["completed"],
                    planned=data["planned"],
                    year_to_date=data["year_to_date"],
                    since_start=data["since_start"],
                ),
                note=data["note"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已保存%(month)s月投资。") % {"month": data["month"]})
            return redirect(f"{project.get_absolute_url()}#investment")
    return render(
        request,
        "projects/investment_form.html",
        {
            "project": project,
            "form": form,
            "month": month,
            "stored": stored,
            "investments": selectors.investment_lines(project),
        },
        status=400 if form.errors else 200,
    )


@signed_in_with("projects.view_project")
def stage_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a stage's date, plan the stages, or go back to an earlier stage (with reason)."""
    project = _reportable(request, pk)
    action = request.POST.get("action", "")
    planned_initial = {f"{s}_planned": d for s, d in project.stage_dates("planned").items()}
    advance = StageAdvanceForm(request.POST if action == "advance" else None)
    plan = StagePlanForm(request.POST if action == "plan" else None, initial=planned_initial)
    revert = StageRevertForm(request.POST if action == "revert" else None)
    if request.method == "POST":
        form: Any = {"advance": advance, "plan": plan, "revert": revert}.get(action)
        if form is None:
            raise Http404(_("没有这种操作"))
        if form.is_valid():
            data = form.cleaned_data
            fresh = Project.objects.select_related("region", "unit").get(pk=project.pk)
            try:
                if action == "advance":
                    services.stage_advance(
                        actor=request.user,
                        project=fresh,
                        stage=data["stage"],
                        actual_on=data["actual_on"],
                        note=data["note"],
                    )
                elif action == "plan":
                    services.stage_plan(
                        actor=request.user,
                        project=fresh,
                        planned={
                            name.removesuffix("_planned"): value for name, value in data.items()
                        },
                    )
                else:
                    services.stage_revert(
                        actor=request.user,
                        project=fresh,
                        stage=data["stage"],
                        reason=data["reason"],
                    )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    _("已更新阶段：当前为“%(stage)s”。") % {"stage": stages.label(fresh.stage)},
                )
                return redirect(f"{project.get_absolute_url()}#stages")
    return render(
        request,
        "projects/stage_form.html",
        {
            "project": project,
            "timeline": selectors.timeline(project, timezone.localdate()),
            "advance_form": advance,
            "plan_form": plan,
            "revert_form": revert,
        },
        status=400 if any(f.errors for f in (advance, plan, revert)) else 200,
    )


@signed_in_with("projects.view_project")
def inclusion_report(request: HttpRequest, pk: int) -> HttpResponse:
    project = _reportable(request, pk)
    form = InclusionReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inclusion_report(
                actor=request.user,
                project=project,
                evidence=services.Evidence(
                    approval_document=data["approval_document"],
                    contract_or_photos=data["contract_or_photos"],
                    photos_taken_on=data["photos_taken_on"],
                    business_licence=data["business_licence"],
                    note=data["note"],
                ),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已申报纳统，等待部门审核。"))
            return redirect(f"{project.get_absolute_url()}#inclusion")
    return render(
        request,
        "projects/inclusion_form.html",
        {"project": project, "form": form, "inclusion": selectors.inclusion_of(project)},
        status=400 if form.errors else 200,
    )


@require_POST
@signed_in_with("projects.view_project")
def inclusion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    inclusion = selectors.inclusion_of(project)
    if inclusion is None:
        raise Http404(_("此项目还没有纳统申报"))
    form = InclusionDecisionForm(request.POST)
    target = f"{project.get_absolute_url()}#inclusion"
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(target)
    data = form.cleaned_data
    try:
        if data["decision"] == "review":
            services.inclusion_review(actor=request.user, inclusion=inclusion)
            done = _("已审核通过，待统计部门确认。")
        elif data["decision"] == "accept":
            services.inclusion_accept(
                actor=request.user,
                inclusion=inclusion,
                included_on=data["included_on"],
                statistics_code=data["statistics_code"],
            )
            done = _("已确认纳统。")
        else:
            services.inclusion_return(
                actor=request.user, inclusion=inclusion, reason=data["reason"]
            )
            done = _("已退回。")
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, done)
    return redirect(target)


@signed_in_with("projects.view_project")
def problem_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _reportable(request, pk)
    form = ProblemForm(
        request.POST or None, units=units_near(project.region), initial={"unit": project.unit_id}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.problem_create(
                actor=request.user,
                project=project,
                data=services.ProblemInput(
                    category=data["category"],
                    description=data["description"],
                    unit=data["unit"],
                    person=data["person"],
                    deadline=data["deadline"],
                ),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已登记问题。"))
            return redirect(f"{project.get_absolute_url()}#problems")
    return render(
        request,
        "projects/problem_form.html",
        {"project": project, "form": form},
        status=400 if form.errors else 200,
    )


PROBLEM_STEPS: dict[str, tuple[Any, str, Any]] = {
    "resolve": (services.problem_resolve, "resolution", _("已标记为已解决。")),
    "escalate": (services.problem_escalate, "note", _("已提级协调。")),
    "reopen": (services.problem_reopen, "reason", _("已重新打开。")),
}


@require_POST
@signed_in_with("projects.view_project")
def problem_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in PROBLEM_STEPS:
        raise Http404(_("没有这种操作"))
    problem = (
        ProjectProblem.objects.select_related("project__region", "project__unit")
        .filter(pk=pk)
        .first()
    )
    if problem is None:
        raise Http404(_("没有这个问题"))
    project = selectors.project_get_for_user(request.user, problem.project_id)
    service, argument, done = PROBLEM_STEPS[step]
    form = ProblemStepForm(request.POST)
    target = f"{project.get_absolute_url()}#problem-{problem.pk}"
    if not form.is_valid():
        messages.error(request, _("请填写说明。"))
        return redirect(target)
    try:
        service(actor=request.user, problem=problem, **{argument: form.cleaned_data["text"]})
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, str(done))
    return redirect(target)
