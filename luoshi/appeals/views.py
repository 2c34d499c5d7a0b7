"""Appeal pages. Public: hand one in (by region), see its number and query code once, follow
it. Staff: the appeals of their regions, one appeal, a hotline call entered. Contact details
are shown masked (`privacy`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luoshi.appeals import handling, selectors, services
from luoshi.appeals.forms import AppealForm, PublicAppealForm, TrackForm
from luoshi.appeals.models import Appeal, Topic
from luoshi.appeals.privacy import mask_name, mask_phone
from luoshi.core.client_address import client_address
from luoshi.core.models import Region
from luoshi.core.private_files import private_download
from luoshi.core.public_limits import SubmissionsTooFrequent
from luoshi.core.view_guards import form_errors_from, signed_in_with

SESSION_KEY = "appeals:submitted"
PAGE_SIZE = 50


def _input(data: dict[str, object]) -> services.AppealInput:
    return services.AppealInput(
        topic=str(data["topic"]),
        region=data["region"],  # type: ignore[arg-type]
        content=str(data["content"]),
        urgency=str(data["urgency"]),
        place=str(data.get("place") or ""),
        contact_name=str(data.get("contact_name") or ""),
        contact_phone=str(data.get("contact_phone") or ""),
        is_anonymous=bool(data.get("is_anonymous")),
    )


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
                _input(form.cleaned_data),
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
    in an address or a server log)."""
    form = TrackForm(request.POST or None)
    appeal = None
    if request.method == "POST" and form.is_valid():
        appeal = selectors.appeal_followed(form.cleaned_data["number"], form.cleaned_data["secret"])
        if appeal is None:
            form.add_error(None, _("诉求编号与联系电话（或查询码）对不上，请核对后再查。"))
    return render(
        request,
        "appeals/track.html",
        {"form": form, "appeal": appeal},
        status=400 if request.method == "POST" and appeal is None else 200,
    )


@signed_in_with("appeals.view_appeal")
def appeal_list(request: HttpRequest) -> HttpResponse:
    appeals = selectors.appeals_for(request.user)
    topic = request.GET.get("topic", "")
    if topic in Topic.values:
        appeals = appeals.filter(topic=topic)
    page = Paginator(appeals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/list.html",
        {
            "page": page,
            "topic": topic,
            "topics": Topic.choices,
            "rows": [(a, mask_name(a.contact_name), mask_phone(a.contact_phone)) for a in page],
        },
    )


def _staff_appeal(request: HttpRequest, number: str) -> Appeal:
    appeal = selectors.appeals_for(request.user).filter(number=number).first()
    if appeal is None:
        raise Http404(_("没有这条诉求，或它不在您的查看范围内。"))
    return appeal


def _detail(request: HttpRequest, appeal: Appeal, *, status: int = 200) -> HttpResponse:
    user = request.user
    in_full = user.has_perm("appeals.view_appeal_contact", appeal)
    may_dispatch = user.has_perm("appeals.dispatch_appeal", appeal)
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "contact_in_full": in_full,
            "contact_name": appeal.contact_name if in_full else mask_name(appeal.contact_name),
            "contact_phone": appeal.contact_phone if in_full else mask_phone(appeal.contact_phone),
            "photos": list(appeal.photos.all()),
            "events": list(appeal.events.select_related("unit")),
            "may_dispatch": may_dispatch,
            "may_handle": user.has_perm("appeals.handle_appeal", appeal),
            "units": selectors.units_to_dispatch_to(appeal) if may_dispatch else [],
        },
        status=status,
    )


@signed_in_with("appeals.view_appeal")
def appeal_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _staff_appeal(request, number))


STEPS = ("dispatch", "sign", "return", "answer", "close")


@signed_in_with("appeals.view_appeal")
@require_http_methods(["POST"])
def appeal_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    """One handling step from the appeal's page; a refusal is one sentence on that page."""
    appeal = _staff_appeal(request, number)
    if step not in STEPS:
        raise Http404(_("没有这个办理环节。"))
    text = request.POST.get("note", "")
    try:
        if step == "dispatch":
            chosen = request.POST.get("unit", "")
            unit_id = int(chosen) if chosen.isdigit() else 0
            unit = selectors.units_to_dispatch_to(appeal).filter(pk=unit_id).first()
            if unit is None:
                raise ValidationError(_("请选择承办单位。"))
            handling.appeal_dispatch(request.user, appeal, unit, text)
        elif step == "sign":
            handling.appeal_sign(request.user, appeal)
        elif step == "return":
            handling.appeal_return(request.user, appeal, text)
        elif step == "answer":
            handling.appeal_answer(request.user, appeal, text)
        else:
            handling.appeal_close(request.user, appeal, text)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        appeal.refresh_from_db()
        return _detail(request, appeal, status=400)
    return redirect("appeals:detail", number=appeal.number)


@signed_in_with("appeals.view_appeal")
def appeal_photo(request: HttpRequest, number: str, photo_id: int) -> FileResponse:
    appeal = _staff_appeal(request, number)
    photo = appeal.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404(_("没有这张照片。"))
    return private_download(photo.file, name=photo.name, content_type=photo.content_type)


@signed_in_with("appeals.add_appeal")
def appeal_record(request: HttpRequest) -> HttpResponse:
    """Staff: a hotline call, for a county of the operator's regions."""
    code = request.GET.get("region", "") or request.POST.get("region_code", "")
    region = _region_or_404(code) if code else None
    if region is not None and not request.user.has_perm("appeals.add_appeal", region):
        raise PermissionDenied(_("该地区不在您的登记范围内。"))
    form = AppealForm(
        request.POST or None,
        regions=selectors.places_under(region) if region is not None else None,
    )
    if request.method == "POST" and region is not None and form.is_valid():
        try:
            submitted = services.appeal_record_call(request.user, _input(form.cleaned_data))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("已登记，诉求编号 %(number)s，查询码 %(code)s：请告诉来电人。")
                % {"number": submitted.appeal.number, "code": submitted.query_code},
            )
            return redirect(reverse("appeals:detail", args=[submitted.appeal.number]))
    return render(
        request,
        "appeals/record.html",
        {"form": form, "region": region},
        status=400 if request.method == "POST" else 200,
    )
