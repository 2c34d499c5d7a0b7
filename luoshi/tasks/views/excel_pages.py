"""The 分解表 import: upload → preview of what the file changes → one all-or-nothing apply."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts.selectors import supervised_regions
from luoshi.core.import_preview import RegionApplyForm, held_owner, plan_context
from luoshi.core.spreadsheets import held
from luoshi.core.spreadsheets.outcome import PlanChanged
from luoshi.core.view_guards import signed_in_with
from luoshi.tasks.excel.applying import TaskPlan, tasks_apply, tasks_plan
from luoshi.tasks.excel.columns import COLUMNS
from luoshi.tasks.forms_tasks import TaskImportForm


def _page(
    request: HttpRequest,
    form: Any,
    result: TaskPlan | None,
    *,
    token: str = "",
    region: Any = None,
    year: int | None = None,
) -> HttpResponse:
    title = ""
    if region is not None and year is not None:
        title = _("预览：%(region)s%(year)d年分解表") % {"region": region.name, "year": year}
    context = {
        **plan_context(result, token=token),
        "form": form,
        "preview_title": title,
        "key_heading": _("序号"),
        "apply_url": reverse("tasks:task_import_apply"),
        "apply_fields": [("region", region.pk), ("year", year)] if region else [],
        "columns": COLUMNS,
    }
    refused = result is not None and not result.ok
    return render(request, "tasks/task_import.html", context, status=400 if refused else 200)


@signed_in_with("tasks.add_task")
def task_import(request: HttpRequest) -> HttpResponse:
    """Upload: every row judged and matched by 序号; the preview lists what would change."""
    regions = supervised_regions(request.user)
    form = TaskImportForm(request.POST or None, request.FILES or None, regions=regions)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form, None)
    data = form.cleaned_data["file"].read()
    region, year = form.cleaned_data["region"], form.cleaned_data["year"]
    result = tasks_plan(actor=request.user, data=data, region=region, year=year)
    token = held.hold(held_owner(request), data) if result.ok and result.plan.has_work else ""
    return _page(request, form, result, token=token, region=region, year=year)


@signed_in_with("tasks.add_task")
@require_POST
def task_import_apply(request: HttpRequest) -> HttpResponse:
    """Apply the previewed file: planned again, applied only if the plan is the one shown."""
    regions = supervised_regions(request.user)
    form = RegionApplyForm(request.POST, regions=regions)
    upload_form = TaskImportForm(regions=regions)
    if not form.is_valid():
        messages.error(request, _("预览信息不完整，请重新上传文件。"))
        return redirect("tasks:task_import")
    token = form.cleaned_data["token"]
    region, year = form.cleaned_data["region"], form.cleaned_data["year"]
    data = held.fetch(held_owner(request), token)
    if data is None:
        messages.error(request, _("预览已过期或文件已导入，请重新上传。"))
        return redirect("tasks:task_import")
    try:
        result = tasks_apply(
            actor=request.user,
            data=data,
            region=region,
            year=year,
            digest=form.cleaned_data["digest"],
        )
    except PlanChanged as error:
        messages.warning(request, "；".join(error.messages))
        result = tasks_plan(actor=request.user, data=data, region=region, year=year)
        return _page(request, upload_form, result, token=token, region=region, year=year)
    if not result.ok:
        return _page(request, upload_form, result, region=region, year=year)
    held.release(held_owner(request), token)
    messages.success(
        request,
        _("分解表已导入：新增 %(added)d 项，修改 %(changed)d 项。")
        % {"added": result.created, "changed": result.updated},
    )
    return redirect(f"{reverse('tasks:task_list')}?{urlencode({'year': year})}")


urlpatterns = [
    path("import/", task_import, name="task_import"),
    path("import/apply/", task_import_apply, name="task_import_apply"),
]
