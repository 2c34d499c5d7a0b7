"""Supervision pages: notices (督办单), the honour and warning lists, and messages."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi.core.models import Region
from luoshi.core.selectors import action_log_for_object
from luoshi.core.view_guards import form_errors_from, is_own_url, refusal_messages, signed_in_with
from luoshi.core.widgets import ChineseDateInput
from luoshi.tasks.models import Notice, NoticeColour, NoticeState, Task
from luoshi.tasks.page_sections import RANKING, BuiltSection, built_sections
from luoshi.tasks.selectors import notice_plans as plan_queries
from luoshi.tasks.selectors import supervision_queries as queries
from luoshi.tasks.services import notifications as notification_services
from luoshi.tasks.services import supervision as services
from luoshi.tasks.views.instruction_pages import instruction_section

PAGE_SIZE = 50


class NoticeForm(forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("督办对象"), coerce=int)
    colour = forms.ChoiceField(label=gettext_lazy("督办等级"), choices=NoticeColour.choices)
    reason = forms.CharField(
        label=gettext_lazy("督办事由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    requirement = forms.CharField(
        label=gettext_lazy("办理要求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    due_date = forms.DateField(
        label=gettext_lazy("反馈时限"),
        widget=ChineseDateInput(min_date=timezone.localdate),
    )

    def __init__(self, *args: object, task: Task, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        units = [task.lead_unit, *task.co_units.all()]
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            (unit.pk, _("%(name)s（牵头）") % {"name": unit.name} if i == 0 else unit.name)
            for i, unit in enumerate(units)
        ]
        self.units = {unit.pk: unit for unit in units}


def _task_url(task_id: int) -> str:
    try:
        return reverse("tasks:task_detail", args=[task_id])
    except NoReverseMatch:
        return ""


def _notice_or_404(request: HttpRequest, notice_id: int) -> Notice:
    try:
        notice = queries.notice_get(notice_id=notice_id)
    except Notice.DoesNotExist as error:
        raise Http404(_("没有这份督办单")) from error
    if not request.user.has_perm("tasks.view_notice", notice):
        raise PermissionDenied
    return notice


def _report_errors(request: HttpRequest, error: ValidationError) -> None:
    refusal_messages(request, error)


@signed_in_with("tasks.view_notice")
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = queries.notice_list_for(request.user)
    state = request.GET.get("state", "")
    colour = request.GET.get("colour", "")
    if state in NoticeState.values:
        notices = notices.filter(state=state)
    if colour in NoticeColour.values:
        notices = notices.filter(colour=colour)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    regions = [
        region
        for region in queries.office_regions(request.user)
        if request.user.has_perm("tasks.add_notice", region)
    ]
    query = "&".join(f"{k}={v}" for k, v in (("state", state), ("colour", colour)) if v)
    return render(
        request,
        "tasks/notice_list.html",
        {
            "page": page,
            "states": NoticeState.choices,
            "colours": NoticeColour.choices,
            "state": state,
            "colour": colour,
            "query_string": query,
            "generate_regions": regions,
            "today": timezone.localdate(),
        },
    )


@signed_in_with("tasks.view_notice")
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = _notice_or_404(request, notice_id)
    may_act = request.user.has_perm("tasks.answer_notice", notice)
    may_review = request.user.has_perm("tasks.close_notice", notice)
    return render(
        request,
        "tasks/notice_detail.html",
        {
            "notice": notice,
            "history": queries.notice_history(notice),
            "instructions": instruction_section(request.user, notice),
            "change_log": action_log_for_object(notice, viewer=request.user),
            "task_url": _task_url(notice.task_id),
            "can_receive": may_act and notice.state == NoticeState.ISSUED,
            "can_answer": may_act and notice.state == NoticeState.RECEIVED,
            "can_review": may_review and notice.state == NoticeState.ANSWERED,
            "overdue": notice.state != NoticeState.CLOSED
            and notice.due_date < timezone.localdate(),
        },
    )


@signed_in_with("tasks.add_notice")
def notice_new(request: HttpRequest, task_id: int) -> HttpResponse:
    task = (
        Task.objects.select_related("region", "lead_unit")
        .prefetch_related("co_units")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404(_("没有这项任务"))
    if not request.user.has_perm("tasks.add_notice", Notice(task=task)):
        raise PermissionDenied
    form = NoticeForm(
        request.POST or None,
        task=task,
        initial={
            "unit": task.lead_unit_id,
            "colour": NoticeColour.YELLOW,
            "due_date": timezone.localdate() + dt.timedelta(days=5),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.notice_issue(
                actor=request.user,
                task=task,
                unit=form.units[data["unit"]],
                colour=data["colour"],
                reason=data["reason"],
                requirement=data["requirement"],
                due_date=data["due_date"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已下发督办单%(number)s。") % {"number": notice.number})
            return redirect("tasks:notice_detail", notice_id=notice.pk)
    return render(
        request,
        "tasks/notice_form.html",
        {"task": task, "form": form, "task_url": _task_url(task.pk)},
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _plan_scope(request: HttpRequest, data: Any) -> tuple[Region | None, int | None]:
    """The region (one the user runs supervision for) and year of a plan, from a query or a
    form; the year is left out when not a plain year."""
    offices = queries.office_regions(request.user)
    regions = {str(r.pk): r for r in offices}
    raw_year = str(data.get("year", "")).strip()
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
    raw_region = str(data.get("region", ""))
    if not raw_region and len(offices) == 1:
        return offices[0], year  # one office: no need to choose (a bookmarked plan page)
    return regions.get(raw_region), year


def _plan_url(region: Region, year: int | None) -> str:
    query = {"region": region.pk, **({"year": year} if year is not None else {})}
    return f"{reverse('tasks:notice_plan')}?{urlencode(query)}"


@signed_in_with("tasks.add_notice")
def notice_plan(request: HttpRequest) -> HttpResponse:
    """The preview: what the rules would issue today and why, and what they leave out."""
    region, year = _plan_scope(request, request.GET)
    if region is None:
        messages.error(request, _("请选择地区。"))
        return redirect("tasks:notice_list")
    plan = plan_queries.notice_plan_for_user(user=request.user, region=region, year=year)
    return render(
        request,
        "tasks/notice_plan.html",
        {
            "region": region,
            "year": year,
            "plan": plan,
            "counts": plan.by_colour(),
        },
    )


@signed_in_with("tasks.add_notice")
@require_POST
def notice_generate(request: HttpRequest) -> HttpResponse:
    """Issue what the office ticked in the preview (the plan is computed again)."""
    region, year = _plan_scope(request, request.POST)
    if region is None:
        messages.error(request, _("请选择地区。"))
        return redirect("tasks:notice_list")
    ticked = request.POST.getlist("task")
    if not all(value.isdigit() for value in ticked):
        messages.error(request, _("勾选的内容有误，未下发任何督办单。"))
        return redirect(_plan_url(region, year))
    try:
        result = services.notices_issue_by_rule(
            actor=request.user,
            region=region,
            year=year,
            task_ids=[int(value) for value in ticked],
        )
    except ValidationError as error:
        _report_errors(request, error)
        return redirect(_plan_url(region, year))
    counts = result.by_colour()
    messages.success(
        request,
        _("已按规则下发 %(n)d 份督办单（红色 %(red)d、黄色 %(yellow)d、蓝色 %(blue)d）。")
        % {"n": result.count, **counts},
    )
    if result.no_longer_due:
        messages.warning(
            request,
            _(
                "勾选的 %(n)d 份督办单按最新情况已不需要下发"
                "（已完成、已申请延期或已有督办单），未下发。"
            )
            % {"n": len(result.no_longer_due)},
        )
    return redirect("tasks:notice_list")


def _act(request: HttpRequest, notice_id: int, done: str, action: str) -> HttpResponse:
    notice = _notice_or_404(request, notice_id)
    try:
        if action == "receive":
            services.notice_receive(actor=request.user, notice=notice)
        elif action == "answer":
            services.notice_answer(
                actor=request.user, notice=notice, answer=request.POST.get("answer", "")
            )
        else:
            services.notice_review(
                actor=request.user,
                notice=notice,
                close=request.POST.get("decision") == "close",
                note=request.POST.get("note", ""),
            )
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, done)
    return redirect("tasks:notice_detail", notice_id=notice.pk)


@signed_in_with("tasks.view_notice")
@require_POST
def notice_receive(request: HttpRequest, notice_id: int) -> HttpResponse:
    return _act(request, notice_id, _("已签收。"), "receive")


@signed_in_with("tasks.view_notice")
@require_POST
def notice_answer(request: HttpRequest, notice_id: int) -> HttpResponse:
    return _act(request, notice_id, _("已反馈办理情况。"), "answer")


@signed_in_with("tasks.view_notice")
@require_POST
def notice_review(request: HttpRequest, notice_id: int) -> HttpResponse:
    closing = request.POST.get("decision") == "close"
    return _act(request, notice_id, _("已办结。") if closing else _("已退回重办。"), "review")


@signed_in_with("tasks.view_ranking")
def ranking(request: HttpRequest) -> HttpResponse:
    regions = queries.office_regions(request.user)
    chosen = request.GET.get("region", "")
    region = next((r for r in regions if str(r.pk) == chosen), regions[0] if regions else None)
    today = timezone.localdate()
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else today.year
    raw_quarter = request.GET.get("quarter", "")
    quarter = int(raw_quarter) if raw_quarter in {"1", "2", "3", "4"} else None
    result = None
    sections: list[BuiltSection] = []
    if region is not None:
        if not request.user.has_perm("tasks.view_ranking", region):
            raise PermissionDenied
        result = queries.ranking(region=region, year=year, quarter=quarter, as_of=today)
        sections = built_sections(RANKING, region=region, year=year, quarter=quarter, as_of=today)
    return render(
        request,
        "tasks/ranking.html",
        {
            "regions": regions,
            "region": region,
            "year": year,
            "years": range(today.year + 1, today.year - 5, -1),
            "quarter": quarter,
            "ranking": result,
            "sections": sections,
            "weights": {
                "on_time": queries.WEIGHT_ON_TIME,
                "on_target": queries.WEIGHT_ON_TARGET,
                "returned": queries.PENALTY_RETURNED,
                "overdue": queries.PENALTY_OVERDUE_TASK,
                "red": queries.PENALTY_OPEN_RED,
            },
        },
    )


@signed_in_with("tasks.view_notification")
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = queries.notifications_for(request.user, unread_only=unread_only)
    return render(
        request,
        "tasks/notifications.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "unread_only": unread_only,
            "query_string": "unread=1" if unread_only else "",
        },
    )


@signed_in_with("tasks.view_notification")
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = queries.notification_of(request.user, notification_id)
    if notification is None:
        raise Http404(_("没有这条消息"))
    notification_services.notification_mark_read(actor=request.user, notification=notification)
    target = notification.url
    if request.POST.get("open") and is_own_url(request, target):
        return redirect(target)
    return redirect("tasks:notifications")


@signed_in_with("tasks.view_notification")
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notification_services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": count})
    return redirect("tasks:notifications")


urlpatterns: list[URLPattern] = [
    path("notices/", notice_list, name="notice_list"),
    path("notices/plan/", notice_plan, name="notice_plan"),
    path("notices/generate/", notice_generate, name="notice_generate"),
    path("notices/<int:notice_id>/", notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>/receive/", notice_receive, name="notice_receive"),
    path("notices/<int:notice_id>/answer/", notice_answer, name="notice_answer"),
    path("notices/<int:notice_id>/review/", notice_review, name="notice_review"),
    path("<int:task_id>/notices/new/", notice_new, name="notice_new"),
    path("ranking/", ranking, name="ranking"),
    path("notifications/", notification_list, name="notifications"),
    path("notifications/read-all/", notification_read_all, name="notifications_read_all"),
    path("notifications/<int:notification_id>/read/", notification_read, name="notification_read"),
]
