"""The year-end loop: a year's figures drafted into the review of next year's report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.models import Region
from luoshi.core.view_guards import refusal_messages, signed_in_with
from luoshi.indicators import review_selectors
from luoshi.indicators.models import Observation
from luoshi.indicators.periods import Period
from luoshi.indicators.review_selectors import readable_source_paragraphs, review_figures
from luoshi.indicators.review_services import review_draft_write
from luoshi.indicators.review_writing import (
    FigureInput,
    Piece,
    Sentence,
    region_word,
    review_paragraph,
)
from luoshi.reports.models import VersionKind


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


def _draft(
    region: Region, year: int
) -> tuple[list[Sentence], list[FigureInput], list[Observation]]:
    figures = review_figures(region=region, year=year)
    inputs = [f for f, _o in figures]
    sentences = review_paragraph(year, region_word(region.name, region.level), inputs)
    return sentences, inputs, [o for _f, o in figures]


def _source_url(observation: Observation, region: Region, paragraph_readable: bool) -> str:
    """The paragraph the figure was read from, when the reader may open it; otherwise the
    indicator's page for the region, at the figure's period. Never the admin."""
    version = observation.source_version
    if paragraph_readable and version is not None:
        url = reverse("reports:version_detail", args=[version.report_id, version.number])
        return f"{url}#p-{observation.source_anchor}"
    period = Period(observation.period_kind, observation.period_index)
    url = reverse(
        "indicators:chart_history",
        kwargs={"region_code": region.code, "indicator_code": observation.indicator.code},
    )
    return f"{url}#period-{observation.year}-{period.slug}"


def _peers_url(observation: Observation, region: Region) -> str:
    """The comparison a computed rank was read from: the peers in the same period."""
    period = Period(observation.period_kind, observation.period_index)
    url = reverse(
        "indicators:chart_peers",
        kwargs={"region_code": region.code, "indicator_code": observation.indicator.code},
    )
    return f"{url}?year={observation.year}&period={period.slug}"


def _piece_url(piece: Piece, sources: dict[int, str], peers: dict[int, str]) -> str:
    if piece.observation_id is None:
        return ""
    return (peers if piece.among_peers else sources).get(piece.observation_id, "")


def _back_to_draft(region: Region, year: int) -> str:
    return f"{reverse('indicators:review_draft')}?region={region.code}&year={year}"


@signed_in_with("indicators.view_observation")
def review_draft(request: HttpRequest) -> HttpResponse:
    region, year = _region_and_year(request)
    sentences, inputs, observations = _draft(region, year)
    readable = readable_source_paragraphs(user=request.user, observations=observations)
    sources = {o.pk: _source_url(o, region, o.pk in readable) for o in observations}
    peers = {o.pk: _peers_url(o, region) for o in observations}
    next_report, latest = review_selectors.next_report(region=region, year=year)
    return render(
        request,
        "indicators/review_draft.html",
        {
            "region": region,
            "year": year,
            "next_year": year + 1,
            "sentences": sentences,
            # Each figure with the page it came from; the words between figures without.
            "pieces": [
                (piece.text, _piece_url(piece, sources, peers))
                for sentence in sentences
                for piece in sentence.pieces
            ],
            "partial": [(f.indicator, f.period_label) for f in inputs if f.period_label],
            "next_report": next_report,
            "next_adopted": latest is not None and latest.kind == VersionKind.ADOPTED,
            "can_write": request.user.has_perm("reports.add_workreport", region),
        },
    )


@signed_in_with("indicators.view_observation")
@require_POST
def review_to_next_report(request: HttpRequest) -> HttpResponse:
    """Write the drafted review into next year's report as a new version (creating the report
    and its first draft when missing), then show that version at the paragraph."""
    region, year = _region_and_year(request)
    try:
        written = review_draft_write(actor=request.user, region=region, year=year)
    except PermissionDenied:
        messages.error(request, _("您不能写入这个区划的报告。"))
        return redirect(_back_to_draft(region, year))
    except ValidationError as error:
        refusal_messages(request, error)
        return redirect(_back_to_draft(region, year))
    numbers = {"year": year + 1, "n": written.version.number}
    if written.unchanged:
        messages.info(
            request, _("%(year)s年报告第 %(n)d 版的回顾段落已是最新，没有另建版本。") % numbers
        )
    elif written.replaced:
        messages.success(
            request,
            _("已更新回顾段落，保存为%(year)s年报告第 %(n)d 版（修改前的版本仍保留）。") % numbers,
        )
    else:
        messages.success(request, _("已写入%(year)s年报告第 %(n)d 版的工作回顾部分。") % numbers)
    url = reverse("reports:version_detail", args=[written.report.pk, written.version.number])
    return redirect(f"{url}#p-{written.anchor}")
