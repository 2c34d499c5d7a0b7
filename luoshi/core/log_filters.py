"""The action log's filters: by person, unit, kind of action, kind of object and date.

Kinds of action are families of verbs (新建、登记 · 修改、调整 · 退回 …), told apart by the
verb's ending (`progress.returned` and `inclusion.returned` are both 退回), so that a verb added
later falls into its family without being listed; each family also offers its verbs one by one,
by their labels (which are also the filter's values: no code in the page, see `kind_values`).
Dates are the region's dates (Asia/Shanghai): 12月4日 runs from 00:00 to 24:00 there, not in
UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luoshi.core.action_verbs import VERB_LABELS
from luoshi.core.models import ActionLog, SearchEntry, Unit
from luoshi.core.selectors import LogFilters

# The endings the Django admin writes for any model (`<model>.created`…): a family holding one
# of them also matches verbs nobody listed.
GENERIC_ENDINGS = frozenset({"created", "updated", "deleted"})
MAX_UNITS = 1000


@dataclass(frozen=True)
class VerbFamily:
    key: str
    label: Promise
    endings: frozenset[str]


def _family(key: str, label: Promise, *endings: str) -> VerbFamily:
    return VerbFamily(key, label, frozenset(endings))


FAMILIES: tuple[VerbFamily, ...] = (
    _family(
        "create",
        _("新建、登记"),
        "created",
        "recorded",
        "added",
        "attachment_added",
        "uploaded",
        "raised",
        "escalation",
        "started",
        "granted",
        "generated",
        "drafted",
    ),
    _family(
        "change",
        _("修改、调整"),
        "updated",
        "saved",
        "corrected",
        "edited",
        "pending",
        "co_units_changed",
        "contents_changed",
        "task_linked",
        "task_unlinked",
        "progress_updated",
        "milestone_moved",
        "changed_by_request",
        "status_changed",
        "staff_changed",
        "password_changed",
        "stage_planned",
        "stage_advanced",
        "stage_date_corrected",
        "carried_over_set",
        "change_linked",
        "triaged",
        "allocated",
        "review_drafted",
        "redrafted",
    ),
    _family(
        "remove",
        _("删除、撤销"),
        "deleted",
        "attachment_deleted",
        "revoked",
        "revoked_on_password_change",
        "unconsolidated",
        "unpublished",
        "contacts_erased",
    ),
    _family(
        "submit",
        _("报送、申报、反馈"),
        "submitted",
        "reported",
        "consolidated",
        "change_requested",
        "answered",
        "escalated",
        "assisted",
        "followed",
    ),
    _family(
        "review",
        _("审核、审签、办结"),
        "signed",
        "approved",
        "reviewed",
        "accepted",
        "accepted_pending",
        "change_decided",
        "closed",
        "completed",
        "resolved",
        "published",
        "committed",
        "visited",
        "merged",
        "rated",
    ),
    _family(
        "return", _("退回、退办"), "returned", "sent_back", "stage_reverted", "rejected", "reopened"
    ),
    _family(
        "dispatch",
        _("下发、签收"),
        "issued",
        "issued_by_rule",
        "hotspot_assigned",
        "dispatched",
        "handed",
        "received",
        "given",
        "acknowledged",
    ),
    _family("sign_in", _("登录"), "signed_in", "sign_in_failed", "sign_in_refused", "locked_out"),
    _family(
        "system",
        _("系统处理"),
        "loaded",
        "demo_loaded",
        "evaluated",
        "restored",
        "read",
        "stalled",
        "requeued",
        "queue_failed",
        "recomputed",
    ),
)
OTHER = VerbFamily("other", _("其他"), frozenset())


def family_of(verb: str) -> VerbFamily:
    ending = verb.partition(".")[2]
    return next((family for family in FAMILIES if ending in family.endings), OTHER)


def family_verbs(family: VerbFamily) -> list[str]:
    return [verb for verb in VERB_LABELS if family_of(verb) == family]


def _family_option(family: VerbFamily) -> str:
    return gettext("%(family)s（全部）") % {"family": family.label}


def kind_values() -> dict[str, VerbFamily | str]:
    """What each value of the 动作 filter selects: a family, or one verb.

    The values are the options' Simplified Chinese words (退回进展, 退回、退办（全部）), not the
    verb codes: a page never carries a code, not even in its HTML, and a link someone saved
    keeps working in every interface language. Labels are unique (a test holds it)."""
    with translation.override("zh-hans"):
        values: dict[str, VerbFamily | str] = {}
        for family in (*FAMILIES, OTHER):
            values[_family_option(family)] = family
            for verb in family_verbs(family):
                values[str(VERB_LABELS[verb])] = verb
    return values


def kind_value(verb_or_family: str | VerbFamily) -> str:
    """The filter's value for a verb code or a family (links and tests build URLs with it)."""
    return next(value for value, kind in kind_values().items() if kind == verb_or_family)


def kind_choices() -> list[tuple[str, Any]]:
    """[("", 全部动作), (family label, [(value, …（全部）), (value, verb label)…])…]"""
    values = {
        kind if isinstance(kind, str) else kind.key: value for value, kind in kind_values().items()
    }
    choices: list[tuple[str, Any]] = [("", gettext("全部动作"))]
    for family in (*FAMILIES, OTHER):
        verbs = sorted(family_verbs(family), key=lambda verb: str(VERB_LABELS[verb]))
        if not verbs:
            continue
        options = [(values[family.key], _family_option(family))]
        options.extend((values[verb], str(VERB_LABELS[verb])) for verb in verbs)
        choices.append((str(family.label), options))
    return choices


def _logged_models() -> list[type[Model]]:
    """Every model of Luoshi that log entries can be about."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("luoshi.") and model not in (ActionLog, SearchEntry)
    ]


def object_type_choices() -> list[tuple[str, Any]]:
    """Kinds of object by name (进展报告), grouped by the app's name (任务落实)."""
    types = ContentType.objects.get_for_models(*_logged_models())
    groups: dict[str, list[tuple[str, str]]] = {}
    for model, content_type in types.items():
        app_name = str(apps.get_app_config(model._meta.app_label).verbose_name)
        groups.setdefault(app_name, []).append(
            (str(content_type.pk), str(model._meta.verbose_name))
        )
    choices: list[tuple[str, Any]] = [("", gettext("全部对象"))]
    choices.extend((name, sorted(options, key=lambda o: o[1])) for name, options in groups.items())
    return choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class LogFilterForm(forms.Form):
    """The filters, read from the query string (every field optional)."""

    person = forms.CharField(label=_("操作人"), required=False, max_length=50)
    unit = forms.TypedChoiceField(label=_("所在单位"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("动作"), required=False)
    object_type = forms.TypedChoiceField(
        label=_("对象类型"), required=False, coerce=int, empty_value=None
    )
    object_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    since = forms.DateField(label=_("从"), required=False, widget=DateInput())
    until = forms.DateField(label=_("至"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = (
            Unit.objects.filter(memberships__isnull=False)
            .distinct()
            .order_by("region__code", "sort_order", "name")
            .values_list("pk", "name")[:MAX_UNITS]
        )
        unit_field: Any = self.fields["unit"]
        unit_field.choices = [("", gettext("全部单位")), *units]
        kind_field: Any = self.fields["kind"]
        kind_field.choices = kind_choices()
        type_field: Any = self.fields["object_type"]
        type_field.choices = object_type_choices()
        self.fields["person"].widget.attrs["placeholder"] = gettext("姓名或用户名")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", gettext("结束日期不能早于开始日期。"))
        return cleaned

    def filters(self) -> LogFilters:
        """The valid filters as the selector takes them (call after `is_valid()`)."""
        data = self.cleaned_data if self.is_bound else {}
        verbs: tuple[str, ...] = ()
        endings: tuple[str, ...] = ()
        kind = kind_values().get(data.get("kind") or "")
        if isinstance(kind, str):
            verbs = (kind,)
        elif kind is not None:
            verbs = tuple(family_verbs(kind))
            endings = tuple(f".{ending}" for ending in sorted(kind.endings & GENERIC_ENDINGS))
        type_id = data.get("object_type")
        return LogFilters(
            person=(data.get("person") or "").strip(),
            unit_id=data.get("unit"),
            verbs=verbs,
            verb_endings=endings,
            target_type_id=type_id,
            target_id=(data.get("object_id") or "").strip() if type_id else "",
            since=local_midnight(data["since"]) if data.get("since") else None,
            until=local_midnight(data["until"] + dt.timedelta(days=1))
            if data.get("until")
            else None,
        )


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of `day` in the region's time zone, as an aware time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
