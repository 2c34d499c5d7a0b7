"""代表建议办理 pages: handing a suggestion to a unit from its page, the queue of handed
suggestions (a unit's own, the office's whole), and the numbers by deputy and delegation.
Written by `suggestion_services`, read by `suggestion_selectors`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi.core.list_pages import kept_filters
from luoshi.core.models import Unit
from luoshi.core.unit_fields import LeadUnitField
from luoshi.core.view_guards import refusal_messages, signed_in_with
from luoshi.core.widgets import ChineseDateInput
from luoshi.engagement import selectors, suggestion_selectors, suggestion_services
from luoshi.engagement.models import AnswerState, Opinion


class HandForm(forms.Form):
    unit = LeadUnitField(
        label=gettext_lazy("承办单位"),
        error_messages={
            "required": gettext_lazy("请选择承办单位。"),
            "invalid_choice": gettext_lazy("所选承办单位不在可选范围内，请从列表中选择。"),
        },
    )
    deadline = forms.DateField(
        label=gettext_lazy("办理时限"),
        widget=ChineseDateInput(min_date=timezone.localdate),
        error_messages={
            "required": gettext_lazy("请填写办理时限。"),
            "invalid": gettext_lazy("请按“年-月-日”填写办理时限，如 2026-12-31。"),
        },
    )

    def __init__(self, *args: Any, opinion: Opinion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        units = selectors.units_under(opinion.report.region)
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).select_related("region")


def hand_form_for(user: Any, opinion: Opinion, data: Any = None) -> HandForm | None:
    """The 交办 form on an opinion's page, for the office while the opinion waits."""
    if opinion.state != AnswerState.PENDING or not user.has_perm(
        "engagement.triage_opinion", opinion
    ):
        return None
    return HandForm(
        data,
        opinion=opinion,
        initial={
            "unit": opinion.unit_id,
            "deadline": opinion.deadline or suggestion_services.default_deadline(),
        },
    )


@signed_in_with("engagement.view_opinion_list")
@require_POST
def opinion_hand(request: HttpRequest, opinion_id: int) -> HttpResponse:
    try:
        opinion = selectors.opinion_get(opinion_id=opinion_id)
    except Opinion.DoesNotExist as error:
        raise Http404(_("没有这条意见")) from error
    if not request.user.has_perm("engagement.triage_opinion", opinion):
        raise PermissionDenied(_("只有督查室可以交办意见建议。"))
    form = hand_form_for(request.user, opinion, request.POST)
    if form is None:
        messages.error(request, _("这条意见已经答复，不能再交办。"))
    elif not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    else:
        try:
            suggestion_services.opinion_hand(
                actor=request.user,
                opinion=opinion,
                unit=form.cleaned_data["unit"],
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("已交办。"))
    return redirect("engagement:opinion_detail", opinion_id=opinion.pk)


@signed_in_with("engagement.view_handling")
def handling(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    state = request.GET.get("state", "waiting")
    waiting = {"waiting": True, "answered": False}.get(state)
    overdue = request.GET.get("overdue") == "1"
    rows = suggestion_selectors.handling_list(
        request.user, waiting=waiting, overdue=overdue, today=today
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for opinion in page:
        opinion.light = suggestion_selectors.light(opinion, today)  # type: ignore[attr-defined]
    return render(
        request,
        "engagement/handling.html",
        {
            "page": page,
            "state": state,
            "overdue": overdue,
            "query_string": kept_filters(request, "state", "overdue"),
        },
    )


@signed_in_with("engagement.view_suggestion_stats")
def suggestion_statistics(request: HttpRequest) -> HttpResponse:
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1978 <= int(year_text) <= 2100 else None
    delegation = request.GET.get("delegation", "")[:100]
    by_deputy, by_delegation = suggestion_selectors.suggestion_statistics(
        request.user, year=year, delegation=delegation
    )
    return render(
        request,
        "engagement/suggestion_statistics.html",
        {
            # A county has hundreds of deputies: their rows a page at a time.
            "page": Paginator(by_deputy, 50).get_page(request.GET.get("page")),
            "by_delegation": by_delegation,
            "year": year,
            "delegation": delegation,
            "query_string": kept_filters(request, "year", "delegation"),
        },
    )
