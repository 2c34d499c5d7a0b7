"""Staff appeal pages: the appeals of their regions and units with their time limits, one
appeal with its handling, a hotline call entered. Contact details are shown masked except
to the handling units (`privacy`). The public pages are in `views_public`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luoshi.accounts.permissions import role_units
from luoshi.appeals import selectors, services
from luoshi.appeals.forms import AppealForm, DispatchForm, VisitForm, solved_answer
from luoshi.appeals.merging import MERGEABLE
from luoshi.appeals.models import Appeal, AppealStatus, Topic
from luoshi.appeals.privacy import mask_name, mask_phone
from luoshi.appeals.publishing import draft_of
from luoshi.appeals.steps import STEPS, StepAsked, take_step
from luoshi.appeals.suggest import suggested_units
from luoshi.appeals.time_limits import LIGHT_WORDS, Today, clock, due_filter
from luoshi.appeals.views_public import _region_or_404
from luoshi.core.private_files import private_download
from luoshi.core.view_guards import form_errors_from, signed_in_with

PAGE_SIZE = 50
OPEN = "open"


@dataclass(frozen=True)
class ListFilter:
    topic: str = ""
    status: str = ""
    light: str = ""
    mine: bool = False

    @classmethod
    def of(cls, request: HttpRequest) -> ListFilter:
        get = request.GET
        status = get.get("status", "")
        return cls(
            topic=get.get("topic", "") if get.get("topic") in Topic.values else "",
            status=status if status == OPEN or status in AppealStatus.values else "",
            light=get.get("light", "") if get.get("light") in LIGHT_WORDS else "",
            mine=get.get("mine") == "1",
        )

    def apply(self, appeals: QuerySet[Appeal], user: object, today: Today) -> QuerySet[Appeal]:
        if self.topic:
            appeals = appeals.filter(topic=self.topic)
        if self.status == OPEN:
            appeals = appeals.exclude(status=AppealStatus.CLOSED)
        elif self.status:
            appeals = appeals.filter(status=self.status)
        if self.light:
            appeals = appeals.filter(due_filter(self.light, today))
        if self.mine:
            units = {unit for _role, unit in role_units(user)}
            appeals = appeals.filter(
                lead_unit_id__in=units, status__in=(AppealStatus.DISPATCHED, AppealStatus.SIGNED)
            )
        return appeals

    def query(self, **extra: str | int) -> str:
        values: dict[str, str | int] = {
            "topic": self.topic,
            "status": self.status,
            "light": self.light,
            "mine": "1" if self.mine else "",
            **extra,
        }
        return urlencode({k: v for k, v in values.items() if v})


@signed_in_with("appeals.view_appeal")
def appeal_list(request: HttpRequest) -> HttpResponse:
    chosen = ListFilter.of(request)
    today = Today.of()
    appeals = chosen.apply(selectors.appeals_for(request.user), request.user, today)
    page = Paginator(appeals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/list.html",
        {
            "page": page,
            "chosen": chosen,
            "topics": Topic.choices,
            "statuses": [(OPEN, _("未办结")), *AppealStatus.choices],
            "lights": list(LIGHT_WORDS.items()),
            "may_have_queue": bool(role_units(request.user)),
            "previous_query": chosen.query(page=page.number - 1) if page.has_previous() else "",
            "next_query": chosen.query(page=page.number + 1) if page.has_next() else "",
            "rows": [
                (a, mask_name(a.contact_name), mask_phone(a.contact_phone), clock(a, today))
                for a in page
            ],
        },
    )


def _staff_appeal(request: HttpRequest, number: str) -> Appeal:
    appeal = selectors.appeal_for(request.user, number)
    if appeal is None:
        raise Http404(_("没有这条诉求，或它不在您的查看范围内。"))
    return appeal


def _detail(
    request: HttpRequest,
    appeal: Appeal,
    *,
    visit: VisitForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    in_full = user.has_perm("appeals.view_appeal_contact", appeal)
    may_dispatch = user.has_perm("appeals.dispatch_appeal", appeal)
    dispatching = may_dispatch and appeal.status in (AppealStatus.RECEIVED, AppealStatus.RETURNED)
    suggestions = suggested_units(appeal) if dispatching else []
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "clock": clock(appeal),
            "co_units": list(appeal.co_units.all()),
            "contact_in_full": in_full,
            "contact_name": appeal.contact_name if in_full else mask_name(appeal.contact_name),
            "contact_phone": appeal.contact_phone if in_full else mask_phone(appeal.contact_phone),
            "photos": list(appeal.photos.all()),
            "events": list(appeal.events.select_related("unit")),
            "may_dispatch": may_dispatch,
            "dispatching": dispatching,
            "may_handle": user.has_perm("appeals.handle_appeal", appeal),
            "may_assist": user.has_perm("appeals.assist_appeal", appeal),
            "mergeable": may_dispatch and appeal.status in MERGEABLE,
            "merged": list(appeal.merged.only("number")),
            "dispatch": DispatchForm(
                units=selectors.units_to_dispatch_to(appeal),
                initial={"unit": suggestions[0].unit.pk if suggestions else None},
            )
            if dispatching
            else None,
            "suggestions": suggestions,
            "publish_draft": (appeal.public_text or draft_of(appeal))
            if may_dispatch and appeal.status == AppealStatus.CLOSED
            else "",
            "visit": (visit or VisitForm())
            if may_dispatch and appeal.status == AppealStatus.ANSWERED
            else None,
        },
        status=status,
    )


@signed_in_with("appeals.view_appeal")
def appeal_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _staff_appeal(request, number))


def _ids(values: list[str]) -> tuple[int, ...]:
    """The unit ids posted; anything else (text, ², a number too long for a key) left out."""
    return tuple(int(v) for v in values if v.isdecimal() and len(v) < 12)


@signed_in_with("appeals.view_appeal")
@require_http_methods(["POST"])
def appeal_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    """One handling step from the appeal's page; a refusal is one sentence on that page."""
    appeal = _staff_appeal(request, number)
    if step not in STEPS:
        raise Http404(_("没有这个办理环节。"))
    post = request.POST
    visit = VisitForm(post) if step == "visit" else None
    try:
        take_step(
            request.user,
            appeal,
            StepAsked(
                step=step,
                unit=int(post["unit"])
                if post.get("unit", "").isdecimal() and len(post["unit"]) < 12
                else None,
                co_units=_ids(post.getlist("co_units")),
                note=post.get("reason", "") if visit is not None else post.get("note", ""),
                satisfaction=post.get("satisfaction", ""),
                resolved=solved_answer(post.get("solved", "")),
                into=post.get("into", ""),
            ),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        appeal.refresh_from_db()
        return _detail(request, appeal, visit=visit, status=400)
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
            submitted = services.appeal_record_call(
                request.user, services.AppealInput.of(form.cleaned_data)
            )
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
