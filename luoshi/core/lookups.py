"""One row by its id or code, or `NotFound` naming in Chinese what was missing.

Selectors and the API resolve ids and codes with `found` / `found_all`. The error raised
is both a `NotFound` and the model's own `DoesNotExist` (and an `Http404`), so:

- the API has one handler that answers it with the JSON 404 and its sentence;
- a page that lets it through answers Django's 404 page;
- callers that already catch `Model.DoesNotExist` keep working unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class NotFound(ObjectDoesNotExist, Http404):
    """A row that was asked for by id or code and does not exist (or is out of reach)."""


@functools.cache
def _not_found_class(model: type[models.Model]) -> type[NotFound]:
    """NotFound that is also this model's DoesNotExist (one class per model)."""
    return type(f"{model.__name__}NotFound", (NotFound, model.DoesNotExist), {})  # type: ignore[attr-defined]


def missing_sentence(model: type[models.Model], lookup: dict[str, Any]) -> str:
    """ "没有编号为 7 的进展报告。" — from the model's verbose name and the key asked for."""
    what = str(model._meta.verbose_name)
    if len(lookup) == 1:
        (key, value), *_rest = lookup.items()
        if key in ("code", "code__exact"):
            return _("没有代码为 %(value)s 的%(what)s。") % {"value": value, "what": what}
        if key in ("pk", "id"):
            return _("没有编号为 %(value)s 的%(what)s。") % {"value": value, "what": what}
    return _("没有找到这个%(what)s。") % {"what": what}


def not_found(model: type[models.Model], message: str | None = None, **lookup: Any) -> NotFound:
    """The error to raise for a missing row of `model` (message from the lookup if none)."""
    return _not_found_class(model)(message or missing_sentence(model, lookup))


def found(queryset: QuerySet[M], message: str | None = None, **lookup: Any) -> M:
    """The one row of `queryset` matching `lookup`, or NotFound.

    The queryset carries the reach (a user's scope, active rows only): a row outside it is
    "not found", the same answer as a row that does not exist.
    """
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as error:  # type: ignore[attr-defined]
        raise not_found(queryset.model, message, **lookup) from error


def found_all(queryset: QuerySet[M], ids: Iterable[int], message: str | None = None) -> list[M]:
    """Rows for `ids` in the order given, or NotFound naming every id that is missing."""
    ordered = list(dict.fromkeys(ids))
    rows = queryset.in_bulk(ordered)
    missing = [str(pk) for pk in ordered if pk not in rows]
    if missing:
        model = queryset.model
        raise not_found(
            model,
            message
            or _("没有编号为 %(ids)s 的%(what)s。")
            % {"ids": "、".join(missing), "what": model._meta.verbose_name},
        )
    return [rows[pk] for pk in ordered]


def model_of(error: ObjectDoesNotExist) -> type[models.Model] | None:
    """The model whose DoesNotExist this is (None for a bare ObjectDoesNotExist)."""
    from django.apps import apps

    for model in apps.get_models():
        if isinstance(error, model.DoesNotExist):  # type: ignore[attr-defined]
            return model
    return None


def sentence_for(error: ObjectDoesNotExist) -> str:
    """The Chinese sentence a missing row is answered with."""
    if isinstance(error, NotFound) and str(error):
        return str(error)
    model = model_of(error)
    if model is None:
        return _("没有找到。")
    return _("没有找到这个%(what)s。") % {"what": model._meta.verbose_name}
