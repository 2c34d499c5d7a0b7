"""Progress reporting pages: the inbox, the report form (also for correcting a returned
report), a report with its flow actions, change requests and the office's queue of them,
and the office's evaluation run. Thin: services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts.permissions import role_units
from luoshi.core.selectors import action_log_for_object
from luoshi.core.view_guards import (
    form_errors_from,
    redirect_next,
    refusal_messages,
    signed_in_with,
)
from luoshi.tasks.forms_progress import ChangeRequestForm, DecisionForm, ProgressForm, ReturnForm
from luoshi.tasks.models import ChangeRequest, ProgressReport, ReportState, Task
from luoshi.tasks.selectors import progress_queries as queries
from luoshi.tasks.services import attachments, change_requests
from luoshi.tasks.services import progress_flow as flow
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi.tasks.views.instruction_pages import instruction_section

PAGE_SIZE = 50


def _task(request: HttpRequest, task_id: int) -> Task:
    try:
        task = queries.task_for_progress(task_id=task_id)
    except Task.DoesNotExist as error:
        raise Http404(_("没有这项任务")) from error
    if not request.user.has_perm("tasks.view_task", task):
        raise PermissionDenied
    return task


@login_required
def progress_inbox(request: HttpRequest) -> HttpResponse:
    inbox = queries.progress_inbox(request.user, timezone.localdate())
    pending = None
    if request.user.has_perm("tasks.decide_changerequest"):
        pending = queries.change_requests_pending(request.user).count()
    return render(
        request, "tasks/progress_inbox.html", {"inbox": inbox, "pending_requests": pending}
    )


def _writable_units(request: HttpRequest, task: Task) -> list[tuple[int, str]]:
    mine = {unit for role, unit in role_units(request.user) if role in {"liaison", "unit_head"}}
    units = [task.lead_unit, *task.co_units.all()]
    return [(unit.pk, unit.display_name) for unit in units if unit.pk in mine]


def _report_to_revise(request: HttpRequest, task: Task) -> ProgressReport | None:
    """The report named by `?report=` (a returned report's link opens it), if the user may
    write it."""
    raw = request.GET.get("report", "")
    if not raw:
        return None
    if not (raw.isdigit() and len(raw) <= 12):
        raise Http404(_("没有这份进展报告"))
    try:
        report = queries.progress_report_get(report_id=int(raw))
    except ProgressReport.DoesNotExist as error:
        raise Http404(_("没有这份进展报告")) from error
    if report.task_id != task.pk:
        raise Http404(_("没有这份进展报告"))
    if not request.user.has_perm("tasks.add_progressreport", report):
        raise PermissionDenied
    return report


@login_required
def progress_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    """The unit's report for this period, prefilled from its last report (report once); with
    `?report=`, that draft or returned report, of whatever period, corrected in place."""
    task = _task(request, task_id)
    revising = _report_to_revise(request, task)
    if revising is not None:
        if revising.state not in {ReportState.DRAFT, ReportState.RETURNED}:
            messages.info(
                request,
                _("这份报告当前为“%(state)s”，无需修改。")
                % {"state": revising.get_state_display()},
            )
            return redirect("tasks:progress_detail", revising.pk)
        units = [(revising.unit_id, revising.unit.display_name)]
        unit_id = revising.unit_id
        last: ProgressReport | None = revising
    else:
        units = _writable_units(request, task)
        if not units:
            raise PermissionDenied
        asked = request.GET.get("unit", "")
        unit_id = next((pk for pk, _name in units if str(pk) == asked), units[0][0])
        last = queries.last_report(task, unit_id)
    initial: dict[str, Any] = {"unit": unit_id}
    if last is not None:
        initial.update(
            progress=last.progress,
            problems=last.problems,
            next_steps=last.next_steps,
            percent=last.percent,
        )
    form = ProgressForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = next(
            u for u in [task.lead_unit, *task.co_units.all()] if u.pk == form.cleaned_data["unit"]
        )
        data = flow.ProgressInput(
            progress=form.cleaned_data["progress"],
            problems=form.cleaned_data["problems"],
            next_steps=form.cleaned_data["next_steps"],
            percent=form.cleaned_data["percent"],
            claims_done=form.cleaned_data["claims_done"],
        )
        submit = "submit" in request.POST

        def write() -> ProgressReport:
            if revising is not None:
                return flow.progress_revise(
                    actor=request.user, report=revising, data=data, submit=submit
                )
            return flow.progress_save(
                actor=request.user, task=task, unit=unit, data=data, submit=submit
            )

        try:
            # The report and its files are written together, or neither.
            report = attachments.progress_write_with_attachments(
                actor=request.user, uploads=form.cleaned_data["attachments"], write=write
            )
        except attachments.AttachmentsRefused as refusal:
            for message in refusal.messages:
                form.add_error("attachments", message)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("已报送，等待单位负责人审签。") if submit else _("草稿已保存。")
            )
            return redirect("tasks:progress_detail", report.pk)
    return render(
        request,
        "tasks/progress_edit.html",
        {
            "task": task,
            "form": form,
            "last": last,
            "revising": revising,
            "returned": last if last and last.state == ReportState.RETURNED else None,
        },
        status=400 if form.errors else 200,
    )


def _report(request: HttpRequest, report_id: int) -> ProgressReport:
    try:
        report = queries.progress_report_get(report_id=report_id)
    except ProgressReport.DoesNotExist as error:
        raise Http404(_("没有这份进展报告")) from error
    if not request.user.has_perm("tasks.view_progressreport", report):
        raise PermissionDenied
    return report


@login_required
def progress_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    user = request.user
    state = report.state
    is_lead = report.unit_id == report.task.lead_unit_id
    may_consolidate = user.has_perm("tasks.consolidate_progressreport", report)
    actions = {
        "sign": state == ReportState.SUBMITTED
        and user.has_perm("tasks.sign_progressreport", report),
        "consolidate": state == ReportState.SIGNED and is_lead and may_consolidate,
        "approve": state == ReportState.CONSOLIDATED
        and is_lead
        and user.has_perm("tasks.review_task", report.task),
        "edit": state in {ReportState.DRAFT, ReportState.RETURNED}
        and user.has_perm("tasks.add_progressreport", report),
    }
    actions["return"] = (
        (state == ReportState.SUBMITTED and actions["sign"])
        or (state == ReportState.SIGNED and not is_lead and may_consolidate)
        or (
            state in {ReportState.SIGNED, ReportState.CONSOLIDATED}
            and user.has_perm("tasks.review_task", report.task)
        )
    )
    return render(
        request,
        "tasks/progress_detail.html",
        {
            "report": report,
            "actions": actions,
            "return_form": ReturnForm(),
            "change_log": action_log_for_object(report, viewer=user),
            "instructions": instruction_section(user, report),
        },
    )


@require_POST
@login_required
def progress_action(request: HttpRequest, report_id: int, action: str) -> HttpResponse:
    report = _report(request, report_id)
    done = {
        "submit": _("已报送。"),
        "sign": _("已审签。"),
        "consolidate": _("已汇总报送督查室。"),
        "approve": _("已审核通过。"),
        "return": _("已退办。"),
    }
    if action not in done:
        raise Http404
    try:
        if action == "submit":
            flow.progress_submit(actor=request.user, report=report)
        elif action == "sign":
            flow.progress_sign(actor=request.user, report=report)
        elif action == "consolidate":
            flow.progress_consolidate(actor=request.user, report=report)
        elif action == "approve":
            flow.progress_approve(actor=request.user, report=report)
        else:
            flow.progress_return(
                actor=request.user, report=report, reason=request.POST.get("reason", "")
            )
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, done[action])
    return redirect("tasks:progress_detail", report.pk)


@login_required
def change_request_new(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task(request, task_id)
    if not request.user.has_perm("tasks.add_changerequest", task):
        raise PermissionDenied
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_requests.change_request_create(
                actor=request.user, task=task, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("申请已提交，等待审批。"))
            return redirect("tasks:task_detail", task.pk)
    return render(request, "tasks/progress_change_request.html", {"task": task, "form": form})


@signed_in_with("tasks.decide_changerequest")
def change_request_queue(request: HttpRequest) -> HttpResponse:
    """The office's (and leaders') queue of pending extension and adjustment requests."""
    rows = queries.change_requests_pending(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tasks/change_request_queue.html", {"page": page})


@require_POST
@login_required
def change_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        change = queries.change_request_get(request_id=request_id)
    except ChangeRequest.DoesNotExist as error:
        raise Http404(_("没有这份申请")) from error
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审批结果。"))
    else:
        approve = form.cleaned_data["approve"]
        try:
            change_requests.change_request_decide(
                actor=request.user,
                request=change,
                approve=approve,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("已同意该申请。") if approve else _("已审批：不同意。"))
    return redirect_next(request, "tasks:task_detail", change.task_id)


@require_POST
@login_required
def evaluate_now(request: HttpRequest) -> HttpResponse:
    """The office re-evaluates every task it supervises as of today (the daily job does
    the same at night)."""
    if not request.user.has_perm("tasks.review_task"):
        raise PermissionDenied
    changed, recoloured = 0, 0
    for region in queries.supervised_regions(request.user):
        counts = tasks_evaluate(actor=request.user, as_of=timezone.localdate(), region=region)
        changed, recoloured = changed + counts[0], recoloured + counts[1]
    messages.success(
        request,
        _("已重新评估：%(changed)d 项任务状态更新，%(recoloured)d 项颜色变化。")
        % {"changed": changed, "recoloured": recoloured},
    )
    return redirect_next(request, "tasks:progress_inbox")


urlpatterns = [
    path("progress/", progress_inbox, name="progress_inbox"),
    path("<int:task_id>/progress/", progress_edit, name="progress_edit"),
    path("progress/<int:report_id>/", progress_detail, name="progress_detail"),
    path("progress/<int:report_id>/<str:action>/", progress_action, name="progress_action"),
    path("<int:task_id>/change-requests/new/", change_request_new, name="change_request_new"),
    path("change-requests/", change_request_queue, name="change_request_queue"),
    path(
        "change-requests/<int:request_id>/decide/",
        change_request_decide,
        name="change_request_decide",
    ),
    path("evaluate/", evaluate_now, name="evaluate"),
]
