"""A case pushed by a 12345 system that has already chosen the handling unit: filed and
dispatched to that unit at once, or neither. The unit is named as the other system knows it
(full or short name) among the units of the appeal's region and the regions above; a name
that matches none, or more than one, refuses the case with one sentence."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from luoshi.accounts.permissions import region_code_lineage
from luoshi.appeals import handling, services
from luoshi.core.action_log import Actor
from luoshi.core.models import Region, Unit


def unit_named(region: Region, name: str) -> Unit:
    name = name.strip()
    found = list(
        Unit.objects.filter(region__code__in=region_code_lineage(region.code), is_active=True)
        .filter(Q(name=name) | Q(short_name=name))
        .select_related("region")[:3]
    )
    if not found:
        raise ValidationError(
            {"unit": _("诉求所在地区及其上级地区没有名为“%(name)s”的单位。") % {"name": name[:40]}}
        )
    if len(found) > 1:
        raise ValidationError(
            {
                "unit": _("“%(name)s”对应多个单位，请用全称：%(units)s。")
                % {"name": name[:40], "units": "、".join(f"{u.region.name}{u.name}" for u in found)}
            }
        )
    return found[0]


def appeal_push_dispatched(
    actor: Actor,
    data: services.AppealInput,
    *,
    source: str,
    source_number: str,
    received_at: dt.datetime | None = None,
    unit_name: str = "",
) -> services.Submitted:
    with transaction.atomic():
        unit = unit_named(data.region, unit_name) if unit_name.strip() and data.region else None
        submitted = services.appeal_push(
            actor, data, source=source, source_number=source_number, received_at=received_at
        )
        if unit is not None and submitted.created:
            appeal = handling.appeal_dispatch(actor, submitted.appeal, unit)
            submitted = services.Submitted(appeal, submitted.query_code)
    return submitted
