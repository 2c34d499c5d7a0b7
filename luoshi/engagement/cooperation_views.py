"""Study tours' cooperation items (合作事项): recorded on the meeting by the office, followed by
the responsible unit, listed with their lights, and what each study tour produced
(学习考察成果) for the leaders. Written by `cooperation_services`, read by
`cooperation_selectors`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from luoshi.core.list_pages import kept_filters
from luoshi.core.selectors import action_log_for_object
from luoshi.core.view_guards import form_errors_from, signed_in_with
from luoshi.engagement import cooperation_selectors as reading
from luoshi.engagement import cooperation_services, selectors
from luoshi.engagement.cooperation_forms import CooperationForm, FollowForm
from luoshi.engagement.models import CooperationItem, CooperationStatus, Meeting
from luoshi.engagement.study_tour_models import SETTLED_STATUSES


def _item_or_404(request: HttpRequest, item_id: int) -> CooperationItem:
    try:
        item = reading.cooperation_get(item_id=item_id)
    except CooperationItem.DoesNotExist as error:
        raise Http404(_("没有这项合作事项")) from error
    if not request.user.has_perm("engagement.view_cooperation", item):
        raise Http404(_("没有这项合作事项"))
    return item


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@signed_in_with("engagement.view_cooperation")
def cooperation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = reading.CooperationFilters(
        status=request.GET.get("status", ""),
        colour=request.GET.get("colour", ""),
        unit_id=_number(request.GET.get("unit")),
        meeting_id=_number(request.GET.get("meeting")),
    )
    page = Paginator(reading.cooperation_list(request.user, filters, today), 50).get_page(
        request.GET.get("page")
    )
    for item in page:
        item.light = reading.light(item, today)  # type: ignore[attr-defined]
    return render(
        request,
        "engagement/cooperation_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": CooperationStatus.choices,
            "query_string": kept_filters(request, "status", "colour", "unit", "meeting"),
        },
    )


def _form_page(
    request: HttpRequest, form: CooperationForm, meeting: Meeting, item: CooperationItem | None
) -> HttpResponse:
    return render(
        request,
        "engagement/cooperation_form.html",
        {"form": form, "meeting": meeting, "item": item},
        status=400 if form.errors else 200,
    )


def _input(form: CooperationForm) -> cooperation_services.CooperationInput:
    data = form.cleaned_data
    return cooperation_services.CooperationInput(
        partner=data["partner"],
        content=data["content"],
        unit=data["unit"],
        deadline=data["deadline"],
        next_step=data["next_step"],
        amount=data["amount"],
    )


@signed_in_with("engagement.add_cooperation")
@require_http_methods(["GET", "POST"])
def cooperation_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    try:
        meeting = selectors.meeting_get(meeting_id=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404(_("没有这个会议")) from error
    if not request.user.has_perm("engagement.change_meeting", meeting):
        raise PermissionDenied(_("只有该地区的督查室可以登记这次会议的合作事项。"))
    form = CooperationForm(request.POST or None, units=selectors.referral_units(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            item = cooperation_services.cooperation_create(
                actor=request.user, meeting=meeting, data=_input(form)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("合作事项已登记。"))
            return redirect("engagement:cooperation_detail", item_id=item.pk)
    return _form_page(request, form, meeting, None)


@signed_in_with("engagement.view_cooperation")
@require_http_methods(["GET", "POST"])
def cooperation_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    if not request.user.has_perm("engagement.change_cooperation", item):
        raise PermissionDenied(_("只有督查室可以修改合作事项。"))
    initial: dict[str, Any] = {
        "partner": item.partner,
        "content": item.content,
        "unit": item.unit_id,
        "next_step": item.next_step,
        "deadline": item.deadline,
        "amount": item.amount,
    }
    form = CooperationForm(
        request.POST or None, units=selectors.referral_units(item.meeting), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            cooperation_services.cooperation_update(
                actor=request.user, item=item, data=_input(form)
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("engagement:cooperation_detail", item_id=item.pk)
    return _form_page(request, form, item.meeting, item)


def _detail(
    request: HttpRequest, item: CooperationItem, follow_form: FollowForm | None = None
) -> HttpResponse:
    user = request.user
    may_follow = item.status not in SETTLED_STATUSES and user.has_perm(
        "engagement.follow_cooperation", item
    )
    return render(
        request,
        "engagement/cooperation_detail.html",
        {
            "item": item,
            "light": reading.light(item, timezone.localdate()),
            "updates": item.updates.select_related("written_by"),
            "projects": item.projects.select_related("region"),
            "follow_form": (follow_form or FollowForm(initial={"status": item.status}))
            if may_follow
            else None,
            "may_change": user.has_perm("engagement.change_cooperation", item),
            # A key project of the responsible unit's region (projects' own rule).
            "may_make_project": item.status != CooperationStatus.DROPPED
            and user.has_perm("projects.add_project", item.unit.region),
            "change_log": action_log_for_object(item, viewer=user),
        },
        status=400 if follow_form is not None and follow_form.errors else 200,
    )


@signed_in_with("engagement.view_cooperation")
def cooperation_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    return _detail(request, _item_or_404(request, item_id))


@signed_in_with("engagement.view_cooperation")
@require_POST
def cooperation_follow(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    if not request.user.has_perm("engagement.follow_cooperation", item):
        raise PermissionDenied(_("只有责任单位和督查室可以填写跟进情况。"))
    form = FollowForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            cooperation_services.cooperation_follow(
                actor=request.user,
                item=item,
                text=data["text"],
                status=data["status"],
                next_step=data["next_step"],
                on=data["on"],
                amount=data["amount"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("跟进情况已记录。"))
            return redirect("engagement:cooperation_detail", item_id=item.pk)
    return _detail(request, item, form)


@signed_in_with("engagement.view_study_tours")
def study_tours(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "engagement/study_tours.html",
        {"rows": reading.study_tours(request.user, timezone.localdate())},
    )
