"""A referral settled from the meeting's page: the office marks it 办结 (one that needed no
task, or whose work it judged done); a referral whose task is done is settled with the task."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.view_guards import refusal_messages, signed_in_with
from luoshi.engagement import selectors, services
from luoshi.engagement.models import Referral


@signed_in_with("engagement.view_meeting")
@require_POST
def referral_complete(request: HttpRequest, referral_id: int) -> HttpResponse:
    try:
        referral = selectors.referral_get(referral_id=referral_id)
    except Referral.DoesNotExist as error:
        raise Http404(_("没有这项交办事项")) from error
    try:
        services.referral_complete(actor=request.user, referral=referral)
    except ValidationError as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("交办事项已办结。"))
    if referral.meeting_id:
        url = reverse("engagement:meeting_detail", args=[referral.meeting_id])
        return HttpResponseRedirect(f"{url}#referral-{referral.pk}")
    return HttpResponseRedirect(reverse("engagement:meeting_list"))
