"""Study tours: a summary meeting records insights and cooperation items; the responsible unit
follows an item like a task until it is signed, started or dropped; an item becomes a key
project that keeps the link back; the leaders see what each study tour produced. Bad input
and the wrong reader change nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.engagement.cooperation_services import (
    CooperationInput,
    cooperation_create,
    cooperation_follow,
)
from luoshi.engagement.meeting_services import InsightInput, MeetingInput, meeting_create
from luoshi.engagement.models import CooperationItem, CooperationStatus, CooperationUpdate
from luoshi.projects.models import Project
from luoshi.projects.services import ProjectInput, project_create
from luoshi_tests.browser_forms import csrf_client, post_form
from luoshi_tests.conftest import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tour(world, supervisor):
    return meeting_create(
        actor=supervisor,
        data=MeetingInput(
            kind="summary_meeting",
            title="赴浙江学习考察总结交流会",
            date=date(2026, 5, 11),
            region=world.county,
            insights=[
                InsightInput("浙江杭州", "数字化改革一网通办", "审批事项能少跑一次就少跑一次"),
            ],
        ),
    )


@pytest.fixture
def item(tour, world, supervisor):
    return cooperation_create(
        actor=supervisor,
        meeting=tour,
        data=CooperationInput(
            partner="杭州某新能源公司",
            content="合作建设储能电池生产基地。一期投资20亿元",
            unit=world.bureau,
            deadline=timezone.localdate() + timedelta(days=90),
            next_step="月底前赴企业洽谈签约",
        ),
    )


def test_the_office_records_an_item_on_the_summary_meeting(tour, world, supervisor):
    client = csrf_client(supervisor)
    page_url = f"/engagement/meetings/{tour.pk}/"
    page = client.get(page_url).content.decode()
    assert "浙江杭州" in page and "数字化改革一网通办" in page and 'id="cooperation-new"' in page
    new_url = f"/engagement/meetings/{tour.pk}/cooperation/new/"
    deadline = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = post_form(
        client,
        new_url,
        new_url,
        {
            "partner": "宁波某港口集团",
            "content": "共建内陆无水港",
            "unit": str(world.bureau.pk),
            "next_step": "对接线路",
            "deadline": deadline,
            "amount": "",
        },
    )
    item = CooperationItem.objects.get()
    assert response["Location"] == f"/engagement/cooperation/{item.pk}/"
    assert (item.meeting, item.unit, item.status) == (tour, world.bureau, "following")
    assert "宁波某港口集团" in client.get(page_url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"partner": "", "content": "共建", "deadline": "+10"}, "请填写合作方"),
        ({"partner": "某公司", "content": "共建", "deadline": "-1"}, "完成时限不能早于今天"),
        ({"partner": "某公司", "content": "共建", "deadline": "明年"}, "年-月-日"),
        ({"partner": "某公司", "content": "共建", "deadline": "+10", "amount": "-3"}, "0"),
        ({"partner": "某公司", "content": "共建", "deadline": "+10", "unit": "other"}, "范围"),
    ],
)
def test_a_bad_item_is_refused_and_nothing_is_stored(tour, world, supervisor, data, message):
    client = csrf_client(supervisor)
    url = f"/engagement/meetings/{tour.pk}/cooperation/new/"
    deadline = data["deadline"]
    if deadline[0] in "+-":
        deadline = (timezone.localdate() + timedelta(days=int(deadline))).isoformat()
    unit = world.other_bureau.pk if data.get("unit") == "other" else world.bureau.pk
    response = post_form(
        client,
        url,
        url,
        {**data, "deadline": deadline, "unit": str(unit), "amount": data.get("amount", "")},
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not CooperationItem.objects.exists()


def test_the_unit_follows_the_item_until_it_starts(item, world, liaison, leader):
    client = csrf_client(liaison)
    url = f"/engagement/cooperation/{item.pk}/"
    assert 'id="cooperation-follow"' in client.get(url).content.decode()
    response = post_form(
        client,
        url,
        f"{url}follow/",
        {
            "on": timezone.localdate().isoformat(),
            "text": "双方签订投资协议。",
            "status": "signed",
            "next_step": "办理用地手续",
            "amount": "20",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.amount, item.next_step) == ("signed", Decimal("20"), "办理用地手续")

    # A leader reads, does not follow.
    assert csrf_client(leader).get(url).status_code == 200
    refused = post_form(
        csrf_client(leader), url, f"{url}follow/", {"text": "x", "status": "started", "on": ""}
    )
    assert refused.status_code == 403

    post_form(
        client,
        url,
        f"{url}follow/",
        {"on": timezone.localdate().isoformat(), "text": "项目开工。", "status": "started"},
    )
    item.refresh_from_db()
    assert item.status == "started"
    page = client.get(url).content.decode()
    assert 'id="cooperation-follow"' not in page and "不再跟进" in page
    with pytest.raises(ValidationError, match="不再跟进"):
        cooperation_follow(actor=liaison, item=item, text="再跟进", status="signed")
    assert CooperationUpdate.objects.filter(item=item).count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "status": "signed"}, "请填写进展情况"),
        ({"text": "洽谈", "status": "won"}, "选择"),
        ({"text": "洽谈", "status": "signed", "on": "+3"}, "不能晚于今天"),
        ({"text": "洽谈", "status": "signed", "amount": "很多"}, "请填数字"),
    ],
)
def test_a_bad_follow_up_changes_nothing(item, liaison, data, message):
    on = data.get("on", "+0")
    data = {
        **data,
        "on": (timezone.localdate() + timedelta(days=int(on))).isoformat(),
        "amount": data.get("amount", ""),
    }
    url = f"/engagement/cooperation/{item.pk}/"
    response = post_form(csrf_client(liaison), url, f"{url}follow/", data)
    assert response.status_code == 400 and message in response.content.decode()
    item.refresh_from_db()
    assert item.status == "following" and not item.updates.exists()


def test_another_units_liaison_neither_reads_nor_follows(item, world):
    outsider = user_with_role("yixian_liaison", world.other_bureau, Role.LIAISON)
    client = csrf_client(outsider)
    url = f"/engagement/cooperation/{item.pk}/"
    assert client.get(url).status_code == 404
    assert "杭州某新能源公司" not in client.get("/engagement/cooperation/").content.decode()
    token = client.get("/engagement/cooperation/").cookies["csrftoken"].value
    response = client.post(
        f"{url}follow/",
        {"csrfmiddlewaretoken": token, "text": "x", "status": "started", "on": "2026-01-01"},
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "following"


def test_an_item_becomes_a_key_project_that_points_back(item, world, supervisor, leader):
    cooperation_follow(
        actor=supervisor, item=item, text="签约", status="signed", amount=Decimal("2.5")
    )
    client = csrf_client(supervisor)
    new_url = f"/projects/new/?cooperation={item.pk}"
    form = client.get(new_url).content.decode()
    assert 'id="project-from-cooperation"' in form
    assert "合作建设储能电池生产基地" in form and 'value="25000' in form  # 2.5 亿元 → 万元
    response = post_form(
        client,
        new_url,
        "/projects/new/",
        {
            "cooperation": str(item.pk),
            "region": world.county.code,
            "year": str(timezone.localdate().year),
            "name": "储能电池生产基地",
            "category": "industry",
            "unit": str(world.bureau.pk),
            "total_investment": "25000",
            "annual_plan": "8000",
        },
    )
    project = Project.objects.get()
    assert response["Location"] == f"/projects/{project.pk}/"
    assert project.cooperation_item == item and project.region == world.county
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/engagement/cooperation/{item.pk}/" in detail
    assert f"/engagement/meetings/{item.meeting_id}/" in detail
    assert "储能电池生产基地" in client.get(f"/engagement/cooperation/{item.pk}/").content.decode()

    tours = csrf_client(leader).get("/engagement/study-tours/").content.decode()
    row = tours.split("赴浙江学习考察总结交流会")[1].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in row.split("</td>")[:-1]]
    # 体会 1 · 事项 1 · 已签约 1 · 已开工 0 · 已终止 0 · 超期 0 · 2.5 亿元 · 1 个项目
    assert cells == ["甲县", "2026年5月11日", "1", "1", "1", "0", "0", "0", "2.50", "1"], cells


def test_a_dropped_item_does_not_become_a_project(item, world, supervisor):
    cooperation_follow(actor=supervisor, item=item, text="对方放弃", status="dropped")
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="已终止"):
        project_create(
            actor=supervisor,
            data=ProjectInput(
                region=world.county,
                year=2026,
                name="x",
                unit=world.bureau,
                total_investment=Decimal(1),
                cooperation_item=item,
            ),
        )
    assert not Project.objects.exists()
    page = csrf_client(supervisor).get(f"/engagement/cooperation/{item.pk}/").content.decode()
    assert "cooperation-to-project" not in page


def test_lights_and_the_list_filter(item, world, supervisor):
    CooperationItem.objects.filter(pk=item.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    client = csrf_client(supervisor)
    red = client.get("/engagement/cooperation/?colour=red").content.decode()
    green = client.get("/engagement/cooperation/?colour=green").content.decode()
    assert "杭州某新能源公司" in red and "light-red" in red
    assert "杭州某新能源公司" not in green
    assert str(CooperationStatus.FOLLOWING.label) in red


def test_the_responsible_unit_is_reminded_near_and_past_the_deadline(item, world, liaison):
    from luoshi.tasks.models import Notification
    from luoshi.tasks.services.suggestion_reminders import send_cooperation_reminders

    today = timezone.localdate()
    assert send_cooperation_reminders(as_of=today).total == 0  # 90 days off
    near = item.deadline - timedelta(days=3)
    assert send_cooperation_reminders(as_of=near).counts == {"cooperation_soon": 1}
    assert send_cooperation_reminders(as_of=near).total == 0  # once
    late = item.deadline + timedelta(days=1)
    assert send_cooperation_reminders(as_of=late).counts == {"cooperation_overdue": 1}
    texts = list(Notification.objects.filter(user=liaison).values_list("text", flat=True))
    assert len(texts) == 2 and "杭州某新能源公司" in texts[0]


def test_a_started_item_is_not_reminded(item, liaison):
    from luoshi.tasks.services.suggestion_reminders import send_cooperation_reminders

    cooperation_follow(actor=liaison, item=item, text="项目开工", status="started")
    assert send_cooperation_reminders(as_of=item.deadline + timedelta(days=1)).total == 0


def _api(user, method: str, url: str, payload: dict | None = None):
    import json

    from django.test import Client

    from luoshi.accounts.services import api_token_create

    _token, key = api_token_create(actor=user, user=user, name="招商系统")
    client = Client(enforce_csrf_checks=True)
    send = getattr(client, method)
    body = json.dumps(payload) if payload is not None else None
    extra = {"content_type": "application/json"} if body is not None else {}
    return send(f"/api/v1{url}", body, HTTP_AUTHORIZATION=f"Bearer {key}", **extra)


def test_the_api_lists_reads_and_follows_items_as_the_pages_do(item, world, liaison, leader):
    listed = _api(liaison, "get", "/cooperation-items").json()
    assert [row["id"] for row in listed["items"]] == [item.pk]
    assert (
        listed["items"][0]["light"] == "green"
        and listed["items"][0]["unit"]["id"] == world.bureau.pk
    )
    assert _api(leader, "get", "/cooperation-items?colour=red").json()["items"] == []
    assert _api(leader, "get", "/cooperation-items?colour=blue").status_code == 422
    outsider = user_with_role("yixian_api", world.other_bureau, Role.LIAISON)
    assert _api(outsider, "get", "/cooperation-items").json()["items"] == []
    assert _api(outsider, "get", f"/cooperation-items/{item.pk}").status_code == 404
    url = f"/cooperation-items/{item.pk}/follow"
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    late = _api(liaison, "post", url, {"text": "洽谈", "status": "signed", "on": future})
    assert late.status_code == 422 and "不能晚于今天" in late.content.decode()
    assert _api(leader, "post", url, {"text": "洽谈", "status": "signed"}).status_code == 403
    assert _api(outsider, "post", url, {"text": "洽谈", "status": "signed"}).status_code == 404
    item.refresh_from_db()
    assert item.status == "following" and not item.updates.exists()
    done = _api(liaison, "post", url, {"text": "签约", "status": "signed", "amount": "1.5"})
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["status"], body["amount"], body["updates"][0]["text"]) == (
        "signed",
        1.5,
        "签约",
    )


def test_search_finds_an_item_for_those_who_may_open_it(
    tour, world, supervisor, liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = cooperation_create(
            actor=supervisor,
            meeting=tour,
            data=CooperationInput(
                partner="杭州某新能源公司",
                content="合作建设储能电池生产基地",
                unit=world.bureau,
                deadline=timezone.localdate() + timedelta(days=90),
            ),
        )
        cooperation_follow(actor=liaison, item=made, text="完成选址踏勘", status="following")
    outsider = user_with_role("yixian_search", world.other_bureau, Role.LIAISON)
    url = f"/engagement/cooperation/{made.pk}/"
    for user, sees in ((supervisor, True), (liaison, True), (outsider, False)):
        page = csrf_client(user).get("/search/?q=%E9%80%89%E5%9D%80%E8%B8%8F%E5%8B%98")  # 选址踏勘
        assert (url in page.content.decode()) is sees, user
