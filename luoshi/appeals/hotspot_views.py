"""诉求热点 pages: a region's hotspots with their charts, one hotspot turned into a task (and a
notice), and a task's list of the appeals it answers. For the office and the leaders of the
region; turning and linking are the office's."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luoshi.appeals import hotspot_charts, hotspots
from luoshi.appeals.hotspot_forms import HotspotWorkForm
from luoshi.appeals.hotspot_work import (
    HotspotWork,
    appeal_unlink_task,
    appeals_link_task,
    hotspot_to_task,
)
from luoshi.appeals.models import Appeal, Topic
from luoshi.appeals.rates_table import rate_regions
from luoshi.appeals.selectors import county_of
from luoshi.appeals.suggest import TOPIC_WORDS
from luoshi.core.models import Region, RegionLevel, Unit
from luoshi.core.view_guards import form_errors_from, signed_in_with
from luoshi.tasks.models import Task


def _choice(request: HttpRequest) -> tuple[list[Region], Region | None, int]:
    regions = rate_regions(request.user)
    code = request.GET.get("region", "") or request.POST.get("region", "")
    region = next((r for r in regions if r.code == code), regions[0] if regions else None)
    raw = request.GET.get("days", "") or request.POST.get("days", "")
    days = int(raw) if raw.isdecimal() and int(raw) in hotspots.WINDOWS else 30
    return regions, region, days


@signed_in_with("appeals.view_rates")
def appeal_hotspots(request: HttpRequest) -> HttpResponse:
    regions, region, days = _choice(request)
    today = timezone.localdate()
    found: list[hotspots.Hotspot] = []
    charts = {}
    if region is not None:
        found = hotspots.hotspots(region, today, days)
        topics = hotspots.topic_counts(region, today, days)
        if chart := hotspot_charts.topic_figure(topics, days):
            charts["chart-topics"] = chart
        if region.level in (RegionLevel.CITY, RegionLevel.PROVINCE):
            places = list(
                Region.objects.filter(
                    level=RegionLevel.COUNTY,
                    code__startswith=region.code[: 4 if region.level == RegionLevel.CITY else 2],
                    is_active=True,
                )
            )
            base = reverse("appeals:hotspots")
            link = {
                p.code: f"{base}?{urlencode({'region': p.code, 'days': str(days)})}" for p in places
            }
            counts = hotspots.place_counts(region, today, days)
            if chart := hotspot_charts.place_map(places, counts, days, link):
                charts["chart-places"] = chart
    return render(
        request,
        "appeals/hotspots.html",
        {
            "regions": regions,
            "region": region,
            "days": days,
            "windows": hotspots.WINDOWS,
            "hotspots": found,
            "charts": charts,
            "may_turn": region is not None
            and request.user.has_perm("appeals.dispatch_appeal", region),
            "min_count": hotspots.MIN_COUNT,
        },
    )


def _lead_units(place: Region) -> tuple[Region, QuerySet[Unit]]:
    county = county_of(place)
    units = Unit.objects.filter(region=county, is_active=True).order_by("sort_order", "name")
    return county, units


@signed_in_with("appeals.view_rates")
@require_http_methods(["GET", "POST"])
def hotspot_work(request: HttpRequest) -> HttpResponse:
    _regions, region, days = _choice(request)
    data = request.POST if request.method == "POST" else request.GET
    topic = data.get("topic", "")
    place = Region.objects.filter(code=data.get("place", ""), is_active=True).first()
    if region is None or place is None or topic not in Topic.values:
        raise Http404(_("没有这个热点。"))
    if not request.user.has_perm("appeals.dispatch_appeal", region):
        raise PermissionDenied(_("只有督查室可以把热点转为任务。"))
    today = timezone.localdate()
    appeals = list(hotspots.hotspot_appeals(region, today, days, topic, place)[:50])
    county, units = _lead_units(place)
    label = str(Topic(topic).label)
    words = TOPIC_WORDS.get(topic, ())
    suggested = next((u for u in units if any(w in u.name for w in words)), None)
    form = HotspotWorkForm(
        request.POST or None,
        units=units,
        initial={
            "title": _("集中解决%(place)s群众反映的%(topic)s问题")
            % {"place": place.name, "topic": label},
            "lead_unit": suggested.pk if suggested else None,
            "deadline": today + dt.timedelta(days=30),
        },
    )
    if request.method == "POST" and form.is_valid():
        work = HotspotWork(
            title=form.cleaned_data["title"],
            lead_unit=form.cleaned_data["lead_unit"],
            deadline=form.cleaned_data["deadline"],
            notice_colour=form.cleaned_data["notice_colour"],
            notice_due=form.cleaned_data["notice_due"],
        )
        try:
            task = hotspot_to_task(
                request.user, region, today=today, days=days, topic=topic, place=place, work=work
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已转为任务，并关联了这个热点的诉求。"))
            return redirect("tasks:task_detail", task_id=task.pk)
    return render(
        request,
        "appeals/hotspot_work.html",
        {
            "form": form,
            "region": region,
            "days": days,
            "topic": topic,
            "topic_label": label,
            "place": place,
            "county": county,
            "appeals": appeals,
        },
        status=400 if request.method == "POST" else 200,
    )


@signed_in_with("appeals.view_appeal")
@require_http_methods(["POST"])
def task_link(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_object_or_404(Task, pk=task_id)
    if not request.user.has_perm("tasks.view_task", task):
        raise Http404(_("没有这项任务。"))
    try:
        added = appeals_link_task(request.user, task, request.POST.get("numbers", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已关联 %(n)d 件诉求。") % {"n": added})
    return redirect(f"{reverse('tasks:task_detail', args=[task.pk])}#task-appeals")


@signed_in_with("appeals.view_appeal")
@require_http_methods(["POST"])
def task_unlink(request: HttpRequest, task_id: int, number: str) -> HttpResponse:
    task = get_object_or_404(Task, pk=task_id)
    appeal = Appeal.objects.filter(number=number, tasks=task).first()
    if appeal is None or not request.user.has_perm("tasks.view_task", task):
        raise Http404(_("这项任务没有关联这件诉求。"))
    appeal_unlink_task(request.user, task, appeal)
    return redirect(f"{reverse('tasks:task_detail', args=[task.pk])}#task-appeals")
