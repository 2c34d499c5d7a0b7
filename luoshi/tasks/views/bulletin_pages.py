"""Documents the office sends: the monthly 督查通报 and quarterly 季度总结 (drafted from the
data, edited, issued, printed) and the printable 督办单. Thin: the selectors read the
figures and the scope, `services.bulletins` writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi.core.models import Region
from luoshi.core.selectors import action_log_for_object
from luoshi.core.view_guards import form_errors_from, refusal_messages, signed_in_with
from luoshi.tasks.bulletin_words import SECTION_WORDS
from luoshi.tasks.models import BulletinKind, BulletinState, NoticeStep, SupervisionBulletin
from luoshi.tasks.models.bulletins import FIRST_YEAR, LAST_YEAR
from luoshi.tasks.selectors import bulletin_figures as queries
from luoshi.tasks.selectors import supervision_queries
from luoshi.tasks.services import bulletins as services

PAGE_SIZE = 30
PERIOD_ERROR = gettext_lazy("期间应为 1 到 12 之间的整数（季度总结为 1 到 4）。")
YEAR_ERROR = gettext_lazy("年度应为 2000 到 2100 之间的整数。")


class BulletinDraftForm(forms.Form):
    region = forms.TypedChoiceField(label=gettext_lazy("地区"), coerce=int)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=BulletinKind.choices)
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"invalid": YEAR_ERROR, "min_value": YEAR_ERROR, "max_value": YEAR_ERROR},
    )
    period = forms.IntegerField(
        label=gettext_lazy("期间"),
        min_value=1,
        max_value=12,
        help_text=gettext_lazy("督查通报填月份（1–12），季度总结填季度（1–4）。"),
        error_messages={
            "invalid": PERIOD_ERROR,
            "min_value": PERIOD_ERROR,
            "max_value": PERIOD_ERROR,
        },
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.regions = {region.pk: region for region in regions}
        self.fields["region"].choices = [(r.pk, r.name) for r in regions]  # type: ignore[attr-defined]


class BulletinEditForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("正文"),
        max_length=services.MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 24, "class": "report-editor"}),
        help_text=gettext_lazy("一段一行；“一、”“二、”开头的行按标题排版，其余各段首行缩进两字。"),
    )


def _draft_regions(user: Any) -> list[Region]:
    """The regions whose bulletins the user drafts (the office's)."""
    return [
        region
        for region in supervision_queries.office_regions(user)
        if user.has_perm("tasks.add_supervisionbulletin", region)
    ]


def _bulletin_or_404(request: HttpRequest, bulletin_id: int) -> SupervisionBulletin:
    bulletin = queries.bulletin_get(bulletin_id=bulletin_id)
    if not request.user.has_perm("tasks.view_supervisionbulletin", bulletin):
        raise PermissionDenied(_("您不能查看这份督查通报。"))
    return bulletin


@signed_in_with("tasks.view_supervisionbulletin")
def bulletin_list(request: HttpRequest) -> HttpResponse:
    bulletins = queries.bulletins_for(request.user)
    page = Paginator(bulletins, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/bulletin_list.html",
        {"page": page, "can_draft": bool(_draft_regions(request.user))},
    )


@signed_in_with("tasks.add_supervisionbulletin")
def bulletin_new(request: HttpRequest) -> HttpResponse:
    """起草: kind, year and period (last month, or last quarter, by default)."""
    regions = _draft_regions(request.user)
    if not regions:
        raise PermissionDenied(_("您没有可起草督查通报的地区。"))
    kind = request.GET.get("kind", "")
    kind = kind if kind in BulletinKind.values else BulletinKind.MONTHLY
    year, period = queries.default_period(kind, timezone.localdate())
    form = BulletinDraftForm(
        request.POST if request.method == "POST" else None,
        regions=regions,
        initial={"region": regions[0].pk, "kind": kind, "year": year, "period": period},
    )
    existing = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                bulletin = services.bulletin_draft(
                    actor=request.user,
                    region=form.regions[data["region"]],
                    kind=data["kind"],
                    year=data["year"],
                    period=data["period"],
                )
            except services.BulletinExists as error:
                form_errors_from(form, error)
                existing, status = error.bulletin, 409
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("已起草，请核对、修改后印发。"))
                return redirect("tasks:bulletin_detail", bulletin_id=bulletin.pk)
    return render(
        request,
        "tasks/bulletin_form.html",
        {"form": form, "existing": existing, "kinds": BulletinKind.choices},
        status=status,
    )


@signed_in_with("tasks.view_supervisionbulletin")
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """The draft's edit page (title and text) for the office; the text as issued for the
    others, and once issued."""
    bulletin = _bulletin_or_404(request, bulletin_id)
    can_change = request.user.has_perm("tasks.change_supervisionbulletin", bulletin)
    if request.method == "POST" and not can_change:
        raise PermissionDenied(_("您不能修改这份督查通报。"))
    editing = can_change and not bulletin.is_issued
    form = BulletinEditForm(
        request.POST if request.method == "POST" else None,
        initial={"title": bulletin.title, "body": bulletin.body},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if bulletin.is_issued:
            # The service says why (已印发，不能修改); the issued text is shown unchanged.
            try:
                services.bulletin_update(
                    actor=request.user,
                    bulletin=bulletin,
                    title=request.POST.get("title", ""),
                    body=request.POST.get("body", ""),
                )
            except ValidationError as error:
                refusal_messages(request, error)
        elif form.is_valid():
            try:
                services.bulletin_update(
                    actor=request.user,
                    bulletin=bulletin,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("tasks:bulletin_detail", bulletin_id=bulletin.pk)
    return render(
        request,
        "tasks/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "form": form if editing else None,
            "can_issue": editing
            and request.user.has_perm("tasks.issue_supervisionbulletin", bulletin),
            "can_redraft": editing
            and request.user.has_perm("tasks.add_supervisionbulletin", bulletin.region),
            "paragraphs": _paragraphs(bulletin.body),
            "change_log": action_log_for_object(bulletin, viewer=request.user),
        },
        status=status,
    )


@signed_in_with("tasks.issue_supervisionbulletin")
@require_POST
def bulletin_issue(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = _bulletin_or_404(request, bulletin_id)
    try:
        issued = services.bulletin_issue(actor=request.user, bulletin=bulletin)
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("已印发，编号 %(number)s。") % {"number": issued.number})
    return redirect("tasks:bulletin_detail", bulletin_id=bulletin.pk)


@signed_in_with("tasks.add_supervisionbulletin")
@require_POST
def bulletin_redraft(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """重新起草 from the latest data: only with the box ticked that confirms the edits go."""
    bulletin = _bulletin_or_404(request, bulletin_id)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("请先勾选确认：重新起草将用最新数据覆盖当前正文。"))
        return redirect("tasks:bulletin_detail", bulletin_id=bulletin.pk)
    try:
        services.bulletin_draft(
            actor=request.user,
            region=bulletin.region,
            kind=bulletin.kind,
            year=bulletin.year,
            period=bulletin.period,
            replace=True,
        )
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("已用最新数据重新起草正文。"))
    return redirect("tasks:bulletin_detail", bulletin_id=bulletin.pk)


def _paragraphs(body: str) -> list[tuple[str, str]]:
    """(style, text) of each line of the body: the addressee (主送, flush left), a section
    heading (一、…), or a paragraph (indented two characters)."""
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(line.strip() for line in body.splitlines()):
        if not line:
            continue
        if number == 0 and line.endswith("：") and len(line) <= 40:
            rows.append(("addressee", line))
        elif len(line) <= 30 and line[:1] in SECTION_WORDS and line[1:2] == "、":
            rows.append(("heading", line))
        else:
            rows.append(("paragraph", line))
    return rows


@signed_in_with("tasks.view_supervisionbulletin")
def bulletin_print(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = _bulletin_or_404(request, bulletin_id)
    return render(
        request,
        "tasks/bulletin_print.html",
        {
            "bulletin": bulletin,
            "paragraphs": _paragraphs(bulletin.body),
            "is_draft": bulletin.state == BulletinState.DRAFT,
        },
    )


@signed_in_with("tasks.view_notice")
def notice_print(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The 督办单 as an office sends it, on A4 (same permission as the notice's page)."""
    notice = supervision_queries.notice_get(notice_id=notice_id)
    if not request.user.has_perm("tasks.view_notice", notice):
        raise PermissionDenied
    history = supervision_queries.notice_history(notice)
    answers = [
        event
        for event in history
        if event.step in (NoticeStep.ANSWERED, NoticeStep.SENT_BACK, NoticeStep.CLOSED)
    ]
    return render(
        request,
        "tasks/notice_print.html",
        {"notice": notice, "region": notice.task.region, "answers": answers},
    )


urlpatterns: list[URLPattern] = [
    path("bulletins/", bulletin_list, name="bulletin_list"),
    path("bulletins/new/", bulletin_new, name="bulletin_new"),
    path("bulletins/<int:bulletin_id>/", bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:bulletin_id>/issue/", bulletin_issue, name="bulletin_issue"),
    path("bulletins/<int:bulletin_id>/redraft/", bulletin_redraft, name="bulletin_redraft"),
    path("bulletins/<int:bulletin_id>/print/", bulletin_print, name="bulletin_print"),
    path("notices/<int:notice_id>/print/", notice_print, name="notice_print"),
]
