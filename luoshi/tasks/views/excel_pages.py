"""The 分解表 import: upload → preview of what the file changes → one all-or-nothing apply."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi.accounts.selectors import supervised_regions
from luoshi.core.import_preview import (
    RegionImport,
    plan_context,
    preview_context,
    region_import_apply,
    region_import_upload,
    region_job_kind,
)
from luoshi.core.sheet_jobs.kinds import PreviewPage, register
from luoshi.core.view_guards import signed_in_with
from luoshi.tasks.excel.applying import TaskPlan, tasks_apply, tasks_plan
from luoshi.tasks.excel.columns import COLUMNS
from luoshi.tasks.forms_tasks import TaskImportForm


def _preview(region: Any, year: int) -> PreviewPage:
    return PreviewPage(
        title=_("预览：%(region)s%(year)d年分解表") % {"region": region.name, "year": year},
        key_heading=_("序号"),
        apply_url=reverse("tasks:task_import_apply"),
        apply_fields=[("region", region.pk), ("year", year)],
        upload_url=reverse("tasks:task_import"),
    )


def _page(
    request: HttpRequest,
    form: Any,
    result: TaskPlan | None,
    *,
    token: str = "",
    region: Any = None,
    year: int | None = None,
) -> HttpResponse:
    context = {
        **plan_context(result, token=token),
        **preview_context(_preview(region, year) if region and year else None),
        "form": form,
        "columns": COLUMNS,
    }
    refused = result is not None and not result.ok
    return render(request, "tasks/task_import.html", context, status=400 if refused else 200)


def _done(result: TaskPlan, region: Any, year: int) -> tuple[str, str]:
    message = _("分解表已导入：新增 %(added)d 项，修改 %(changed)d 项。") % {
        "added": result.created,
        "changed": result.updated,
    }
    return message, f"{reverse('tasks:task_list')}?{urlencode({'year': year})}"


TASK_IMPORT = RegionImport(
    key="tasks.breakdown",
    plan=tasks_plan,
    apply=tasks_apply,
    upload_form=TaskImportForm,
    page=_page,
    upload_url="tasks:task_import",
    preview=_preview,
    done=_done,
)
register(region_job_kind(TASK_IMPORT, gettext_lazy("导入分解表")))


@signed_in_with("tasks.add_task")
def task_import(request: HttpRequest) -> HttpResponse:
    """Upload: every row judged and matched by 序号; the preview lists what would change."""
    return region_import_upload(request, TASK_IMPORT, supervised_regions(request.user))


@signed_in_with("tasks.add_task")
@require_POST
def task_import_apply(request: HttpRequest) -> HttpResponse:
    """Apply the previewed file: planned again, applied only if the plan is the one shown."""
    return region_import_apply(request, TASK_IMPORT, supervised_regions(request.user))


urlpatterns = [
    path("import/", task_import, name="task_import"),
    path("import/apply/", task_import_apply, name="task_import_apply"),
]
