"""Consultation (public), opinion triage and answers (staff), meetings."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.client_address import client_address
from luoshi.core.models import Unit
from luoshi.core.page_sections import built_sections
from luoshi.core.public_limits import SubmissionsTooFrequent
from luoshi.core.selectors import action_log_for_object
from luoshi.core.view_guards import form_errors_from, refusal_messages, signed_in_with
from luoshi.engagement import selectors, services
from luoshi.engagement.cooperation_selectors import meeting_cooperation
from luoshi.engagement.forms import (
    AnswerForm,
    MeetingFilesForm,
    OpinionRecordForm,
    PublicOpinionForm,
    ReferralForm,
    split_topics,
)
from luoshi.engagement.models import AnswerState, Channel, Meeting, MeetingKind, Opinion, Referral
from luoshi.engagement.page_sections import MEETING_DETAIL
from luoshi.engagement.suggestion_views import hand_form_for
from luoshi.reports.models import ReportVersion, WorkReport
from luoshi.reports.selectors import version_outline

FEEDBACK_PAGE_SIZE = 50


def _report_or_404(report_id: int) -> WorkReport:
    report = WorkReport.objects.select_related("region__parent").filter(pk=report_id).first()
    if report is None:
        raise Http404(_("没有这份报告"))
    return report


def consult(request: HttpRequest, report_id: int) -> HttpResponse:
    """The draft put out for comments, open to everyone: select a passage, write an opinion."""
    report = _report_or_404(report_id)
    version = selectors.consultation_version(report)
    form = PublicOpinionForm(request.POST or None)
    too_frequent = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        passage = services.Passage(
            version=version if data["anchor"] else None,
            anchor=data["anchor"] or "",
            start=data["start"],
            end=data["end"],
            quote=data["quote"] or "",
        )
        try:
            services.opinion_submit_public(
                report=report,
                text=data["text"],
                passage=passage,
                author_name=data["author_name"],
                author_sector=data["author_sector"],
                contact=data["contact"],
                client_key=client_address(request),
                submitted_by=request.user,
            )
        except ValidationError as error:
            form_errors_from(form, error)
            too_frequent = isinstance(error, SubmissionsTooFrequent)
        else:
            messages.success(request, _("感谢您的意见！我们会认真研究，答复将在意见反馈页公布。"))
            return redirect(reverse("engagement:consult", args=[report.pk]) + "#opinion-form")
    response = render(
        request,
        "engagement/consult.html",
        {
            "report": report,
            "version": version,
            "outline": version_outline(version) if version else [],
            "form": form,
            "counts": selectors.opinions_by_anchor(report),
        },
        # A refused submission says so in the status too, for scripts and tests.
        status=429 if too_frequent else 400 if request.method == "POST" and form.errors else 200,
    )
    if too_frequent:
        response["Retry-After"] = str(SubmissionsTooFrequent.retry_after_seconds)
    return response


def feedback(request: HttpRequest, report_id: int) -> HttpResponse:
    """Public: what was said, what was answered, what changed — only what staff made public."""
    report = _report_or_404(report_id)
    page_number: int | str | None = request.GET.get("page")
    opinion_id = request.GET.get("opinion", "")
    if opinion_id.isdigit():  # a link to one answer opens the page that holds it
        position = selectors.public_feedback_position(report, int(opinion_id))
        page_number = position // FEEDBACK_PAGE_SIZE + 1 if position is not None else 1
    page = Paginator(selectors.public_feedback(report), FEEDBACK_PAGE_SIZE).get_page(page_number)
    return render(
        request,
        "engagement/feedback.html",
        {
            "report": report,
            "opinions": page,
            "page": page,
            "labels": selectors.state_labels(report.region),
            "stats": selectors.opinion_stats(report),
        },
    )


@signed_in_with("engagement.view_opinion_list")
def opinion_list(request: HttpRequest) -> HttpResponse:
    scope = selectors.opinion_scope(request.user)
    visible = WorkReport.objects.select_related("region").order_by("-year", "region__code")
    if scope is not None:
        in_scope = Q(pk__in=[])
        for prefix in scope:
            in_scope |= Q(region__code__startswith=prefix)
        visible = visible.filter(in_scope)
    reports = list(visible[:50])
    raw_report = request.GET.get("report", "")
    report = next((r for r in reports if str(r.pk) == raw_report), reports[0] if reports else None)
    state = request.GET.get("state", "")
    channel = request.GET.get("channel", "")
    filters = selectors.OpinionFilters(
        report_id=report.pk if report else None,
        state=state if state in AnswerState.values else None,
        channel=channel if channel in Channel.values else None,
        sector=request.GET.get("sector", "").strip()[:50] or None,
        topic=request.GET.get("topic", "").strip()[:20] or None,
        query=request.GET.get("q", "").strip()[:50] or None,
        scope_prefixes=scope,
    )
    page = Paginator(selectors.opinion_list(filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/opinion_list.html",
        {
            "reports": reports,
            "report": report,
            "page": page,
            "filters": filters,
            "stats": selectors.opinion_stats(report) if report else None,
            "labels": selectors.state_labels(report.region) if report else {},
            "channels": Channel.choices,
        },
    )


def _opinion_for(request: HttpRequest, opinion_id: int) -> Opinion:
    try:
        opinion = selectors.opinion_get(opinion_id=opinion_id)
    except Opinion.DoesNotExist as error:
        raise Http404(_("没有这条意见")) from error
    if not request.user.has_perm("engagement.view_opinion", opinion):
        raise PermissionDenied
    return opinion


def _public_opinion_redirect(request: HttpRequest, opinion_id: int) -> HttpResponse | None:
    """Someone who may not read the staff record of an opinion, but may read its public
    answer (a search hit, a shared link), is sent to where the answer is published."""
    opinion = selectors.public_opinion(opinion_id=opinion_id)
    if (
        opinion is None
        or request.method != "GET"
        or request.user.has_perm("engagement.view_opinion", opinion)
    ):
        return None
    feedback = reverse("engagement:feedback", args=[opinion.report_id])
    return redirect(f"{feedback}?opinion={opinion.pk}#opinion-{opinion.pk}")


@login_required
def opinion_detail(request: HttpRequest, opinion_id: int) -> HttpResponse:
    public = _public_opinion_redirect(request, opinion_id)
    if public is not None:
        return public
    opinion = _opinion_for(request, opinion_id)
    labels = selectors.state_labels(opinion.report.region)
    can_answer = request.user.has_perm("engagement.answer_opinion", opinion)
    office = request.user.has_perm("engagement.triage_opinion", opinion)
    form = AnswerForm(
        request.POST or None,
        labels=labels,
        office=office,
        initial={
            "state": opinion.state if opinion.state != AnswerState.PENDING else AnswerState.ADOPTED,
            "reply": opinion.reply,
            "category": opinion.category,
            "is_public": opinion.is_public,
            "topics": "、".join(opinion.topics),
        },
    )
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    if office:
                        services.opinion_triage(
                            actor=request.user,
                            opinion=opinion,
                            topics=split_topics(data["topics"]),
                            unit=opinion.unit,
                        )
                    services.opinion_answer(
                        actor=request.user,
                        opinion=opinion,
                        state=data["state"],
                        reply=data["reply"],
                        category=data["category"],
                        is_public=data["is_public"] if office else opinion.is_public,
                    )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("已答复。"))
                return redirect("engagement:opinion_detail", opinion_id=opinion.pk)
    versions = list(selectors.later_versions(opinion))
    return render(
        request,
        "engagement/opinion_detail.html",
        {
            "opinion": opinion,
            "labels": labels,
            "form": form,
            "can_answer": can_answer,
            "office": office,
            "hand_form": hand_form_for(request.user, opinion),
            "can_see_contact": request.user.has_perm("engagement.view_opinion_contact", opinion),
            "change_log": action_log_for_object(opinion, viewer=request.user),
            "versions": versions,
            "quoted": selectors.paragraph_in(opinion.version, opinion.anchor)
            if opinion.version
            else None,
            "changed": selectors.paragraph_in(opinion.result_version, opinion.result_anchor)
            if opinion.result_version
            else None,
            "candidates": [
                (v, list(v.paragraphs.order_by("order").values_list("anchor", "text")))
                for v in versions[-1:]
            ],
        },
        status=400 if request.method == "POST" else 200,  # a saved answer redirects
    )


@login_required
@require_POST
def opinion_link_change(request: HttpRequest, opinion_id: int) -> HttpResponse:
    opinion = _opinion_for(request, opinion_id)
    version = ReportVersion.objects.filter(
        report=opinion.report, number=request.POST.get("version") or 0
    ).first()
    if version is None:
        messages.error(request, _("请选择修改后的版本。"))
        return redirect("engagement:opinion_detail", opinion_id=opinion.pk)
    try:
        services.opinion_link_change(
            actor=request.user,
            opinion=opinion,
            version=version,
            anchor=request.POST.get("anchor", ""),
        )
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("已记录因这条意见修改的段落。"))
    return redirect("engagement:opinion_detail", opinion_id=opinion.pk)


@signed_in_with("engagement.add_opinion")
def opinion_new(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_or_404(report_id)
    form = OpinionRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opinion = services.opinion_record(
                actor=request.user,
                report=report,
                channel=data["channel"],
                text=data["text"],
                author_name=data["author_name"],
                author_sector=data["author_sector"],
                contact=data["contact"],
                topics=split_topics(data["topics"]),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("意见已录入。"))
            return redirect("engagement:opinion_detail", opinion_id=opinion.pk)
    return render(request, "engagement/opinion_form.html", {"report": report, "form": form})


@signed_in_with("engagement.view_meeting")
def meeting_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    meetings = selectors.meeting_list(kind=kind if kind in MeetingKind.values else None)
    return render(
        request,
        "engagement/meeting_list.html",
        {
            "page": Paginator(meetings, 50).get_page(request.GET.get("page")),
            "kinds": MeetingKind.choices,
            "kind": kind,
        },
    )


def _meeting_or_404(meeting_id: int) -> Meeting:
    try:
        return selectors.meeting_get(meeting_id=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404(_("没有这个会议")) from error


@signed_in_with("engagement.view_meeting")
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return meeting_page(request, _meeting_or_404(meeting_id))


def meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    files_form: MeetingFilesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The meeting's page; with the files form as sent when an upload was refused."""
    probe = Referral(lead_unit=Unit(region=meeting.region)) if meeting.region else None
    can_refer = request.user.has_perm("engagement.add_referral", probe)
    can_change = request.user.has_perm("engagement.change_meeting", meeting)
    return render(
        request,
        "engagement/meeting_detail.html",
        {
            "meeting": meeting,
            "can_refer": can_refer,
            "files": selectors.meeting_files(meeting),
            "can_change_files": can_change,
            "files_form": (files_form or MeetingFilesForm()) if can_change else None,
            "change_log": action_log_for_object(meeting, viewer=request.user),
            "sections": built_sections(MEETING_DETAIL, meeting=meeting, user=request.user),
            "cooperation": meeting_cooperation(meeting, request.user),
            "can_add_cooperation": can_change
            and request.user.has_perm("engagement.add_cooperation", meeting),
        },
        status=status,
    )


@signed_in_with("engagement.view_meeting")
def instruction_refer(request: HttpRequest, meeting_id: int, ordinal: int) -> HttpResponse:
    """Refer (交办) one numbered instruction: a lead unit, co-units and a deadline, on a page of
    its own (the meeting's page stays light however many units the region has)."""
    meeting = _meeting_or_404(meeting_id)
    instruction = next((i for i in meeting.instructions.all() if i.ordinal == ordinal), None)
    if instruction is None:
        raise Http404(_("没有这条指示要求"))
    probe = Referral(lead_unit=Unit(region=meeting.region)) if meeting.region else None
    if not request.user.has_perm("engagement.add_referral", probe):
        raise PermissionDenied(_("没有权限交办这条指示要求。"))
    earlier = list(instruction.referrals.all())
    form = ReferralForm(
        request.POST or None,
        units=selectors.referral_units(meeting),
        referred=bool(earlier),
        initial={"deadline": timezone.localdate() + timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(
                actor=request.user,
                summary=instruction.text,
                units=form.units(),
                deadline=form.cleaned_data["deadline"],
                instruction=instruction,
                again=bool(form.cleaned_data.get("again")),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已交办第 %(n)d 条。") % {"n": ordinal})
            return redirect("engagement:meeting_detail", meeting_id=meeting.pk)
    return render(
        request,
        "engagement/referral_form.html",
        {"meeting": meeting, "instruction": instruction, "form": form, "earlier": earlier},
        status=400 if form.errors else 200,
    )
