"""接诉即办: the office dispatches an appeal to a bureau, the bureau signs (or returns it with a
reason and the office re-routes it), answers, and the office closes it. Only the handling unit
sees the contact in full; every step is in the timeline the citizen follows; a step out of turn
or by the wrong person changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.appeals.handling import (
    appeal_answer,
    appeal_close,
    appeal_dispatch,
    appeal_return,
    appeal_sign,
)
from luoshi.appeals.models import Appeal, AppealStatus
from luoshi_tests.api.test_token_writes import bearer, system_client, token_for
from luoshi_tests.appeals.conftest import PHONE, REPLY
from luoshi_tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_dispatch_sign_answer_close_in_the_browser_pages(client, world, people, appeal):
    client.force_login(people["office"])
    page = client.get(f"/appeals/{appeal.number}/").content.decode()
    assert 'id="dispatch-form"' in page and PHONE not in page
    client.post(f"/appeals/{appeal.number}/dispatch/", {"unit": world.bureau.pk})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISPATCHED and appeal.lead_unit == world.bureau

    client.force_login(people["bureau"])
    page = client.get(f"/appeals/{appeal.number}/").content.decode()
    assert PHONE in page and "王小明" in page  # the handling unit calls the citizen back
    assert appeal.number in client.get("/appeals/").content.decode()
    client.post(f"/appeals/{appeal.number}/sign/")
    short = client.post(f"/appeals/{appeal.number}/answer/", {"note": "已处理"})
    assert short.status_code == 400 and "至少 10 个字" in short.content.decode()
    client.post(f"/appeals/{appeal.number}/answer/", {"note": REPLY})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ANSWERED and appeal.reply == REPLY

    client.force_login(people["office"])
    bare = client.post(f"/appeals/{appeal.number}/close/")
    assert bare.status_code == 400 and "未能回访的原因" in bare.content.decode()
    client.post(f"/appeals/{appeal.number}/close/", {"note": "三次电话均无人接听，短信告知。"})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.CLOSED
    steps = list(appeal.events.values_list("step", flat=True))
    assert steps == ["dispatched", "signed", "answered", "closed"]

    # The citizen follows it: the steps and the answer, never the contact.
    tracked = client.post("/appeals/track/", {"number": appeal.number, "secret": PHONE})
    html = tracked.content.decode()
    assert "已办结" in html and REPLY in html and world.bureau.name in html
    assert "王小明" not in html


def test_a_returned_appeal_is_re_routed(world, people, appeal):
    appeal_dispatch(people["office"], appeal, world.bureau)
    with pytest.raises(ValidationError, match="至少 10 个字"):
        appeal_return(people["bureau"], appeal, "不归我们")
    appeal_return(people["bureau"], appeal, "路灯由乡镇管理，不属于发改局职责，请改派。")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RETURNED and appeal.lead_unit is None
    lights = UnitFactory(region=world.county, name="甲县住房和城乡建设局")
    appeal_dispatch(people["office"], appeal, lights)
    appeal.refresh_from_db()
    assert appeal.lead_unit == lights
    assert list(appeal.events.values_list("step", flat=True)) == [
        "dispatched",
        "returned",
        "dispatched",
    ]


def test_steps_out_of_turn_or_by_the_wrong_person_change_nothing(world, people, appeal):
    with pytest.raises(PermissionDenied):
        appeal_sign(people["bureau"], appeal)  # not sent to the bureau (yet)
    appeal_dispatch(people["office"], appeal, world.bureau)
    with pytest.raises(PermissionDenied):
        appeal_sign(people["other"], appeal)  # another county's bureau
    with pytest.raises(ValidationError, match="签收后才能答复"):
        appeal_answer(people["bureau"], appeal, REPLY)
    with pytest.raises(ValidationError, match="答复后才能办结"):
        appeal_close(people["office"], appeal)
    with pytest.raises(ValidationError, match="不能再派单"):
        appeal_dispatch(people["office"], appeal, world.bureau)
    fresh = Appeal.objects.create(
        number="20261205000001",
        channel="hotline",
        topic="urban",
        region=world.county,
        content="另一件诉求的内容写在这里。",
        code_digest="x",
    )
    with pytest.raises(ValidationError, match="只能派给诉求所在地区"):
        appeal_dispatch(people["office"], fresh, world.other_bureau)  # the other county's
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISPATCHED and appeal.events.count() == 1


def test_another_unit_never_sees_it(client, world, people, appeal):
    appeal_dispatch(people["office"], appeal, world.bureau)
    client.force_login(people["other"])
    assert appeal.number not in client.get("/appeals/").content.decode()
    assert client.get(f"/appeals/{appeal.number}/").status_code == 404
    assert client.post(f"/appeals/{appeal.number}/sign/").status_code == 404


def test_the_steps_through_the_api(world, people, appeal):
    api = system_client()
    office, bureau = bearer(token_for(people["office"])), bearer(token_for(people["bureau"]))
    url = f"/api/v1/appeals/{appeal.number}/steps"

    def step(headers, **body):
        return api.post(url, body, content_type="application/json", **headers)

    assert step(office, step="dispatch").status_code == 422  # no unit chosen
    sent = step(office, step="dispatch", unit=world.bureau.pk)
    assert sent.status_code == 200 and sent.json()["contact_phone"] == "139****5678"
    signed = step(bureau, step="sign")
    assert signed.status_code == 200 and signed.json()["contact_phone"] == PHONE
    assert step(bureau, step="close").status_code == 403  # the office closes
    answered = step(bureau, step="answer", note=REPLY)
    assert answered.json()["status"] == "answered" and answered.json()["reply"] == REPLY
    assert step(office, step="close").status_code == 422  # without why there was no follow-up
    closed = step(office, step="close", note="三次电话均无人接听，短信已告知。")
    assert closed.json()["status"] == "closed"
