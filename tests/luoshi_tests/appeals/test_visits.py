"""回访 and 重办: the citizen (from the browser that followed the appeal) or the office on the
telephone gives the verdict; 满意 closes the case, 不满意 with its reason reopens it to the
same unit once, and 不满意 again closes it with that verdict. A verdict out of turn, without
its reason, or from a stranger's browser changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from luoshi.appeals.handling import appeal_answer, appeal_dispatch, appeal_sign, appeal_visit
from luoshi.appeals.models import Appeal, AppealStatus
from luoshi_tests.api.test_token_writes import bearer, system_client, token_for
from luoshi_tests.appeals.conftest import PHONE, REPLY

pytestmark = pytest.mark.django_db

WHY = "路灯修好两天又坏了，晚上还是一片漆黑。"


def _answered(people, world, appeal):
    appeal_dispatch(people["office"], appeal, world.bureau)
    appeal_sign(people["bureau"], appeal)
    appeal_answer(people["bureau"], appeal, REPLY)
    return Appeal.objects.get(pk=appeal.pk)


def _steps(appeal):
    return list(appeal.events.values_list("step", flat=True))


def test_satisfied_on_the_telephone_closes_it(client, world, people, appeal):
    _answered(people, world, appeal)
    client.force_login(people["office"])
    page = client.get(f"/appeals/{appeal.number}/").content.decode()
    assert 'id="visit-form"' in page and 'id="close-form"' in page
    client.post(f"/appeals/{appeal.number}/visit/", {"satisfaction": "basic", "solved": "yes"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED and appeal.closed_at is not None
    assert appeal.satisfaction == "basic" and appeal.resolved is True
    assert _steps(appeal)[-2:] == ["visited", "closed"]
    assert "基本满意" in client.get(f"/appeals/{appeal.number}/").content.decode()


def test_unsatisfied_reopens_once_then_closes(world, people, appeal):
    appeal = _answered(people, world, appeal)
    with pytest.raises(ValidationError, match="不满意的原因"):
        appeal_visit(people["office"], appeal, "unsatisfied", reason="")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED and not appeal.satisfaction
    with pytest.raises(PermissionDenied):
        appeal_visit(people["bureau"], appeal, "satisfied")  # the unit never rates itself

    appeal_visit(people["office"], appeal, "unsatisfied", resolved=False, reason=WHY)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISPATCHED and appeal.lead_unit == world.bureau
    assert appeal.reopened == 1 and appeal.signed_at is None
    assert _steps(appeal)[-2:] == ["visited", "reopened"]
    assert appeal.events.get(step="reopened").note == WHY

    appeal_sign(people["bureau"], appeal)
    appeal_answer(people["bureau"], appeal, "已更换整条线路的老化电缆，并请村委会每周巡查一次。")
    appeal_visit(people["office"], appeal, "unsatisfied", resolved=False, reason=WHY)
    appeal.refresh_from_db()
    # 重办 once: the second 不满意 closes it, the verdict kept.
    assert appeal.status == AppealStatus.CLOSED and appeal.satisfaction == "unsatisfied"
    assert appeal.reopened == 1
    with pytest.raises(ValidationError, match="答复后才能回访"):
        appeal_visit(people["office"], appeal, "satisfied")


def test_the_citizen_rates_from_the_page_that_followed_it(world, people, appeal):
    citizen = Client(enforce_csrf_checks=False)
    stranger = Client()
    found = citizen.post("/appeals/track/", {"number": appeal.number, "secret": PHONE})
    assert 'id="rate-form"' not in found.content.decode()  # not answered yet
    refused = citizen.post(f"/appeals/track/{appeal.number}/rate/", {"satisfaction": "satisfied"})
    assert refused.status_code == 400 and "答复后才能回访" in refused.content.decode()

    _answered(people, world, appeal)
    page = citizen.get(f"/appeals/track/?number={appeal.number}").content.decode()
    assert 'id="rate-form"' in page and REPLY in page and PHONE not in page
    # A browser that has not followed it with the phone or code may not rate it.
    assert (
        stranger.get(f"/appeals/track/?number={appeal.number}").content.decode().count(REPLY) == 0
    )
    blocked = stranger.post(
        f"/appeals/track/{appeal.number}/rate/", {"satisfaction": "unsatisfied", "reason": WHY}
    )
    assert blocked.status_code == 404
    no_reason = citizen.post(
        f"/appeals/track/{appeal.number}/rate/", {"satisfaction": "unsatisfied"}
    )
    assert no_reason.status_code == 400 and "不满意的原因" in no_reason.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED

    done = citizen.post(
        f"/appeals/track/{appeal.number}/rate/",
        {"satisfaction": "unsatisfied", "solved": "no", "reason": WHY},
        follow=True,
    )
    assert "谢谢您的评价" in done.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISPATCHED and appeal.reopened == 1
    visited = appeal.events.get(step="visited")
    assert visited.actor is None and visited.satisfaction == "unsatisfied"
    staff = Client()
    staff.force_login(people["office"])
    assert "市民评价" in staff.get(f"/appeals/{appeal.number}/").content.decode()


def test_the_verdict_through_the_api(world, people, appeal):
    _answered(people, world, appeal)
    api = system_client()
    url = f"/api/v1/appeals/{appeal.number}/steps"
    office = bearer(token_for(people["office"]))
    wrong = api.post(
        url, {"step": "visit", "satisfaction": "great"}, content_type="application/json", **office
    )
    assert wrong.status_code == 422
    done = api.post(
        url,
        {"step": "visit", "satisfaction": "satisfied", "resolved": True},
        content_type="application/json",
        **office,
    )
    body = done.json()
    assert done.status_code == 200 and body["status"] == "closed"
    assert body["satisfaction"] == "satisfied" and body["resolved"] is True
    assert body["light"] is None and body["due_date"]
