"""One check for "this step needs that state": every flow refuses a step the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def require_state(
    instance: models.Model,
    allowed: str | Iterable[str],
    message: str | None = None,
    *,
    field: str = "state",
    **values: Any,
) -> None:
    """Refuse (ValidationError, nothing written) unless `instance.<field>` is in `allowed`.

    `message` may name the current state's label as %(state)s and any of `values`; without
    one the sentence says which state the record is in.
    """
    states = {allowed} if isinstance(allowed, str) else set(allowed)
    if getattr(instance, field) in states:
        return
    label = getattr(instance, f"get_{field}_display")()
    text = message or _("当前为“%(state)s”，不能进行这一步。")
    raise ValidationError(text % {"state": label, **values})
