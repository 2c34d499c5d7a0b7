"""从报告分解: an adopted report's commitments as ready task drafts, and its paragraphs to tick;
either becomes tasks of the report's region with the units chosen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from luoshi.core.view_guards import form_errors_from, signed_in_with
from luoshi.reports.models import WorkReport
from luoshi.tasks.forms_tasks import AssignmentForm, CommitmentDraftsForm
from luoshi.tasks.models import Task
from luoshi.tasks.selectors import task_queries as queries
from luoshi.tasks.selectors.commitment_drafts import commitment_drafts
from luoshi.tasks.services import decomposition_sources as sources
from luoshi.tasks.services.commitment_tasks import CommitmentChoice, tasks_from_commitments


@signed_in_with("tasks.add_task")
def task_from_report(request: HttpRequest) -> HttpResponse:
    """The report's commitments as drafts (one task each, units per row), and its paragraphs
    (one task each, the same units for all)."""
    reports = queries.adopted_reports_for_decomposition(request.user)
    raw = request.GET.get("report") or request.POST.get("report", "")
    report = next((r for r in reports if str(r.pk) == raw), reports[0] if reports else None)
    if report is None:
        return render(request, "tasks/task_from_report.html", {"reports": []})
    version = report.adopted_version
    assert version is not None
    units = queries.units_of_region(report.region)
    # The paragraph form came first and posts without an action; it stays the default.
    action = request.POST.get("action") or ("paragraphs" if request.method == "POST" else "")
    drafts = commitment_drafts(report, units)
    drafts_form = CommitmentDraftsForm(
        request.POST if action == "commitments" else None,
        drafts=drafts,
        units=units,
        year=report.year,
    )
    form = AssignmentForm(request.POST if action == "paragraphs" else None, units=units)
    anchors = request.POST.getlist("anchor")
    if action == "commitments" and drafts_form.is_valid():
        done = _create_from_commitments(request, report, drafts_form)
        if done is not None:
            return done
    if action == "paragraphs" and form.is_valid():
        data = form.cleaned_data
        assignment = sources.Assignment(
            lead_unit=data["lead_unit"],
            co_units=list(data["co_units"]),
            leader=data["leader"],
            deadline=data["deadline"],
        )
        try:
            created = sources.tasks_from_paragraphs(
                actor=request.user, version=version, anchors=anchors, assignment=assignment
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已从报告分解 %(n)d 项任务。") % {"n": len(created)})
            return redirect(f"{reverse('tasks:task_list')}?year={report.year}")
    taken = dict(
        Task.objects.filter(report=report)
        .exclude(source_anchor="")
        .values_list("source_anchor", "pk")
    )
    paragraphs = list(version.paragraphs.select_related("section").order_by("order"))
    return render(
        request,
        "tasks/task_from_report.html",
        {
            "reports": reports,
            "report": report,
            "version": version,
            "paragraphs": [(p, taken.get(p.anchor)) for p in paragraphs],
            "chosen": set(anchors),
            "form": form,
            "drafts_form": drafts_form,
            "done_drafts": [d for d in drafts if d.task_id is not None],
            "chosen_commitments": drafts_form.chosen_ids(),
            "has_units": units.exists(),
        },
    )


def _create_from_commitments(
    request: HttpRequest, report: WorkReport, drafts_form: CommitmentDraftsForm
) -> HttpResponse | None:
    choices = [
        CommitmentChoice(
            commitment=draft.commitment,
            title=row["title"],
            lead_unit=row["lead_unit"],
            deadline=row["deadline"],
            deadline_text=row["deadline_text"],
            source_text=draft.source_text,
        )
        for draft, row in drafts_form.chosen_rows()
    ]
    try:
        created = tasks_from_commitments(actor=request.user, report=report, choices=choices)
    except ValidationError as error:
        form_errors_from(drafts_form, error)
        return None
    messages.success(request, _("已将 %(n)d 项承诺事项建为任务。") % {"n": len(created)})
    return redirect(f"{reverse('tasks:task_list')}?year={report.year}")


urlpatterns = [
    path("from-report/", task_from_report, name="task_from_report"),
]
