"""Hotspots and 未诉先办: appeals gathering on one topic in one place, rising against the
period before, are a hotspot naming the spot most of them give; the office turns it into a
task of the county with a supervision notice, its appeals linked and listed on the task's
page; a bad deadline or a reader who is not the office changes nothing; a task lists more
appeals by number, refusing unknown ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.appeals.hotspots import hotspots
from luoshi.appeals.models import Appeal
from luoshi.appeals.services import AppealInput, appeal_record_call
from luoshi.tasks.models import Notice, Task
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(world, people):
    """西关镇: four housing appeals this month (three at 幸福小区), one the month before;
    the county itself: three urban appeals each month (steady, no hotspot)."""
    town = RegionFactory(code="930121104", name="西关镇", level="township", parent=world.county)
    office = people["office"]

    def call(region, topic, place="", text="小区电梯经常停运，老人上下楼很困难，请尽快维修。"):
        return appeal_record_call(
            office, AppealInput(topic=topic, region=region, content=text, place=place)
        ).appeal

    now = [call(town, "housing", "幸福小区") for _ in range(3)] + [call(town, "housing")]
    before = [call(town, "housing", "幸福小区")]
    steady_now = [call(world.county, "urban") for _ in range(3)]
    steady_before = [call(world.county, "urban") for _ in range(3)]
    earlier = timezone.now() - dt.timedelta(days=40)
    Appeal.objects.filter(pk__in=[a.pk for a in before + steady_before]).update(created_at=earlier)
    return {"town": town, "now": now, "steady": steady_now}


def test_a_rising_topic_in_one_place_is_a_hotspot(world, spread):
    found = hotspots(world.county, timezone.localdate(), 30)
    assert [(h.place, h.topic, h.current, h.previous) for h in found] == [
        (spread["town"], "housing", 4, 1)
    ]
    assert found[0].spot == "幸福小区" and found[0].spot_count == 3 and found[0].growth == 300.0


def test_the_office_turns_it_into_a_task_with_a_notice(client, world, people, spread):
    housing = UnitFactory(region=world.county, name="甲县住房和城乡建设局")
    client.force_login(people["office"])
    page = client.get("/appeals/hotspots/?days=30").content.decode()
    assert "西关镇" in page and "幸福小区" in page and "+300.0%" in page and "转为任务" in page
    query = f"region={world.county.code}&days=30&topic=housing&place={spread['town'].code}"
    form = client.get(f"/appeals/hotspots/work/?{query}").content.decode()
    assert "集中解决西关镇群众反映的住房物业问题" in form
    assert f'value="{housing.pk}" selected' in form  # 住房和城乡建设局 carries housing
    fields = {
        "region": world.county.code,
        "days": "30",
        "topic": "housing",
        "place": spread["town"].code,
        "title": "集中解决西关镇幸福小区电梯停运问题",
        "lead_unit": str(housing.pk),
        "notice_colour": "yellow",
    }
    past = client.post("/appeals/hotspots/work/", {**fields, "deadline": "2020-01-01"})
    assert past.status_code == 400 and "不能早于今天" in past.content.decode()
    assert not Task.objects.exists()
    deadline = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    done = client.post("/appeals/hotspots/work/", {**fields, "deadline": deadline})
    task = Task.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/tasks/{task.pk}/"
    assert task.region == world.county and task.source == "appeals" and task.lead_unit == housing
    assert set(task.appeals.all()) == set(spread["now"])
    notice = Notice.objects.get(task=task)
    assert notice.unit == housing and notice.colour == "yellow" and "西关镇" in notice.reason
    detail = client.get(f"/tasks/{task.pk}/").content.decode()
    assert 'id="task-appeals"' in detail and spread["now"][0].number in detail

    leader = user_with_role("jia-leader", world.office, Role.LEADER)
    client.force_login(leader)
    assert "/appeals/hotspots/work/" not in client.get("/appeals/hotspots/").content.decode()
    assert client.get(f"/appeals/hotspots/work/?{query}").status_code == 403


def test_a_task_lists_the_appeals_it_answers(client, world, people, spread):
    task = Task.objects.create(
        region=world.county,
        year=2026,
        title="改造老旧小区电梯",
        lead_unit=world.bureau,
        deadline=dt.date(2026, 12, 31),
    )
    client.force_login(people["office"])
    numbers = " ".join(a.number for a in spread["steady"][:2])
    bad = client.post(
        f"/appeals/tasks/{task.pk}/link/", {"numbers": numbers + " 20990101000000"}, follow=True
    )
    assert "20990101000000" in bad.content.decode() and not task.appeals.exists()
    client.post(f"/appeals/tasks/{task.pk}/link/", {"numbers": numbers})
    assert task.appeals.count() == 2
    first = spread["steady"][0].number
    client.post(f"/appeals/tasks/{task.pk}/unlink/{first}/")
    assert task.appeals.count() == 1
    # A unit's liaison reads the task but neither sees the office's box nor links.
    client.force_login(people["bureau"])
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert 'id="task-appeals-form"' not in page
    refused = client.post(f"/appeals/tasks/{task.pk}/link/", {"numbers": first}, follow=True)
    assert task.appeals.count() == 1 and refused.status_code in (200, 403, 404)


def test_the_hotspots_through_the_api(world, people, spread):
    from luoshi_tests.api.test_token_writes import bearer, system_client, token_for

    api = system_client()
    body = api.get("/api/v1/appeal-hotspots?days=30", **bearer(token_for(people["office"])))
    found = body.json()["hotspots"]
    assert [(h["place"]["name"], h["topic"], h["current"]) for h in found] == [
        ("西关镇", "housing", 4)
    ]
    assert found[0]["spot"] == "幸福小区" and found[0]["growth_percent"] == 300.0
    bad = api.get("/api/v1/appeal-hotspots?days=5", **bearer(token_for(people["office"])))
    assert bad.status_code == 422
