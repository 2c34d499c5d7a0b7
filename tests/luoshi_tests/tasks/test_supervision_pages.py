"""Notice pages: list (scoped), detail with the flow's forms, issuing, generating."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.tasks.models import Notice, NoticeState, Task
from luoshi_tests.tasks.conftest import issue_notice, make_task

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def test_the_list_shows_the_colour_in_words(client_for, notice, supervisor, liaison):
    for user in (supervisor, liaison):
        text = page_text(client_for(user).get(reverse("tasks:notice_list")))
        assert notice.number in text and "黄色督办（进度滞后）" in text and "已下发" in text


def test_a_unit_member_sees_only_their_units_notices(
    client_for, notice, supervisor, world, transport, transport_liaison, other_liaison
):
    to_roads = issue_notice(supervisor, notice.task, unit=transport, reason="配合不力")
    roads = page_text(client_for(transport_liaison).get(reverse("tasks:notice_list")))
    assert to_roads.number in roads and notice.number not in roads
    assert (
        client_for(transport_liaison)
        .get(reverse("tasks:notice_detail", args=[notice.pk]))
        .status_code
        == 403
    )
    other = page_text(client_for(other_liaison).get(reverse("tasks:notice_list")))
    assert notice.number not in other and to_roads.number not in other
    assert "按规则生成督办单" not in roads  # only the office generates


def test_the_list_queries_do_not_grow(
    client_for, supervisor, world, task, liaison, django_assert_max_num_queries
):
    issue_notice(supervisor, task)
    client = client_for(supervisor)
    with django_assert_max_num_queries(20) as one:
        assert client.get(reverse("tasks:notice_list")).status_code == 200
    for i in range(15):
        issue_notice(supervisor, make_task(supervisor, world, title=f"任务{i}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("tasks:notice_list")).content.decode().count("督办〔") >= 16


def test_issuing_from_the_page(client_for, supervisor, task, liaison, transport):
    client = client_for(supervisor)
    url = reverse("tasks:notice_new", args=[task.pk])
    form = page_text(client.get(url))
    assert "甲县发展和改革局（牵头）" in form and "甲县交通运输局" in form
    default_due = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert f'value="{default_due}"' in form  # the date picker shows the proposed day
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        url,
        {"unit": transport.pk, "colour": "red", "reason": "逾期未完成", "due_date": due},
    )
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:notice_detail", args=[notice.pk])
    assert (notice.unit, notice.colour) == (transport, "red")
    detail = page_text(client.get(response["Location"]))
    assert "红色督办（逾期）" in detail and "已下发督办单" in detail


def test_bad_input_on_the_page_is_shown_and_nothing_is_written(client_for, supervisor, task):
    url = reverse("tasks:notice_new", args=[task.pk])
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_for(supervisor).post(
        url, {"unit": task.lead_unit_id, "colour": "red", "reason": "逾期", "due_date": past}
    )
    assert response.status_code == 400
    assert "反馈时限不能早于今天" in page_text(response)
    response = client_for(supervisor).post(url, {"unit": 999999, "colour": "red"})
    assert response.status_code == 400
    assert not Notice.objects.exists()


def test_units_cannot_open_the_issue_form(client_for, task, liaison, other_supervisor):
    url = reverse("tasks:notice_new", args=[task.pk])
    assert client_for(liaison).get(url).status_code == 403
    assert client_for(other_supervisor).get(url).status_code == 403
    assert client_for(other_supervisor).post(url, {"reason": "x"}).status_code == 403
    assert not Notice.objects.exists()


def test_the_flow_through_the_pages(client_for, notice, supervisor, liaison):
    unit = client_for(liaison)
    office = client_for(supervisor)
    detail = reverse("tasks:notice_detail", args=[notice.pk])
    assert 'id="receive-form"' in page_text(unit.get(detail))
    assert 'id="receive-form"' not in page_text(office.get(detail))

    unit.post(reverse("tasks:notice_receive", args=[notice.pk]))
    response = unit.post(reverse("tasks:notice_answer", args=[notice.pk]), {"answer": ""})
    assert "请填写办理情况" in page_text(unit.get(response["Location"]))
    unit.post(reverse("tasks:notice_answer", args=[notice.pk]), {"answer": "已整改到位"})
    notice.refresh_from_db()
    assert notice.state == NoticeState.ANSWERED

    assert 'id="review-form"' in page_text(office.get(detail))
    office.post(reverse("tasks:notice_review", args=[notice.pk]), {"decision": "send_back"})
    notice.refresh_from_db()
    assert notice.state == NoticeState.ANSWERED  # a send-back needs a reason
    office.post(
        reverse("tasks:notice_review", args=[notice.pk]),
        {"decision": "send_back", "note": "请补充佐证"},
    )
    unit.post(reverse("tasks:notice_answer", args=[notice.pk]), {"answer": "已补充"})
    office.post(reverse("tasks:notice_review", args=[notice.pk]), {"decision": "close"})
    notice.refresh_from_db()
    assert (notice.state, notice.answer, notice.review_note) == ("closed", "已补充", "")
    assert "已办结" in page_text(office.get(detail))


def test_denied_steps_on_the_pages_change_nothing(
    client_for, notice, supervisor, other_liaison, transport_liaison, liaison
):
    for user in (other_liaison, transport_liaison):
        response = client_for(user).post(reverse("tasks:notice_receive", args=[notice.pk]))
        assert response.status_code == 403
    response = client_for(liaison).post(
        reverse("tasks:notice_review", args=[notice.pk]), {"decision": "close"}
    )
    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED
    assert (
        client_for(liaison).get(reverse("tasks:notice_receive", args=[notice.pk])).status_code
        == 405
    )


def test_generating_from_the_page_previews_then_issues(client_for, supervisor, world, liaison):
    task = make_task(supervisor, world, deadline=timezone.localdate() - timedelta(days=3))
    client = client_for(supervisor)
    preview = page_text(
        client.get(reverse("tasks:notice_plan"), {"region": world.county.pk, "year": "2026"})
    )
    assert "拟下发 1 份" in preview and "已逾期3天" in preview
    assert not Notice.objects.exists()
    scope = {"region": world.county.pk, "year": "2026"}
    response = client.post(
        reverse("tasks:notice_generate"), {**scope, "task": task.pk}, follow=True
    )
    assert "已按规则下发 1 份督办单（红色 1、黄色 0、蓝色 0）" in page_text(response)
    response = client.post(
        reverse("tasks:notice_generate"), {**scope, "task": task.pk}, follow=True
    )
    text = page_text(response)
    assert "已按规则下发 0 份督办单" in text and "勾选的 1 份督办单按最新情况已不需要下发" in text
    assert Notice.objects.count() == 1


def test_generating_is_for_the_office_of_the_region(
    client_for, liaison, other_supervisor, world, task
):
    Task.objects.filter(pk=task.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    assert (
        client_for(liaison)
        .post(reverse("tasks:notice_generate"), {"region": world.county.pk, "task": task.pk})
        .status_code
        == 403
    )
    response = client_for(other_supervisor).post(
        reverse("tasks:notice_generate"), {"region": world.county.pk, "task": task.pk}, follow=True
    )
    assert "请选择地区" in page_text(response)
    assert not Notice.objects.exists()


def test_the_menu_marks_one_current_item(client_for, supervisor):
    """/tasks/notices/ is 督查督办 only, not also 任务 (whose address /tasks/ is its prefix)."""
    client = client_for(supervisor)
    for address, current in (
        ("/tasks/notices/", "notices"),
        ("/tasks/ranking/", "ranking"),
        ("/tasks/progress/", "progress"),
        ("/tasks/", "tasks"),
    ):
        menu = client.get(address).context["nav_items"]
        assert [item["key"] for item in menu if item["active"]] == [current], address
