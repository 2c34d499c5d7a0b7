"""Leaders' written instructions (领导批示) on a task, a notice or a progress report: given by
a leader in scope, shown to the units that must act (who read them and answer how they were
carried out), followed by the office, and refused to everyone else with nothing stored.

Every form is sent as a browser sends it: with the page's CSRF token, to a client that checks
it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from luoshi.accounts.models import Role
from luoshi.core.log_sentences import sentence_of
from luoshi.core.models import ActionLog
from luoshi.tasks.models import InstructionReceipt, LeaderInstruction, Notification, Task
from luoshi.tasks.services.decomposition import task_delete
from luoshi.tasks.services.instructions import instruction_give
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory
from luoshi_tests.tasks.conftest import issue_notice, make_report

pytestmark = pytest.mark.django_db

TEXT = "请发改局抓紧协调用地指标，月底前报进展。"


def browser(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # the sign-out form on every page sets the CSRF cookie
    return client


def post(client: Client, url: str, data: dict[str, str] | None = None, **extra):
    token = client.cookies["csrftoken"].value
    return client.post(url, {"csrfmiddlewaretoken": token, **(data or {})}, **extra)


def text_of(response) -> str:
    return response.content.decode()


def give_url(kind: str, pk: int) -> str:
    return reverse("tasks:instruction_give", args=[kind, pk])


def task_url(task) -> str:
    return reverse("tasks:task_detail", args=[task.pk])


LIST = reverse("tasks:instruction_list")


@pytest.fixture
def outsider(world):
    """A liaison of 甲县教育局: same county, no part in the task."""
    return user_with_role(
        "liaison_edu", UnitFactory(region=world.county, name="甲县教育局"), Role.LIAISON
    )


@pytest.fixture
def given(leader, task, liaison, unit_head, transport_liaison):
    """An instruction given through the page on the task led by 县发改局 with 县交通局."""
    client = browser(leader)
    response = post(client, give_url("task", task.pk), {"text": TEXT, "next": task_url(task)})
    assert response.status_code == 302, text_of(response)[:2000]
    instruction = LeaderInstruction.objects.get()
    assert response["Location"] == f"{task_url(task)}#instruction-{instruction.pk}"
    return instruction


def receipt_of(instruction, unit) -> InstructionReceipt:
    return InstructionReceipt.objects.get(instruction=instruction, unit=unit)


# --- giving -----------------------------------------------------------------------------------


def test_a_leader_gives_an_instruction_that_reaches_the_lead_and_co_unit(
    given, leader, task, world, transport, liaison, unit_head, transport_liaison, supervisor
):
    assert (given.task, given.given_by, given.text) == (task, leader, TEXT)
    assert {r.unit for r in given.receipts.all()} == {world.bureau, transport}
    for person in (liaison, unit_head, transport_liaison):
        (message,) = Notification.objects.filter(user=person)
        assert TEXT[:10] in message.text and message.url.endswith(f"#instruction-{given.pk}")
        page = text_of(browser(person).get(task_url(task)))
        assert TEXT in page and "领导批示" in page and "待阅" in page
        unit = transport if person == transport_liaison else world.bureau
        read = reverse("tasks:instruction_acknowledge", args=[receipt_of(given, unit).pk])
        assert f'action="{read}"' in page
        home = text_of(browser(person).get("/"))
        assert 'id="home-tasks-instructions"' in home and TEXT[:20] in home
    assert not Notification.objects.filter(user__in=[leader, supervisor]).exists()
    entry = ActionLog.objects.get(verb="instruction.given")
    assert entry.actor == leader
    assert sentence_of(entry).text().startswith(f"{leader.display_name} 作出了领导批示「请发改局")


def test_the_leader_sees_the_form_and_the_unit_the_buttons(
    given, leader, liaison, supervisor, task
):
    leader_page = text_of(browser(leader).get(task_url(task)))
    assert 'id="instruction-give-form"' in leader_page
    assert "批示将送达县发改局、县交通局的联络员和审核人" in leader_page  # whom it will reach
    unit_page = text_of(browser(liaison).get(task_url(task)))
    assert 'id="instruction-give-form"' not in unit_page
    assert "instructions-unread" in unit_page and "本单位待阅 1 条" in unit_page
    office_page = text_of(browser(supervisor).get(task_url(task)))
    assert TEXT in office_page and 'id="instruction-give-form"' not in office_page
    assert "<details open" not in office_page  # the office follows; the section is folded


def test_a_liaison_or_the_office_cannot_give_one(task, liaison, supervisor, other_supervisor):
    for person in (liaison, supervisor, other_supervisor):
        client = browser(person)
        assert post(client, give_url("task", task.pk), {"text": TEXT}).status_code == 403
        assert client.get(give_url("task", task.pk)).status_code == 403
    assert not LeaderInstruction.objects.exists() and not Notification.objects.exists()


def test_a_leader_of_another_county_cannot_give_one(task, world):
    other_office = UnitFactory(region=world.other_county, name="乙县人民政府办公室")
    other_leader = user_with_role("leader_other", other_office, Role.LEADER)
    response = post(browser(other_leader), give_url("task", task.pk), {"text": TEXT})
    assert response.status_code == 403
    assert not LeaderInstruction.objects.exists()


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("", "请写批示内容（至少 2 个字）。"),
        ("  好 ", "请写批示内容（至少 2 个字）。"),
        ("批" * 1001, "批示内容最多 1000 个字"),
    ],
)
def test_bad_text_is_a_form_error_and_nothing_is_stored(leader, task, liaison, text, sentence):
    response = post(browser(leader), give_url("task", task.pk), {"text": text})
    assert response.status_code == 400
    assert sentence in text_of(response)
    assert not LeaderInstruction.objects.exists() and not InstructionReceipt.objects.exists()
    assert not Notification.objects.exists()
    assert not ActionLog.objects.filter(verb__startswith="instruction.").exists()


def test_an_unknown_target_is_a_404(leader):
    client = browser(leader)
    assert post(client, give_url("task", 999999), {"text": TEXT}).status_code == 404
    assert post(client, give_url("meeting", 1), {"text": TEXT}).status_code == 404


def test_at_most_one_of_notice_and_report_is_stored(supervisor, task, world):
    notice = issue_notice(supervisor, task)
    report = make_report(task, world.bureau, date(2026, 5, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        LeaderInstruction.objects.create(
            task=task, notice=notice, progress_report=report, text=TEXT
        )


# --- reading and answering --------------------------------------------------------------------


def test_reading_twice_is_refused_in_chinese(given, liaison, world, task):
    receipt = receipt_of(given, world.bureau)
    client = browser(liaison)
    url = reverse("tasks:instruction_acknowledge", args=[receipt.pk])
    first = post(client, url, {"next": task_url(task)})
    assert first.status_code == 302 and first["Location"].endswith(f"#instruction-{given.pk}")
    receipt.refresh_from_db()
    assert (receipt.acknowledged_by, receipt.answered_at) == (liaison, None)
    read_at = receipt.acknowledged_at
    second = post(client, url, {"next": task_url(task)}, follow=True)
    page = text_of(second)
    assert "已于" in page and "阅知这条批示，无需重复签收。" in page
    receipt.refresh_from_db()
    assert receipt.acknowledged_at == read_at
    assert ActionLog.objects.filter(verb="instruction.acknowledged").count() == 1
    assert "已阅" in page and "本单位待阅" not in page


def test_answering_tells_the_leader(given, leader, unit_head, world, task):
    receipt = receipt_of(given, world.bureau)
    client = browser(unit_head)
    url = reverse("tasks:instruction_answer", args=[receipt.pk])
    response = post(
        client, url, {"answer": "已与自然资源局对接，用地指标月底前落实。", "next": task_url(task)}
    )
    assert response.status_code == 302
    receipt.refresh_from_db()
    assert receipt.answered_by == unit_head and receipt.acknowledged_by == unit_head  # read too
    (message,) = Notification.objects.filter(user=leader)
    assert "县发改局反馈了批示" in message.text and "用地指标月底前落实" in message.text
    assert message.url.endswith(f"#instruction-{given.pk}")
    page = text_of(browser(leader).get(task_url(task)))
    assert "已与自然资源局对接" in page and "落实情况" in page
    again = post(client, url, {"answer": "再次反馈"}, follow=True)
    assert "不能重复反馈" in text_of(again)
    receipt.refresh_from_db()
    assert receipt.answer.startswith("已与自然资源局")
    entry = ActionLog.objects.get(verb="instruction.answered")
    assert "的落实情况：已与自然资源局对接" in sentence_of(entry).text()


def test_an_empty_answer_is_a_form_error(given, liaison, world):
    receipt = receipt_of(given, world.bureau)
    url = reverse("tasks:instruction_answer", args=[receipt.pk])
    response = post(browser(liaison), url, {"answer": " "})
    assert response.status_code == 400 and "请写落实情况" in text_of(response)
    receipt.refresh_from_db()
    assert receipt.answered_at is None and receipt.acknowledged_at is None


def test_only_the_units_own_members_act_on_its_receipt(
    given, world, transport, transport_liaison, outsider, other_liaison, leader, supervisor
):
    bureau_receipt = receipt_of(given, world.bureau)
    for person in (transport_liaison, outsider, other_liaison, leader, supervisor):
        client = browser(person)
        read = reverse("tasks:instruction_acknowledge", args=[bureau_receipt.pk])
        answer = reverse("tasks:instruction_answer", args=[bureau_receipt.pk])
        assert post(client, read).status_code == 403, person.username
        assert post(client, answer, {"answer": "冒名反馈"}).status_code == 403, person.username
    bureau_receipt.refresh_from_db()
    assert bureau_receipt.acknowledged_at is None and bureau_receipt.answer == ""


# --- who sees what ----------------------------------------------------------------------------


def test_others_see_neither_the_task_nor_the_instruction(given, task, outsider, other_liaison):
    for person in (outsider, other_liaison):
        client = browser(person)
        assert client.get(task_url(task)).status_code == 403
        listing = client.get(LIST)
        assert listing.status_code == 200 and TEXT[:10] not in text_of(listing)
        assert TEXT[:10] not in text_of(client.get("/"))


def test_a_representative_has_no_list(given, representative):
    assert browser(representative).get(LIST).status_code == 403


def test_the_list_shows_each_role_what_its_detail_shows(
    given, leader, supervisor, liaison, transport_liaison, outsider, other_supervisor, world, task
):
    leader_list = text_of(browser(leader).get(LIST))
    assert TEXT[:20] in leader_list and "我作出的批示" in leader_list
    assert 'id="instruction-unanswered-count">2<' in leader_list
    office_list = text_of(browser(supervisor).get(LIST))
    assert TEXT[:20] in office_list and "全部批示" in office_list and "0/2" in office_list
    assert TEXT[:20] not in text_of(browser(other_supervisor).get(LIST))
    for person in (liaison, transport_liaison):
        unit_list = text_of(browser(person).get(LIST))
        assert TEXT[:20] in unit_list and 'id="instruction-unread-count">1<' in unit_list
    assert TEXT[:20] not in text_of(browser(outsider).get(LIST))


def test_the_office_filters_what_is_not_carried_out(
    given, supervisor, leader, task, world, transport
):
    second = instruction_give(actor=leader, target=task, text="请交通局配合做好施工组织。")
    for unit in (world.bureau, transport):
        InstructionReceipt.objects.filter(instruction=second, unit=unit).update(
            answer="已落实", answered_at=second.created_at
        )
    client = browser(supervisor)
    every = text_of(client.get(LIST, {"view": "all"}))
    assert TEXT[:20] in every and "请交通局配合" in every
    open_only = text_of(client.get(LIST, {"view": "all", "open": "1"}))
    assert TEXT[:20] in open_only and "请交通局配合" not in open_only


def test_home_counts_are_the_lists_counts(given, leader, liaison, world, task):
    unit_home = text_of(browser(liaison).get("/"))
    unread = re.search(r'id="instruction-unread-count">(\d+)<', text_of(browser(liaison).get(LIST)))
    assert unread and unread.group(1) == "1"
    panel = unit_home.split('id="home-tasks-instructions"')[1].split("</section>")[0]
    assert '<span class="count home-count">1</span>' in panel
    leader_home = text_of(browser(leader).get("/"))
    figure = leader_home.split('id="home-dashboard-leader-instructions-unanswered"')[1]
    assert re.search(r'home-figure-count">(\d+)<', figure).group(1) == "2"
    post(
        browser(liaison),
        reverse("tasks:instruction_answer", args=[receipt_of(given, world.bureau).pk]),
        {"answer": "已落实到位"},
    )
    leader_home = text_of(browser(leader).get("/"))
    figure = leader_home.split('id="home-dashboard-leader-instructions-unanswered"')[1]
    assert re.search(r'home-figure-count">(\d+)<', figure).group(1) == "1"
    leader_list = text_of(browser(leader).get(LIST))
    assert 'id="instruction-unanswered-count">1<' in leader_list
    assert "目前没有待阅的领导批示" in text_of(browser(liaison).get("/"))


def test_the_list_queries_do_not_grow(
    leader, supervisor, liaison, task, django_assert_max_num_queries
):
    instruction_give(actor=leader, target=task, text=TEXT)
    clients = {person: browser(person) for person in (leader, supervisor, liaison)}
    counted = {}
    for person, client in clients.items():
        with django_assert_max_num_queries(40) as one:
            assert client.get(LIST).status_code == 200
        counted[person] = len(one.captured_queries)
    for i in range(8):
        instruction_give(actor=leader, target=task, text=f"第{i}条批示：请抓紧推进。")
    for person, client in clients.items():
        with django_assert_max_num_queries(counted[person]):
            assert "第7条批示" in text_of(client.get(LIST))


def test_the_task_page_queries_do_not_grow(leader, liaison, task, django_assert_max_num_queries):
    instruction_give(actor=leader, target=task, text=TEXT)
    client = browser(liaison)
    with django_assert_max_num_queries(80) as one:
        assert client.get(task_url(task)).status_code == 200
    for i in range(6):
        instruction_give(actor=leader, target=task, text=f"第{i}条批示：请抓紧推进。")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "第5条批示" in text_of(client.get(task_url(task)))


# --- on a notice and on a progress report -----------------------------------------------------


def test_on_a_notice_it_reaches_the_notices_unit_only(
    notice, leader, liaison, transport_liaison, task, world
):
    notice_url = reverse("tasks:notice_detail", args=[notice.pk])
    Notification.objects.all().delete()
    client = browser(leader)
    assert 'id="instruction-give-form"' in text_of(client.get(notice_url))
    response = post(
        client,
        give_url("notice", notice.pk),
        {"text": "督办单要盯住不放，限期整改。", "next": notice_url},
    )
    assert response.status_code == 302
    instruction = LeaderInstruction.objects.get()
    assert (instruction.notice, instruction.task) == (notice, task)
    assert [r.unit for r in instruction.receipts.all()] == [world.bureau]
    assert Notification.objects.filter(user=liaison).count() == 1
    assert not Notification.objects.filter(user=transport_liaison).exists()
    assert "督办单要盯住不放" in text_of(browser(liaison).get(notice_url))
    assert f"关于督办单{notice.number}" in text_of(browser(liaison).get(task_url(task)))
    unit_list = text_of(browser(transport_liaison).get(LIST))
    assert "督办单要盯住不放" not in unit_list  # addressed to the notice's unit only
    # The co-unit sees it on the task's page (it sees the task), naming the notice it may not
    # open without a link to it.
    co_page = text_of(browser(transport_liaison).get(task_url(task)))
    assert "督办单要盯住不放" in co_page and f"关于督办单{notice.number}" in co_page
    assert f'href="{notice_url}"' not in co_page
    assert f'href="{notice_url}"' in text_of(browser(liaison).get(task_url(task)))


def test_on_a_progress_report_it_reaches_the_reporting_unit(
    leader, task, transport, transport_liaison, liaison
):
    report = make_report(task, transport, date(2026, 5, 31), progress="交通局的配合情况")
    report_url = reverse("tasks:progress_detail", args=[report.pk])
    client = browser(leader)
    assert 'id="instruction-give-form"' in text_of(client.get(report_url))
    response = post(
        client, give_url("report", report.pk), {"text": "配合工作要跟上进度。", "next": report_url}
    )
    assert response.status_code == 302
    instruction = LeaderInstruction.objects.get()
    assert instruction.progress_report == report
    assert [r.unit for r in instruction.receipts.all()] == [transport]
    assert Notification.objects.filter(user=transport_liaison).count() == 1
    assert not Notification.objects.filter(user=liaison).exists()
    page = text_of(browser(transport_liaison).get(report_url))
    assert "配合工作要跟上进度" in page and "本单位待阅 1 条" in page
    bad = post(client, give_url("report", report.pk), {"text": ""})
    assert bad.status_code == 400 and LeaderInstruction.objects.count() == 1


def test_a_task_with_an_instruction_is_not_deleted(given, task, supervisor):
    """An instruction is never withdrawn, so its task is not deleted from under it."""
    with pytest.raises(ValidationError, match="已有领导批示"):
        task_delete(actor=supervisor, task=task)
    assert Task.objects.filter(pk=task.pk).exists()
    assert LeaderInstruction.objects.filter(task=task).count() == 1
