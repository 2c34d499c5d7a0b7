"""Form fields for choosing units: one lead unit (牵头单位) and its co-units (配合单位).

The queryset a form gives them is the reach of the user (the units they may assign); a unit
outside it is refused with a sentence, never stored. A lead unit cannot also be a co-unit:
`refuse_lead_as_co_unit` says so on the co-units field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import Unit
from luoshi.core.widgets import UnitCheckboxes, UnitSearchSelect


class LeadUnitField(forms.ModelChoiceField[Unit]):
    widget = UnitSearchSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Unit.objects.none())
        kwargs.setdefault("label", _("牵头单位"))
        kwargs.setdefault("empty_label", _("请选择"))
        errors = {
            "required": _("请选择牵头单位。"),
            "invalid_choice": _("所选牵头单位不在可选范围内，请从列表中选择。"),
        }
        kwargs["error_messages"] = {**errors, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class CoUnitsField(forms.ModelMultipleChoiceField):
    widget = UnitCheckboxes

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Unit.objects.none())
        kwargs.setdefault("label", _("配合单位"))
        kwargs.setdefault("required", False)
        outside = _("有配合单位不在可选范围内，请重新勾选。")
        errors = {"invalid_choice": outside, "invalid_pk_value": outside, "invalid_list": outside}
        kwargs["error_messages"] = {**errors, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


def refuse_lead_as_co_unit(
    form: forms.Form, cleaned: dict[str, Any], lead: str = "lead_unit", co: str = "co_units"
) -> None:
    """The lead unit ticked among the co-units: an error on the co-units, nothing dropped
    silently (the clerk may have meant another unit)."""
    lead_unit = cleaned.get(lead)
    if lead_unit is not None and any(u.pk == lead_unit.pk for u in cleaned.get(co) or []):
        form.add_error(
            co,
            _("“%(name)s”已是牵头单位，不能同时作为配合单位，请取消勾选。")
            % {"name": lead_unit.name},
        )
