"""The public side: the portal shows the region's monthly rates and the cases the office
published in its own words, never a contact; publishing refuses a text with the citizen's
name or number, or an appeal not yet closed, and changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.appeals.handling import appeal_answer, appeal_dispatch, appeal_sign, appeal_visit
from luoshi.appeals.publishing import appeal_publish, appeal_unpublish, draft_of
from luoshi_tests.api.test_token_writes import bearer, system_client, token_for
from luoshi_tests.appeals.conftest import PHONE, REPLY

pytestmark = pytest.mark.django_db

CASE = "东关村村民反映村口路灯损坏。县发改局协调维修班组更换线路，路灯已恢复照明，并纳入每月巡查。"


def _closed(people, world, appeal):
    appeal_dispatch(people["office"], appeal, world.bureau)
    appeal_sign(people["bureau"], appeal)
    appeal_answer(people["bureau"], appeal, REPLY)
    appeal_visit(people["office"], appeal, "satisfied", resolved=True)
    appeal.refresh_from_db()
    return appeal


def test_only_a_closed_appeal_in_words_without_the_citizen(world, people, appeal):
    office = people["office"]
    with pytest.raises(ValidationError, match="办结后才能公开"):
        appeal_publish(office, appeal, CASE)
    appeal = _closed(people, world, appeal)
    draft = draft_of(appeal)
    assert PHONE not in draft and "王小明" not in draft and world.bureau.name in draft
    for bad in (
        CASE + "联系人王小明。",
        CASE + "电话 139-1234-5678。",
        CASE + "身份证 110101199001011234",
    ):
        with pytest.raises(ValidationError, match="不能有来电人的姓名"):
            appeal_publish(office, appeal, bad)
    with pytest.raises(ValidationError, match="至少写"):
        appeal_publish(office, appeal, "路灯修好了")
    appeal.refresh_from_db()
    assert appeal.published_at is None and not appeal.public_text
    with pytest.raises(PermissionDenied):  # the unit may not publish
        appeal_publish(people["bureau"], appeal, CASE)
    appeal_publish(office, appeal, CASE)
    appeal.refresh_from_db()
    assert appeal.public_text == CASE and appeal.published_at is not None


def test_the_portal_shows_rates_and_published_cases_without_personal_data(
    client, world, people, appeal
):
    appeal = _closed(people, world, appeal)
    # The appeal alone gives the county its portal page for the year.
    url = f"/portal/{world.county.code}/{appeal.created_at.year}/"
    page = client.get(url).content.decode()
    assert 'id="appeals"' in page and "100.0%" in page
    assert 'id="appeal-cases"' not in page  # nothing published yet
    assert PHONE not in page and "王小明" not in page and "路灯坏了两个多月" not in page
    client.force_login(people["office"])
    client.post(f"/appeals/{appeal.number}/publish/", {"note": CASE})
    client.logout()
    page = client.get(url).content.decode()
    assert CASE in page and PHONE not in page and "王小明" not in page
    # Withdrawn through the API: gone from the portal.
    api = system_client()
    done = api.post(
        f"/api/v1/appeals/{appeal.number}/steps",
        {"step": "unpublish"},
        content_type="application/json",
        **bearer(token_for(people["office"])),
    )
    assert done.status_code == 200 and done.json()["public_text"] == ""
    assert CASE not in client.get(url).content.decode()
    appeal.refresh_from_db()
    assert appeal.published_at is None
    with pytest.raises(ValidationError, match="没有公开"):
        appeal_unpublish(people["office"], appeal)
