"""Ids and codes resolved in one place: a missing row is one NotFound (also the model's own
DoesNotExist and an Http404), answered by the API with a JSON 404 naming what is missing; a
step out of order is one refusal; a refusal reads the same on forms, pages and the API."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.test import Client

from luoshi.core import selectors
from luoshi.core.lookups import NotFound, found, found_all
from luoshi.core.models import Region, Unit
from luoshi.core.refusals import refusal_items
from luoshi.core.view_guards import form_errors_from
from luoshi.core.workflow import require_state
from luoshi.imports.models import BatchStatus, ImportBatch

pytestmark = pytest.mark.django_db


def test_a_missing_row_is_notfound_and_the_models_own_doesnotexist(world):
    with pytest.raises(Unit.DoesNotExist) as caught:
        selectors.unit_get(unit_id=987654)
    assert isinstance(caught.value, NotFound) and isinstance(caught.value, Http404)
    assert str(caught.value) == "没有编号为 987654 的单位。"
    with pytest.raises(Region.DoesNotExist, match="没有代码为 999999 的行政区划。"):
        selectors.region_get(code="999999")
    # Another model's DoesNotExist is not caught by mistake.
    with pytest.raises(NotFound) as other:
        found(Region.objects.all(), pk=-1)
    assert not isinstance(other.value, Unit.DoesNotExist)
    assert found(Unit.objects.all(), pk=world.bureau.pk) == world.bureau


def test_the_queryset_carries_the_reach_and_a_message_can_be_given(world):
    world.bureau.is_active = False
    world.bureau.save()
    with pytest.raises(NotFound, match=r"^没有编号为 \d+ 的单位。$"):
        found(Unit.objects.filter(is_active=True), pk=world.bureau.pk)
    with pytest.raises(NotFound, match=r"^这个单位已停用。$"):
        found(Unit.objects.filter(is_active=True), message="这个单位已停用。", pk=world.bureau.pk)


def test_found_all_keeps_the_order_and_names_every_missing_id(world):
    ids = [world.other_bureau.pk, world.office.pk]
    assert found_all(Unit.objects.all(), ids) == [world.other_bureau, world.office]
    with pytest.raises(NotFound) as caught:
        found_all(Unit.objects.all(), [world.office.pk, 90001, 90002])
    assert str(caught.value) == "没有编号为 90001、90002 的单位。"


def test_the_api_answers_a_missing_row_with_its_sentence(world, supervisor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    response = client.get("/api/v1/units/987654")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有编号为 987654 的单位。"}
    response = client.get("/api/v1/regions/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有代码为 999999 的行政区划。"}


def test_require_state_refuses_with_the_current_states_label():
    batch = ImportBatch(status=BatchStatus.FAILED)
    require_state(batch, BatchStatus.FAILED, field="status")
    require_state(batch, [BatchStatus.REVIEW, BatchStatus.FAILED], field="status")
    with pytest.raises(ValidationError) as caught:
        require_state(batch, BatchStatus.REVIEW, field="status")
    assert caught.value.messages == [f"当前为“{batch.get_status_display()}”，不能进行这一步。"]
    assert "%(" not in caught.value.messages[0]
    with pytest.raises(ValidationError, match="第 3 号"):
        require_state(
            batch, BatchStatus.REVIEW, "第 %(number)s 号：%(state)s", field="status", number=3
        )


class _NoteForm(forms.Form):
    note = forms.CharField()


def test_a_refusal_reads_the_same_everywhere():
    refusal = ValidationError({"note": ["请写明理由。"], NON_FIELD_ERRORS: ["已经审批。"]})
    assert refusal_items(refusal) == [("note", "请写明理由。"), ("", "已经审批。")]
    assert refusal_items(ValidationError(["一。", "二。"])) == [("", "一。"), ("", "二。")]
    form = _NoteForm({"note": "x"})
    assert form.is_valid()
    form_errors_from(form, ValidationError({"note": "太短。", "other": "别处。"}))
    assert form.errors["note"] == ["太短。"]
    assert form.non_field_errors() == ["别处。"]
