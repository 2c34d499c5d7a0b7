"""Public: how a published version of a report changed from the one published before it, with
the public answers that changed a paragraph marked. Only published versions are ever shown, so
a citizen following "查看修改" from the feedback page never meets a sign-in page or a draft."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.engagement.selectors import public_feedback
from luoshi.reports.diff_notes import DiffNote
from luoshi.reports.models import WorkReport
from luoshi.reports.selectors import diff_counts, version_diff


def public_changes(request: HttpRequest, report_id: int) -> HttpResponse:
    report = WorkReport.objects.select_related("region").filter(pk=report_id).first()
    if report is None:
        raise Http404(_("没有这份报告"))
    published = list(report.versions.filter(published_at__isnull=False).order_by("number"))
    if not published:
        raise Http404(_("这份报告还没有公开的版本。"))
    numbers = [v.number for v in published]
    raw = request.GET.get("to", "")
    new = published[numbers.index(int(raw))] if raw.isdigit() and int(raw) in numbers else None
    new = new or published[-1]
    position = published.index(new)
    old = published[position - 1] if position else None
    changes = version_diff(old, new) if old is not None else []
    notes: dict[str, list[DiffNote]] = {}
    feedback_url = reverse("engagement:feedback", args=[report.pk])
    for opinion in public_feedback(report).filter(result_version=new).exclude(result_anchor=""):
        notes.setdefault(opinion.result_anchor, []).append(
            DiffNote(
                str(_("因意见修改")), f"{feedback_url}?opinion={opinion.pk}#opinion-{opinion.pk}"
            )
        )
    return render(
        request,
        "engagement/public_changes.html",
        {
            "report": report,
            "versions": published,
            "old": old,
            "new": new,
            "changes": [(change, notes.get(change.anchor, [])) for change in changes],
            "counts": diff_counts(changes),
        },
    )
