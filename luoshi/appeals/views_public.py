"""Public appeal pages: hand one in (by region), see its number and query code once, follow
it and give the verdict on its answer (回访). Nothing here needs a login; contact details are
never shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luoshi.appeals import handling, selectors, services
from luoshi.appeals.forms import PublicAppealForm, TrackForm, VisitForm
from luoshi.appeals.models import Appeal, AppealStatus
from luoshi.core.client_address import client_address
from luoshi.core.models import Region
from luoshi.core.public_limits import SubmissionsTooFrequent
from luoshi.core.view_guards import form_errors_from

SESSION_KEY = "appeals:submitted"
# The numbers this browser has followed with the right phone or code: it may give their
# verdict without typing the code again (and without the code in the page).
FOLLOWED_KEY = "appeals:followed"


def _region_or_404(code: str) -> Region:
    region = Region.objects.filter(code=code, is_active=True).first()
    if region is None or region.level not in ("city", "county"):
        raise Http404(_("没有代码为“%(code)s”的县（市、区）或市。") % {"code": code[:12]})
    return region


def appeal_start(request: HttpRequest) -> HttpResponse:
    """Public: which county the appeal is about (by name or code), then its form."""
    place = request.GET.get("place", "").strip()[:40]
    problem = ""
    if place:
        found = list(
            Region.objects.filter(
                Q(code=place) | Q(name=place), is_active=True, level__in=("city", "county")
            ).select_related("parent")
        )
        if len(found) == 1:
            return redirect("appeals:new", region_code=found[0].code)
        problem = (
            _("“%(place)s”有重名，请填写区划代码：%(codes)s。")
            % {"place": place, "codes": "、".join(f"{_parent(r)}{r.name} {r.code}" for r in found)}
            if found
            else _("没有找到“%(place)s”，请填写县（市、区）的全称或区划代码。") % {"place": place}
        )
    return render(
        request,
        "appeals/start.html",
        {"place": place, "problem": problem},
        status=400 if problem else 200,
    )


def _parent(region: Region) -> str:
    return region.parent.name if region.parent else ""


def appeal_new(request: HttpRequest, region_code: str) -> HttpResponse:
    """Public: the form of one county (its townships) or city (its counties)."""
    region = _region_or_404(region_code)
    form = PublicAppealForm(
        request.POST or None, request.FILES or None, regions=selectors.places_under(region)
    )
    too_frequent = False
    if request.method == "POST" and form.is_valid():
        try:
            submitted = services.appeal_submit_public(
                services.AppealInput.of(form.cleaned_data),
                photos=form.cleaned_data.get("photos") or [],
                client_key=client_address(request),
            )
        except ValidationError as error:
            form_errors_from(form, error)
            too_frequent = isinstance(error, SubmissionsTooFrequent)
        else:
            request.session[SESSION_KEY] = {
                "number": submitted.appeal.number,
                "code": submitted.query_code,
                "phone": bool(submitted.appeal.contact_phone),
            }
            return redirect("appeals:submitted")
    response = render(
        request,
        "appeals/new.html",
        {"region": region, "form": form},
        status=429 if too_frequent else 400 if request.method == "POST" else 200,
    )
    if too_frequent:
        response["Retry-After"] = str(SubmissionsTooFrequent.retry_after_seconds)
    return response


def appeal_submitted(request: HttpRequest) -> HttpResponse:
    """Public: the number and query code, shown once (they leave the session here)."""
    shown = request.session.pop(SESSION_KEY, None)
    if not shown:
        return redirect("appeals:track")
    return render(request, "appeals/submitted.html", {"shown": shown})


@require_http_methods(["GET", "POST"])
def appeal_track(request: HttpRequest) -> HttpResponse:
    """Public: an appeal's state by its number and phone or query code (POST: neither is put
    in an address or a server log). GET ?number= shows again one this browser has followed."""
    form = TrackForm(request.POST or None)
    appeal = None
    if request.method == "POST" and form.is_valid():
        appeal = selectors.appeal_followed(form.cleaned_data["number"], form.cleaned_data["secret"])
        if appeal is None:
            form.add_error(None, _("诉求编号与联系电话（或查询码）对不上，请核对后再查。"))
        else:
            followed = request.session.get(FOLLOWED_KEY, [])[-9:]
            request.session[FOLLOWED_KEY] = [*followed, appeal.number]
    elif request.method == "GET" and request.GET.get("number"):
        appeal = _followed_here(request, request.GET["number"])
    return _track(
        request, form, appeal, status=400 if request.method == "POST" and appeal is None else 200
    )


def _followed_here(request: HttpRequest, number: str) -> Appeal | None:
    if number not in request.session.get(FOLLOWED_KEY, []):
        return None
    return Appeal.objects.select_related("region", "merged_into").filter(number=number).first()


def _track(
    request: HttpRequest,
    form: TrackForm,
    appeal: Appeal | None,
    *,
    visit: VisitForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_rate = appeal is not None and appeal.status == AppealStatus.ANSWERED
    return render(
        request,
        "appeals/track.html",
        {
            "form": form,
            "appeal": appeal,
            "events": list(appeal.events.select_related("unit")) if appeal else [],
            "visit": (visit or VisitForm()) if may_rate else None,
        },
        status=status,
    )


@require_http_methods(["POST"])
def appeal_rate(request: HttpRequest, number: str) -> HttpResponse:
    """Public 回访: the verdict on the answer, from the browser that followed the appeal."""
    appeal = _followed_here(request, number)
    if appeal is None:
        raise Http404(_("请先用诉求编号和联系电话（或查询码）查到这条诉求，再评价。"))
    visit = VisitForm(request.POST)
    if visit.is_valid():
        try:
            handling.appeal_visit(
                None,
                appeal,
                visit.cleaned_data["satisfaction"],
                resolved=visit.resolved(),
                reason=visit.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_errors_from(visit, error)
            if appeal.status != AppealStatus.ANSWERED:  # no form to show it on
                for message in error.messages:
                    messages.error(request, message)
        else:
            messages.success(request, _("谢谢您的评价。"))
            return redirect(f"{reverse('appeals:track')}?{urlencode({'number': number})}")
    appeal.refresh_from_db()
    return _track(request, TrackForm(), appeal, visit=visit, status=400)
