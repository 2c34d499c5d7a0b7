"""The year-end loop: a year's figures drafted into the review of next year's report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.models import Region
from luoshi.core.view_guards import signed_in_with
from luoshi.indicators.models import Observation
from luoshi.indicators.review_selectors import review_figures
from luoshi.indicators.review_writing import Sentence, region_word, review_paragraph
from luoshi.reports.models import WorkReport
from luoshi.reports.services import report_create
from luoshi.reports.views import PREFILL_SESSION_KEY


def _region_and_year(request: HttpRequest) -> tuple[Region, int]:
    source = request.POST if request.method == "POST" else request.GET
    code, year = source.get("region", "").strip(), source.get("year", "").strip()
    region = (
        Region.objects.select_related("parent").filter(code=code).first()
        if code.isdigit()
        else None
    )
    if region is None or not year.isdigit() or not 1978 <= int(year) <= 2100:
        raise Http404(_("请指定行政区划代码和年度。"))
    return region, int(year)


def _draft(region: Region, year: int) -> tuple[list[Sentence], list[Observation]]:
    figures = review_figures(region=region, year=year)
    sentences = review_paragraph(
        year, region_word(region.name, region.level), [f for f, _o in figures]
    )
    return sentences, [o for _f, o in figures]


def _source_url(observation: object) -> str:
    version = getattr(observation, "source_version", None)
    anchor = getattr(observation, "source_anchor", "")
    if version is not None and anchor:
        url = reverse("reports:version_detail", args=[version.report_id, version.number])
        return f"{url}#p-{anchor}"
    return reverse("admin:indicators_observation_change", args=[getattr(observation, "pk", 0)])


@signed_in_with("indicators.view_observation")
def review_draft(request: HttpRequest) -> HttpResponse:
    region, year = _region_and_year(request)
    sentences, observations = _draft(region, year)
    sources = {o.pk: _source_url(o) for o in observations}
    return render(
        request,
        "indicators/review_draft.html",
        {
            "region": region,
            "year": year,
            "sentences": sentences,
            "sources": sources,
            "observations": observations,
            "plain_text": "".join(s.text for s in sentences),
            "can_write": request.user.has_perm("reports.add_workreport", region),
        },
    )


@signed_in_with("indicators.view_observation")
@require_POST
def review_to_next_report(request: HttpRequest) -> HttpResponse:
    """Open next year's report (creating it if needed) in the version editor, with the drafted
    review as its first section; the person edits it before saving a version."""
    region, year = _region_and_year(request)
    sentences, _observations = _draft(region, year)
    if len(sentences) <= 1:
        messages.error(request, _("%(year)s年没有全年数据，无法起草回顾。") % {"year": year})
        return redirect(f"{reverse('indicators:review_draft')}?region={region.code}&year={year}")
    report = WorkReport.objects.filter(region=region, year=year + 1).first()
    if report is None:
        try:
            report = report_create(actor=request.user, region=region, year=year + 1)
        except PermissionDenied:
            messages.error(request, _("您不能为这个区划建立报告。"))
            return redirect(
                f"{reverse('indicators:review_draft')}?region={region.code}&year={year}"
            )
    # Report text, not interface: Chinese whatever language the user reads the site in.
    heading = f"一、{year}年工作回顾"
    request.session[PREFILL_SESSION_KEY] = {
        "report_id": report.pk,
        "text": f"{heading}\n{''.join(s.text for s in sentences)}",
    }
    messages.info(request, _("已把回顾段落放入编辑框，请修改后保存为新版本。"))
    return redirect("reports:version_create", report_id=report.pk)
