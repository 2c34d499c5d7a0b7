"""A deputy's own page (我的建议): the reports open for their opinions, every opinion they
handed in with its state and answer, and their verdict on each answer (代表满意度)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luoshi.core.view_guards import signed_in_with
from luoshi.engagement import services
from luoshi.engagement.home_panels import open_reports
from luoshi.engagement.models import AnswerState, AuthorRating, Opinion
from luoshi.engagement.selectors import with_state_labels
from luoshi.engagement.suggestion_selectors import delegation_sessions

PAGE_SIZE = 30


@signed_in_with("engagement.view_own_opinions")
def my_opinions(request: HttpRequest) -> HttpResponse:
    mine = (
        Opinion.objects.filter(submitted_by_id=request.user.pk)
        .select_related("report__region", "unit")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/my_opinions.html",
        {
            "page": page,
            "rows": with_state_labels(list(page)),
            "reports": open_reports(request.user),
            "sessions": delegation_sessions(request.user),
            "ratings": AuthorRating.choices,
            "pending": AnswerState.PENDING.value,
        },
    )


@signed_in_with("engagement.view_own_opinions")
@require_http_methods(["POST"])
def opinion_rate(request: HttpRequest, opinion_id: int) -> HttpResponse:
    opinion = Opinion.objects.filter(pk=opinion_id, submitted_by_id=request.user.pk).first()
    if opinion is None:
        raise Http404(_("没有这条意见，或它不是您提出的。"))
    try:
        services.opinion_rate(
            actor=request.user,
            opinion=opinion,
            rating=request.POST.get("rating", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("谢谢您的评价。"))
    return redirect(f"{reverse('engagement:my_opinions')}#opinion-{opinion.pk}")
