"""On the review screen: add an indicator the document names to the catalogue, in place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.view_guards import signed_in_with
from luoshi.imports import selectors
from luoshi.imports.models import ImportBatch, ImportItem
from luoshi.imports.views import ITEM_CHOICES
from luoshi.indicators.models import Direction, Measure
from luoshi.indicators.services import indicator_create


@signed_in_with("indicators.add_indicator")
@require_POST
def item_catalogue_add(request: HttpRequest, batch_id: int, item_id: int) -> HttpResponse:
    """Create the catalogue entry from the item's form; the item is shown again, now matched
    (or with the reason the entry was refused, and the form as filled in)."""
    try:
        batch = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
        item = batch.items.get(pk=item_id)
    except (ImportBatch.DoesNotExist, ImportItem.DoesNotExist) as error:
        raise Http404(_("没有这一条")) from error
    error_message = ""
    measure = request.POST.get("measure", "")
    direction = request.POST.get("direction", "")
    try:
        if measure not in Measure.values or direction not in Direction.values:
            raise ValidationError(_("请选择考核方式和方向。"))
        indicator_create(
            actor=request.user,
            code=request.POST.get("code", "")[:60],
            name=request.POST.get("name", "")[:60],
            unit=request.POST.get("unit", "")[:20],
            measure=measure,
            direction=direction,
            synonyms=request.POST.get("synonyms", "")[:500],
        )
    except ValidationError as error:
        error_message = "；".join(error.messages)
    except PermissionDenied as error:
        error_message = str(error) or _("您没有修改指标目录的权限。")
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(f"/imports/{batch.pk}/#item-{item.pk}")
    catalogue = selectors.indicator_lookup()
    candidates = selectors.catalogue_candidates([item], catalogue)
    suggested = request.POST.get("code", "") if error_message else candidates.get(item.pk, "")
    item.suggested_code = suggested  # type: ignore[attr-defined]
    return render(
        request,
        "imports/_item.html",
        {
            "item": item,
            "batch": batch,
            "catalogue_error": error_message,
            "posted": request.POST if error_message else {},
            "problems": selectors.item_problems([item], catalogue),
            "candidates": candidates,
            "may_add_indicator": True,
            **ITEM_CHOICES,
        },
    )
