"""Report pages: list, create, read a version, write a new version, compare, publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.selectors import action_log_for_object
from luoshi.core.view_guards import form_errors_from, refusal_messages, signed_in_with
from luoshi.reports import diff_notes, selectors, services
from luoshi.reports.forms import ReportForm, VersionForm
from luoshi.reports.models import ReportStatus, ReportVersion, VersionKind, WorkReport
from luoshi.reports.text_layout import join_report_text, split_report_text

# Set by pages that hand text to the version editor (e.g. the year-end review draft).


def _report_or_404(report_id: int) -> WorkReport:
    try:
        return selectors.report_get(report_id=report_id)
    except WorkReport.DoesNotExist as error:
        raise Http404(_("没有这份报告")) from error


def _version_or_404(request: HttpRequest, report: WorkReport, number: int) -> ReportVersion:
    try:
        return selectors.version_get_for_user(user=request.user, report=report, number=number)
    except ReportVersion.DoesNotExist as error:
        raise Http404(_("没有这个版本")) from error


@signed_in_with("reports.view_workreport")
def report_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    reports = selectors.report_list(
        year=int(year) if year.isdigit() else None,
        status=status if status in ReportStatus.values else None,
        region_code=request.GET.get("region", "").strip()[:9] or None,
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports[:200],
            "year": year,
            "status": status,
            "statuses": ReportStatus.choices,
        },
    )


@signed_in_with("reports.add_workreport")
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_create(
                actor=request.user,
                region=data["region_ref"],
                year=data["year"],
                title=data["title"],
                speaker_name=data["speaker_name"],
                speaker_title=data["speaker_title"],
                congress_session=data["congress_session"],
                delivered_on=data["delivered_on"],
            )
        except PermissionDenied:
            form.add_error("region_ref", _("您不能为这个区划建立报告。"))
        else:
            messages.success(request, _("已建立报告，请录入第一个版本。"))
            return redirect("reports:version_create", report_id=report.pk)
    return render(request, "reports/report_form.html", {"form": form})


@signed_in_with("reports.view_workreport")
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_or_404(report_id)
    versions = list(selectors.version_list_for_user(user=request.user, report=report))
    shown = versions[-1] if versions else None
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "versions": versions,
            "version": shown,
            "outline": selectors.version_outline(shown) if shown else [],
            "can_write": request.user.has_perm("reports.add_reportversion", report),
            "can_publish": request.user.has_perm("reports.publish_reportversion", report),
        },
    )


@signed_in_with("reports.view_workreport")
def version_detail(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    report = _report_or_404(report_id)
    version = _version_or_404(request, report, number)
    return render(
        request,
        "reports/version_detail.html",
        {
            "report": report,
            "version": version,
            "outline": selectors.version_outline(version),
            "change_log": action_log_for_object(version, viewer=request.user),
        },
    )


@signed_in_with("reports.view_workreport")
def version_create(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_or_404(report_id)
    if not request.user.has_perm("reports.add_reportversion", report):
        raise PermissionDenied
    based_on = report.versions.order_by("-number").first()
    text = join_report_text(selectors.version_blocks(based_on)) if based_on else ""
    initial = {"kind": VersionKind.REVISED if based_on else VersionKind.DRAFT, "text": text}
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.report_version_create(
                actor=request.user,
                report=report,
                kind=form.cleaned_data["kind"],
                label=form.cleaned_data["label"],
                blocks=split_report_text(form.cleaned_data["text"]),
                based_on=based_on,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已保存为第 %(n)d 版。") % {"n": version.number})
            return redirect("reports:version_detail", report_id=report.pk, number=version.number)
    return render(
        request, "reports/version_form.html", {"report": report, "form": form, "based_on": based_on}
    )


@signed_in_with("reports.view_workreport")
def version_diff(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_or_404(report_id)
    versions = list(selectors.version_list_for_user(user=request.user, report=report))
    if len(versions) < 2:
        messages.info(request, _("至少要有两个版本才能比较。"))
        return redirect("reports:report_detail", report_id=report.pk)
    numbers = [v.number for v in versions]

    def pick(name: str, default: int) -> int:
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() and int(raw) in numbers else default

    new_number = pick("to", numbers[-1])
    old_number = pick(
        "from", numbers[numbers.index(new_number) - 1] if numbers.index(new_number) else numbers[0]
    )
    old = next(v for v in versions if v.number == old_number)
    new = next(v for v in versions if v.number == new_number)
    changes = selectors.version_diff(old, new)
    notes = diff_notes.notes_for(new)
    return render(
        request,
        "reports/version_diff.html",
        {
            "report": report,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": [(change, notes.get(change.anchor, [])) for change in changes],
            "counts": selectors.diff_counts(changes),
        },
    )


@signed_in_with("reports.view_workreport")
@require_POST
def version_publish(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    report = _report_or_404(report_id)
    version = _version_or_404(request, report, number)
    try:
        services.report_version_publish(actor=request.user, version=version)
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(
            request,
            _("第 %(n)d 版（%(kind)s）已发布。")
            % {"n": version.number, "kind": version.get_kind_display()},
        )
    return redirect("reports:report_detail", report_id=report.pk)
