"""Decomposition pages: the task list and detail, a task by hand or as a sub-item, tasks from
the adopted report, from targets and from referrals, and the 分解表 import and export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts.selectors import supervised_regions
from luoshi.core.downloads import xlsx_download
from luoshi.core.models import Region, Unit
from luoshi.core.selectors import action_log_for_object
from luoshi.core.view_guards import form_errors_from, refusal_messages, signed_in_with
from luoshi.engagement.models import Referral, ReferralStatus
from luoshi.indicators.models import Target
from luoshi.tasks.excel.exporting import tasks_workbook
from luoshi.tasks.forms_tasks import TaskFilterForm, TaskForm
from luoshi.tasks.models import Notice, Task
from luoshi.tasks.page_sections import TASK_DETAIL, built_sections
from luoshi.tasks.selectors import task_queries as queries
from luoshi.tasks.services import decomposition as services
from luoshi.tasks.services import decomposition_sources as sources
from luoshi.tasks.views.instruction_pages import instruction_section

PAGE_SIZE = 50
EXPORT_LIMIT = 5000


def _filters(request: HttpRequest) -> tuple[TaskFilterForm, queries.TaskFilters]:
    form = TaskFilterForm(request.GET or None, units=queries.units_for_user(request.user))
    if not form.is_valid():
        return form, queries.TaskFilters()
    data = form.cleaned_data
    return form, queries.TaskFilters(
        year=data["year"],
        unit=data["unit"],
        status=data["status"],
        colour=data["colour"],
        overdue=data["overdue"],
        due_this_month=data["month"],
        text=data["q"].strip(),
    )


@signed_in_with("tasks.view_task")
def task_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(queries.task_list(filters, request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tasks/task_list.html",
        {"form": form, "page": page, "query_string": query.urlencode()},
    )


@signed_in_with("tasks.view_task")
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = queries.task_get_for_user(user=request.user, task_id=task_id)
    children = list(queries.task_children(task))
    # A unit sees its own part of a task led by others, and the others' parts listed beside
    # it: a link only where the page would open (no link that answers 403).
    viewable = {child.pk for child in children if request.user.has_perm("tasks.view_task", child)}
    parent = task.parent
    return render(
        request,
        "tasks/task_detail.html",
        {
            "task": task,
            "children": children,
            "viewable_children": viewable,
            "parent_viewable": parent is not None
            and request.user.has_perm("tasks.view_task", parent),
            "overdue": queries.is_overdue(task),
            "can_change": request.user.has_perm("tasks.change_task", task),
            "can_delete": request.user.has_perm("tasks.delete_task", task),
            "can_notice": request.user.has_perm("tasks.add_notice", Notice(task=task)),
            "change_log": action_log_for_object(task, viewer=request.user),
            "instructions": instruction_section(request.user, task),
            "sections": built_sections(TASK_DETAIL, task=task, user=request.user),
        },
    )


def _task_input(form: TaskForm, **fixed: Any) -> services.TaskInput:
    data = form.cleaned_data
    return services.TaskInput(
        region=fixed.get("region") or data["region"],
        year=fixed.get("year") or data["year"],
        title=data["title"],
        lead_unit=data["lead_unit"],
        co_units=list(data["co_units"]),
        deadline=data["deadline"],
        deadline_text=data["deadline_text"],
        leader=data["leader"],
        number=data["number"],
        source_text=data["source_text"],
        start_date=data["start_date"],
        cadence=data["cadence"],
        is_public=data["is_public"],
        parent=fixed.get("parent"),
        milestones=[
            services.MilestoneInput(
                q, text, services.quarter_end(fixed.get("year") or data["year"], q)
            )
            for q, text in form.milestone_texts().items()
            if text
        ],
    )


def _units_for(regions: list[Region]) -> QuerySet[Unit]:
    units = Unit.objects.none()
    for region in regions:
        units = units | queries.units_of_region(region)
    return units.select_related("region").order_by("region__code", "sort_order", "name")


@signed_in_with("tasks.add_task")
def task_new(request: HttpRequest) -> HttpResponse:
    regions = supervised_regions(request.user)
    form = TaskForm(request.POST or None, regions=regions, units=_units_for(regions))
    if request.method == "POST" and form.is_valid():
        data = _task_input(form)
        data.number = data.number or services.next_top_number(data.region, data.year)
        try:
            task = services.task_create(actor=request.user, data=data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("任务已建立。"))
            return redirect("tasks:task_detail", task.pk)
    return render(
        request,
        "tasks/task_form.html",
        {"form": form, "heading": _("新建任务")},
        status=400 if form.errors else 200,
    )


@signed_in_with("tasks.add_task")
def task_children_new(request: HttpRequest, task_id: int) -> HttpResponse:
    parent = queries.task_get_for_user(user=request.user, task_id=task_id)
    if not request.user.has_perm("tasks.add_task", parent):
        raise PermissionDenied(_("没有权限为这项任务添加分项。"))
    initial = {
        "number": services.next_child_number(parent),
        "lead_unit": parent.lead_unit_id,
        "co_units": [u.pk for u in parent.co_units.all()],
        "leader": parent.leader,
        "deadline": parent.deadline,
        "deadline_text": parent.deadline_text,
        "source_text": parent.source_text,
        "year": parent.year,
    }
    form = TaskForm(
        request.POST or None,
        initial=initial,
        regions=None,
        units=queries.units_of_region(parent.region),
    )
    if request.method == "POST" and form.is_valid():
        data = _task_input(form, region=parent.region, year=parent.year, parent=parent)
        try:
            task = services.subitem_create(actor=request.user, parent=parent, data=data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("分项已添加。"))
            return redirect("tasks:task_detail", task.pk)
    heading = _("为“%(task)s”添加分项") % {"task": parent}
    return render(
        request,
        "tasks/task_form.html",
        {"form": form, "heading": heading, "parent": parent},
        status=400 if form.errors else 200,
    )


@signed_in_with("tasks.change_task")
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    task = queries.task_get_for_user(user=request.user, task_id=task_id)
    if not request.user.has_perm("tasks.change_task", task):
        raise PermissionDenied(_("没有权限修改这项任务。"))
    initial: dict[str, Any] = {name: getattr(task, name) for name in services.TASK_EDITABLE_FIELDS}
    initial.update(lead_unit=task.lead_unit_id, co_units=[u.pk for u in task.co_units.all()])
    initial["year"] = task.year
    initial.update({f"q{m.quarter}": m.text for m in task.milestones.all()})
    form = TaskForm(
        request.POST or None,
        initial=initial,
        regions=None,
        units=queries.units_of_region(task.region),
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.TASK_EDITABLE_FIELDS}
        try:
            services.task_update(actor=request.user, task=task, changes=changes)
            services.milestones_set(actor=request.user, task=task, texts=form.milestone_texts())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("任务已保存。"))
            return redirect("tasks:task_detail", task.pk)
    heading = _("修改任务")
    return render(
        request,
        "tasks/task_form.html",
        {"form": form, "heading": heading, "task": task},
        status=400 if form.errors else 200,
    )


@require_POST
@signed_in_with("tasks.delete_task")
def task_delete(request: HttpRequest, task_id: int) -> HttpResponse:
    task = queries.task_get_for_user(user=request.user, task_id=task_id)
    try:
        services.task_delete(actor=request.user, task=task)
    except ValidationError as error:
        refusal_messages(request, error)
        return redirect("tasks:task_detail", task.pk)
    messages.success(request, _("任务已删除。"))
    return redirect("tasks:task_list")


# --- from sources --------------------------------------------------------------------------


@signed_in_with("tasks.add_task")
def task_from_targets(request: HttpRequest) -> HttpResponse:
    """The region's targets of a year, each with a lead unit to choose; one task per target."""
    regions = supervised_regions(request.user)
    code = request.GET.get("region") or request.POST.get("region", "")
    region = next((r for r in regions if r.code == code), regions[0] if regions else None)
    raw_year = request.GET.get("year") or request.POST.get("year", "")
    targets = Target.objects.none()
    year = int(raw_year) if raw_year.isdigit() else None
    if region is not None:
        targets = Target.objects.filter(region=region).select_related("indicator", "region")
        if year is None:
            year = max(targets.values_list("year", flat=True), default=None)
        targets = targets.filter(year=year or 0).order_by("indicator__sort_order", "id")
    units = list(queries.units_of_region(region)) if region else []
    rows = list(targets)
    error = ""
    if request.method == "POST" and region is not None:
        by_id = {u.pk: u for u in units}
        chosen = []
        for target in rows:
            unit_id = request.POST.get(f"lead_{target.pk}", "")
            if unit_id.isdigit() and int(unit_id) in by_id:
                chosen.append((target, sources.Assignment(lead_unit=by_id[int(unit_id)])))
        try:
            created = sources.tasks_from_targets(actor=request.user, assignments=chosen)
        except ValidationError as refusal:
            error = "；".join(refusal.messages)
        else:
            messages.success(request, _("已为 %(n)d 个目标建立任务。") % {"n": len(created)})
            return redirect(f"{reverse('tasks:task_list')}?year={year}")
    taken = dict(Task.objects.filter(target__in=rows).values_list("target_id", "pk"))
    context = {
        "regions": regions,
        "region": region,
        "year": year,
        "rows": [(t, sources.target_task_title(t), taken.get(t.pk)) for t in rows],
        "units": units,
        "error": error,
    }
    return render(request, "tasks/task_from_targets.html", context, status=400 if error else 200)


@signed_in_with("tasks.add_task")
def task_from_referral(request: HttpRequest) -> HttpResponse:
    """Open referrals (交办事项) of the user's regions that have no task yet."""
    regions = supervised_regions(request.user)
    referrals = [
        r
        for r in Referral.objects.filter(status=ReferralStatus.OPEN, tasks__isnull=True)
        .select_related("lead_unit__region", "meeting")
        .prefetch_related("units")
        .order_by("deadline", "id")[:300]
        if request.user.has_perm("tasks.add_task", Task(region=r.lead_unit.region))
    ]
    if request.method == "POST":
        referral = next((r for r in referrals if str(r.pk) == request.POST.get("referral")), None)
        if referral is None:
            messages.error(request, _("这项交办事项不存在或已建立任务。"))
        else:
            try:
                task = sources.task_from_referral(actor=request.user, referral=referral)
            except ValidationError as error:
                refusal_messages(request, error)
            else:
                messages.success(request, _("已为交办事项建立任务。"))
                return redirect("tasks:task_detail", task.pk)
    return render(
        request, "tasks/task_from_referral.html", {"referrals": referrals, "regions": regions}
    )


# --- Excel ---------------------------------------------------------------------------------


@signed_in_with("tasks.view_task")
def task_export(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    tasks = list(queries.task_list(filters, request.user)[:EXPORT_LIMIT])
    regions = sorted({t.region.name for t in tasks})
    years = sorted({t.year for t in tasks})
    scope = "、".join(regions[:3]) + "、".join(str(y) for y in years[:3])
    title = f"{scope}年政府工作报告重点任务分解表" if years else "政府工作报告重点任务分解表"
    return xlsx_download(tasks_workbook(title=title, tasks=tasks), "任务分解表.xlsx")


urlpatterns = [
    path("", task_list, name="task_list"),
    path("new/", task_new, name="task_new"),
    path("<int:task_id>/", task_detail, name="task_detail"),
    path("<int:task_id>/edit/", task_edit, name="task_edit"),
    path("<int:task_id>/delete/", task_delete, name="task_delete"),
    path("<int:task_id>/children/new/", task_children_new, name="task_children_new"),
    path("from-targets/", task_from_targets, name="task_from_targets"),
    path("from-referral/", task_from_referral, name="task_from_referral"),
    path("export/", task_export, name="task_export"),
]
