"""The page of a large spreadsheet import run by the background worker: its progress while
it runs, then its preview (with the confirmation), its refusal, or — once applied — the page
the import went to. Only the person who uploaded the file sees it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.core.import_preview import preview_context, summary_context
from luoshi.core.sheet_jobs import selectors
from luoshi.core.sheet_jobs.models import SheetJob
from luoshi.core.sheet_jobs.services import sheet_job_settled


def _job(request: HttpRequest, job_id: int) -> SheetJob:
    job = selectors.sheet_job_of(request.user, job_id)
    if job is None:
        raise Http404(_("没有这个导入任务"))
    return sheet_job_settled(job)  # a job whose worker died reads failed, not busy


@login_required
def sheet_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    outcome = selectors.job_outcome(job)
    if outcome["applied"]:
        messages.success(request, outcome["message"])
        return redirect(outcome["url"])
    kind = selectors.job_kind(job)
    page = kind.page(job.params)
    context = {
        "job": job,
        "kind": kind,
        "progress": selectors.job_progress(job),
        **outcome,
        **summary_context(outcome["summary"], token=job.token if outcome["confirmable"] else ""),
        **preview_context(page),
        "filename": job.file_name,
    }
    return render(request, "core/sheet_job.html", context)


@login_required
def sheet_job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar, polled every second; once the job ends the page reloads itself."""
    job = _job(request, job_id)
    response = render(
        request,
        "core/_sheet_job_progress.html",
        {"job": job, "progress": selectors.job_progress(job)},
    )
    if not job.is_busy:
        response["HX-Refresh"] = "true"
    return response
