"""One project's page, adding and changing projects, and the 纳统 evidence downloads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import is_admin, region_code_lineage, role_grants
from luoshi.core.models import Region, Unit
from luoshi.core.private_files import private_download
from luoshi.core.selectors import action_log_for_object
from luoshi.core.view_guards import form_errors_from, signed_in_with
from luoshi.projects import selectors, services
from luoshi.projects.forms import InclusionDecisionForm, ProjectForm
from luoshi.projects.models import Project
from luoshi.projects.rates import report_month
from luoshi.projects.selectors.scope import region_prefix
from luoshi.projects.views.cooperation_source import cooperation_of, initial_from
from luoshi.tasks.models import Task


def project_row(project: Project, as_of: date) -> selectors.ProjectRow:
    """The project with its figures and colours as of a date (one query)."""
    month = report_month(project.year, as_of.year, as_of.month)
    annotated = (
        selectors.with_figures(Project.objects.filter(pk=project.pk), month)
        .select_related("region", "unit", "inclusion")
        .get()
    )
    book = selectors.PresetBook([project.region.code])
    return selectors.rows_of([annotated], as_of=as_of, book=book)[0]


def detail_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    today = timezone.localdate()
    user = request.user
    return {
        "project": project,
        "row": project_row(project, today),
        "today": today,
        "timeline": selectors.timeline(project, today),
        "investments": selectors.investment_lines(project),
        "inclusion": selectors.inclusion_of(project),
        "problems": selectors.problem_list(project),
        "change_log": action_log_for_object(project, viewer=user),
        "can_report": user.has_perm("projects.report_project", project),
        "can_change": user.has_perm("projects.change_project", project),
        "can_review": user.has_perm("projects.review_inclusion", project),
        "can_accept": user.has_perm("projects.accept_inclusion", project),
        "decision_form": InclusionDecisionForm(),
    }


@signed_in_with("projects.view_project")
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    return render(request, "projects/project_detail.html", detail_context(request, project))


def units_near(region: Region) -> QuerySet[Unit]:
    """Units that may be responsible for a project of `region`: its own, those above it, and
    those of the regions below it."""
    return (
        Unit.objects.filter(
            Q(region__code__in=region_code_lineage(region.code))
            | Q(region__code__startswith=region_prefix(region.code)),
            is_active=True,
        )
        .select_related("region")
        .order_by("region__code", "sort_order", "name")
    )


def _tasks_of(region: Region) -> QuerySet[Task]:
    return Task.objects.filter(region=region, parent__isnull=True).order_by("-year", "order", "id")[
        :500
    ]


def _office_region(request: HttpRequest) -> Region | None:
    """The region a new project belongs to: ?region=, else the user's own office region."""
    code = request.GET.get("region") or request.POST.get("region") or ""
    if not code:
        codes = sorted(c for role, _u, c in role_grants(request.user) if role == Role.SUPERVISOR)
        code = codes[0] if codes else ""
    return Region.objects.filter(code=code).first() if code else None


def _project_input(region: Region, data: dict[str, Any]) -> services.ProjectInput:
    return services.ProjectInput(
        region=region,
        year=data["year"],
        name=data["name"],
        unit=data["unit"],
        total_investment=data["total_investment"],
        annual_plan=data["annual_plan"],
        category=data["category"],
        code=data["code"],
        content=data["content"],
        leader=data["leader"],
        task=data["task"],
        invested_before_year=data["invested_before_year"] or Decimal(0),
        started_planned=data["started_planned"],
        is_public=data["is_public"],
    )


@signed_in_with("projects.add_project")
def project_create(request: HttpRequest) -> HttpResponse:
    cooperation = cooperation_of(request)
    region = cooperation.unit.region if cooperation else _office_region(request)
    if region is not None and not request.user.has_perm("projects.add_project", region):
        raise PermissionDenied(_("没有权限为%(region)s添加项目。") % {"region": region})
    form = None
    if region is not None:
        form = ProjectForm(
            request.POST or None,
            units=units_near(region),
            tasks=_tasks_of(region),
            initial=initial_from(cooperation)
            if cooperation
            else {"year": timezone.localdate().year},
        )
        if request.method == "POST" and form.is_valid():
            data = _project_input(region, form.cleaned_data)
            try:
                project = services.project_create(
                    actor=request.user, data=replace(data, cooperation_item=cooperation)
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("已添加项目“%(name)s”。") % {"name": project.name})
                return redirect("projects:project_detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "region": region,
            "project": None,
            "is_admin": is_admin(request.user),
            "cooperation": cooperation,
        },
        status=400 if form is not None and form.errors else 200,
    )


@signed_in_with("projects.view_project")
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    if not request.user.has_perm("projects.change_project", project):
        raise PermissionDenied(_("没有权限修改此项目。"))
    initial = {
        name: getattr(project, name)
        for name in ProjectForm.base_fields
        if name not in ("unit", "task")
    }
    initial.update({"unit": project.unit_id, "task": project.task_id})
    form = ProjectForm(
        request.POST or None,
        units=units_near(project.region),
        tasks=_tasks_of(project.region),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                data=_project_input(project.region, form.cleaned_data),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("projects:project_detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "region": project.region, "project": project},
        status=400 if form.errors else 200,
    )


@signed_in_with("projects.view_project")
def evidence_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """纳统 evidence is served only to those who may read the project, under the name it was
    uploaded with (Chinese kept)."""
    if kind not in selectors.EVIDENCE_KINDS:
        raise Http404(_("没有这种材料"))
    project = selectors.project_get_for_user(request.user, pk)
    evidence = selectors.evidence_file(selectors.inclusion_of(project), kind)
    if evidence is None:
        raise Http404(_("没有上传这份材料"))
    return private_download(evidence.stored, name=evidence.name, content_type=evidence.content_type)
