"""Duplicates: the same phone, the same county, a similar text within 30 days is noted at
intake; the office merges it into the earlier appeal (a link both ways), the rates count it
once, the citizen is sent to the first; a different person's appeal on the same matter, or a
different matter, is not noted; a merge out of turn changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from luoshi.appeals import rates
from luoshi.appeals.duplicates import similarity
from luoshi.appeals.merging import appeal_merge
from luoshi.appeals.models import AppealStatus
from luoshi.appeals.selectors import appeals_in
from luoshi.appeals.services import AppealInput, appeal_record_call, appeal_submit_public
from luoshi_tests.api.test_token_writes import bearer, system_client, token_for
from luoshi_tests.appeals.conftest import PHONE

pytestmark = pytest.mark.django_db

FIRST = "东关村村口的路灯坏了两个多月，晚上出行很不方便，希望尽快修好。"
AGAIN = "东关村村口路灯坏了快三个月了，晚上出行很不方便，请尽快修好！"
OTHER = "小区垃圾清运不及时，夏天气味很大，希望增加清运次数。"


def _in(world, text, phone=PHONE, place="东关村"):
    return AppealInput(
        topic="urban", region=world.county, content=text, place=place, contact_phone=phone
    )


def test_similar_texts_score_above_the_bar_and_others_below():
    assert similarity(FIRST, AGAIN) >= 0.5
    assert similarity(FIRST, OTHER) < 0.2


def test_the_same_person_again_is_noted_and_merged(client, world, people):
    office = people["office"]
    first = appeal_record_call(office, _in(world, FIRST)).appeal
    again = appeal_submit_public(_in(world, AGAIN), client_key="203.0.113.9").appeal
    assert again.similar_to == first
    # Another person on the same matter, or the same person on another, is not a duplicate.
    other_person = appeal_record_call(office, _in(world, AGAIN, phone="13800001111")).appeal
    assert other_person.similar_to is None
    assert appeal_record_call(office, _in(world, OTHER)).appeal.similar_to is None
    assert appeal_record_call(office, _in(world, AGAIN, place="西关村")).appeal.similar_to is None

    client.force_login(office)
    assert "疑似重复" in client.get("/appeals/").content.decode()
    page = client.get(f"/appeals/{again.number}/").content.decode()
    assert 'id="appeal-similar"' in page and first.number in page and 'id="merge-form"' in page
    client.post(f"/appeals/{again.number}/merge/", {"into": ""})
    again.refresh_from_db()
    assert again.status == AppealStatus.MERGED and again.merged_into == first
    assert first.number in again.events.get(step="merged").note
    assert again.number in client.get(f"/appeals/{first.number}/").content.decode()

    today = timezone.localdate()
    total = rates.totals(rates.received_between(appeals_in(world.county), today, today))
    assert total.received == 4  # five handed in; the merged one counts as the first

    tracked = Client().post("/appeals/track/", {"number": again.number, "secret": PHONE})
    assert first.number in tracked.content.decode() and "已合并" in tracked.content.decode()


def test_a_merge_out_of_turn_or_into_a_later_appeal_changes_nothing(world, people):
    office = people["office"]
    first = appeal_record_call(office, _in(world, FIRST)).appeal
    again = appeal_record_call(office, _in(world, AGAIN)).appeal
    with pytest.raises(ValidationError, match="更早受理"):
        appeal_merge(office, first, again)
    with pytest.raises(ValidationError, match="另一件"):
        appeal_merge(office, first, first)
    api = system_client()
    url = f"/api/v1/appeals/{again.number}/steps"
    headers = bearer(token_for(office))
    unknown = api.post(
        url, {"step": "merge", "into": "20990101000000"}, content_type="application/json", **headers
    )
    assert unknown.status_code == 422
    first.refresh_from_db()
    again.refresh_from_db()
    assert first.status == again.status == AppealStatus.RECEIVED
    done = api.post(url, {"step": "merge"}, content_type="application/json", **headers)
    assert done.status_code == 200 and done.json()["merged_into"] == first.number
    with pytest.raises(ValidationError, match="不能再合并"):
        appeal_merge(office, again, first)


def test_only_the_same_callers_appeals_merge(world, people):
    office = people["office"]
    first = appeal_record_call(office, _in(world, FIRST)).appeal
    stranger = appeal_record_call(office, _in(world, AGAIN, phone="13800001111")).appeal
    with pytest.raises(ValidationError, match="同一来电人"):
        appeal_merge(office, stranger, first)
    stranger.refresh_from_db()
    assert stranger.status == AppealStatus.RECEIVED and stranger.merged_into is None


def test_a_number_drawn_twice_is_drawn_again(world, people, monkeypatch):
    from luoshi.appeals import services as appeal_services

    first = appeal_record_call(people["office"], _in(world, FIRST)).appeal
    draws = iter([int(first.number[8:]), 424242])
    monkeypatch.setattr(appeal_services.secrets, "randbelow", lambda _n: next(draws))
    second = appeal_record_call(people["office"], _in(world, OTHER)).appeal
    assert second.number.endswith("424242") and second.number != first.number
