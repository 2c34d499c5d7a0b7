"""The indicator catalogue (指标目录): browse, add, edit, with each entry's history of changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.core.action_verbs import verb_label
from luoshi.core.selectors import action_log_for
from luoshi.core.view_guards import form_errors_from, next_url, signed_in_with
from luoshi.indicators import services
from luoshi.indicators.catalogue import suggest_code
from luoshi.indicators.forms import IndicatorForm
from luoshi.indicators.models import Indicator

VERB_LABELS = {"indicator.created": _("加入目录"), "indicator.updated": _("修改")}


@signed_in_with("indicators.view_indicator")
def catalogue(request: HttpRequest) -> HttpResponse:
    words = request.GET.get("q", "").strip()[:30]
    entries = Indicator.objects.order_by("sort_order", "name")
    if words:
        entries = entries.filter(
            Q(name__contains=words) | Q(code__contains=words) | Q(synonyms__icontains=words)
        )
    return render(
        request,
        "indicators/catalogue.html",
        {
            "entries": entries,
            "q": words,
            "may_add": request.user.has_perm("indicators.add_indicator"),
        },
    )


@signed_in_with("indicators.add_indicator")
def catalogue_new(request: HttpRequest) -> HttpResponse:
    """Add an entry; a link from the import review screen prefills what the report said."""
    initial = {
        key: request.GET.get(key, "")[:60] for key in ("name", "unit", "measure", "direction")
    }
    if initial["name"]:
        taken = set(Indicator.objects.values_list("code", flat=True))
        initial["code"] = suggest_code(initial["name"], taken)
    form = IndicatorForm(request.POST or None, initial={k: v for k, v in initial.items() if v})
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        try:
            indicator = services.indicator_create(
                actor=request.user, code=form.cleaned_data["code"], **data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("已将“%(name)s”加入指标目录。") % {"name": indicator.name})
            return redirect(next_url(request) or "indicators:catalogue")
    return render(
        request,
        "indicators/catalogue_form.html",
        {"form": form, "heading": _("加入指标目录"), "next": next_url(request)},
    )


@signed_in_with("indicators.view_indicator")
def catalogue_entry(request: HttpRequest, code: str) -> HttpResponse:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404(_("指标目录中没有这个指标。"))
    may_change = request.user.has_perm("indicators.change_indicator", indicator)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(_("内置指标只有系统管理员可以修改。"))
        if form.is_valid():
            try:
                services.indicator_update(
                    actor=request.user,
                    indicator=Indicator.objects.get(pk=indicator.pk),
                    changes=form.changes(),
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("指标已保存。"))
                return redirect("indicators:catalogue_entry", code=indicator.code)
    history = action_log_for(
        target_type_id=ContentType.objects.get_for_model(Indicator).pk,
        target_id=str(indicator.pk),
    ).select_related("actor")
    return render(
        request,
        "indicators/catalogue_form.html",
        {
            "form": form,
            "indicator": indicator,
            "heading": indicator.name,
            "may_change": may_change,
            "history": [
                (entry, VERB_LABELS.get(entry.verb) or verb_label(entry.verb)) for entry in history
            ],
        },
    )
