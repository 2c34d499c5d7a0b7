"""Text as users and other systems send it, settled before it is validated and stored.

Control characters arrive in titles pasted from Word or PDF (vertical tab, form feed, bell) and
in hostile input (NUL). PostgreSQL refuses NUL outright and Excel files cannot hold any C0
control character but tab, line feed and carriage return, so one stray character would break
every export that contains the row — the public portal's included. They are removed on the
way in; `strip_control` is also what every export applies on the way out, for rows stored
before this rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

# C0 controls except tab, line feed and carriage return; DEL is kept out too.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    """`text` without the control characters that databases and spreadsheets refuse."""
    return CONTROL_CHARACTERS.sub("", text)


def settle_text_and_nulls(instance: models.Model, exclude: Collection[str]) -> None:
    """Remove control characters from `instance`'s text fields, turn an explicit None for a
    field that cannot be null into "" (text) or a validation error (anything else), and refuse
    a time of day that carries a time zone (no database column here stores one)."""
    errors: dict[str, str] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.primary_key:
            continue
        value = getattr(instance, field.attname)
        text_field = isinstance(field, models.CharField | models.TextField)
        if isinstance(value, str) and text_field:
            setattr(instance, field.attname, strip_control(value))
        elif isinstance(value, dt.time) and value.tzinfo is not None:
            # A meeting at "09:30Z" has no date to convert with; the office means local time.
            errors[field.name] = _("时间请填写当地时间，不带时区，如 09:30。")
        elif value is None and not field.null and not _filled_on_save(field):
            if text_field:
                setattr(instance, field.attname, "")
            else:
                errors[field.name] = _("此项不能为空。")
    if errors:
        raise ValidationError(errors)


def _filled_on_save(field: models.Field) -> bool:
    """Fields the database or `save()` fills in themselves (timestamps set on save)."""
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
