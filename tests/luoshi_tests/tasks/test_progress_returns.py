"""退办 reaches its unit: a message with the reason and a link to correct that very report,
the report first in the unit's 待填报 list, and the flow going on after it is resubmitted.
The inbox lists sub-items, and a lead unit is prompted when co-units' parts are in."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from freezegun import freeze_time

from luoshi.tasks.models import Notification, ProgressReport, ReportState
from luoshi.tasks.services.decomposition import TaskInput, subitem_create
from luoshi.tasks.services.progress_flow import (
    ProgressInput,
    progress_approve,
    progress_consolidate,
    progress_return,
    progress_revise,
    progress_save,
    progress_sign,
)
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 20)


def write(actor, task, unit, progress="完成路基50公里。", percent="40", as_of=MAY):
    return progress_save(
        actor=actor,
        task=task,
        unit=unit,
        data=ProgressInput(progress=progress, percent=percent),
        as_of=as_of,
        submit=True,
    )


def at_the_office(task, world, liaison, unit_head, transport_liaison, transport_head):
    """May's reports of both units, signed and consolidated: the lead report waits for the
    office."""
    lead = write(liaison, task, world.bureau)
    part = write(transport_liaison, task, task.co_units.get(), percent="45")
    progress_sign(actor=transport_head, report=part)
    progress_sign(actor=unit_head, report=lead)
    progress_consolidate(actor=liaison, report=lead)
    lead.refresh_from_db()
    return lead, part


def messages_of(user, containing=""):
    return list(Notification.objects.filter(user=user, text__contains=containing).order_by("-id"))


def page(client, name, *args, **query):
    response = client.get(reverse(name, args=args), query)
    return response, response.content.decode()


# ---------------------------------------------------------------------------------------------
# The message
# ---------------------------------------------------------------------------------------------


def test_an_office_return_tells_the_units_liaisons_why_with_a_link_to_correct_it(
    task, world, liaison, unit_head, transport_liaison, transport_head, supervisor, other_liaison
):
    lead, _part = at_the_office(task, world, liaison, unit_head, transport_liaison, transport_head)
    progress_return(actor=supervisor, report=lead, reason="数据与台账不符，请核实里程")

    [message] = messages_of(liaison, "退办")
    assert "督查室" in message.text and "数据与台账不符，请核实里程" in message.text
    assert task.title[:20] in message.text and "2026年5月" in message.text
    assert message.url == reverse("tasks:progress_edit", args=[task.pk]) + f"?report={lead.pk}"
    assert messages_of(unit_head, "数据与台账不符")  # the head who signed it hears too
    # Nobody outside the unit, and not the office that returned it.
    for outsider in (supervisor, other_liaison, transport_liaison):
        assert not messages_of(outsider, "退办")


def test_a_head_return_tells_the_liaison_not_the_head(task, world, liaison, unit_head):
    report = write(liaison, task, world.bureau)
    progress_return(actor=unit_head, report=report, reason="问题写得不具体")
    [message] = messages_of(liaison, "退办")
    assert "单位负责人" in message.text and "问题写得不具体" in message.text
    assert not messages_of(unit_head, "退办")


def test_the_lead_unit_returns_a_co_units_part_before_consolidating(
    task, world, liaison, unit_head, transport, transport_liaison, transport_head
):
    part = write(transport_liaison, task, transport, percent="45")
    progress_sign(actor=transport_head, report=part)
    progress_return(actor=liaison, report=part, reason="配合内容与任务无关")
    part.refresh_from_db()
    assert (part.state, part.return_reason) == (ReportState.RETURNED, "配合内容与任务无关")
    [message] = messages_of(transport_liaison, "退办")
    assert "牵头单位（县发改局）" in message.text and "配合内容与任务无关" in message.text
    assert not messages_of(liaison, "退办")


def test_an_empty_reason_is_refused_and_changes_nothing(
    task, world, liaison, unit_head, transport_liaison, transport_head, supervisor
):
    lead, _part = at_the_office(task, world, liaison, unit_head, transport_liaison, transport_head)
    for reason in ("", "   "):
        with pytest.raises(ValidationError, match="请填写退办理由"):
            progress_return(actor=supervisor, report=lead, reason=reason)
    lead.refresh_from_db()
    assert (lead.state, lead.returned_count) == (ReportState.CONSOLIDATED, 0)
    assert not Notification.objects.filter(text__contains="退办").exists()


@pytest.mark.parametrize("who", ["liaison", "transport_liaison", "other_liaison"])
def test_only_the_office_returns_the_lead_units_report(
    request, task, world, liaison, unit_head, transport_liaison, transport_head, who
):
    lead, _part = at_the_office(task, world, liaison, unit_head, transport_liaison, transport_head)
    with pytest.raises(PermissionDenied):
        progress_return(actor=request.getfixturevalue(who), report=lead, reason="不行")
    lead.refresh_from_db()
    assert lead.state == ReportState.CONSOLIDATED
    assert not Notification.objects.filter(text__contains="退办").exists()


def test_a_part_returned_at_the_office_is_not_approved_with_the_lead_report(
    task, world, liaison, unit_head, transport_liaison, transport_head, supervisor
):
    lead, part = at_the_office(task, world, liaison, unit_head, transport_liaison, transport_head)
    progress_return(actor=supervisor, report=part, reason="配合单位数据有误")
    progress_approve(actor=supervisor, report=lead, as_of=MAY)
    part.refresh_from_db()
    assert (part.state, part.consolidated_into) == (ReportState.RETURNED, None)


# ---------------------------------------------------------------------------------------------
# The 待填报 list and the correction
# ---------------------------------------------------------------------------------------------


@freeze_time("2026-06-10")
def test_the_returned_report_comes_first_with_its_reason_and_opens_for_correction(
    client_for,
    task,
    world,
    liaison,
    unit_head,
    transport_liaison,
    transport_head,
    supervisor,
):
    later = make_task(supervisor, world, co_units=[], number="0", deadline=date(2026, 7, 31))
    lead, part = at_the_office(task, world, liaison, unit_head, transport_liaison, transport_head)
    progress_return(actor=supervisor, report=lead, reason="数据与台账不符")
    client = client_for(liaison)

    _response, inbox = page(client, "tasks:progress_inbox")
    rows = inbox.split('id="to-write"', 1)[1]
    first_row = rows.split("<tr", 2)[2]  # after the header row
    assert f'id="returned-{lead.pk}"' in first_row
    assert "数据与台账不符" in first_row and "2026年5月" in first_row
    assert f"?report={lead.pk}" in first_row
    assert rows.index(f"returned-{lead.pk}") < rows.index(later.title)  # before a nearer deadline

    response, form = page(client, "tasks:progress_edit", task.pk, report=lead.pk)
    assert response.status_code == 200
    assert "数据与台账不符" in form and "2026年5月" in form
    assert "完成路基50公里。" in form  # the returned report's own text, to correct
    response = client.post(
        reverse("tasks:progress_edit", args=[task.pk]) + f"?report={lead.pk}",
        {
            "unit": world.bureau.pk,
            "progress": "完成路基52公里，已与台账核对。",
            "percent": "42",
            "submit": "1",
        },
    )
    assert response["Location"] == reverse("tasks:progress_detail", args=[lead.pk])
    lead.refresh_from_db()
    # Corrected in place: still May's report, not a new one for June.
    assert (lead.state, lead.period_label, lead.percent) == (
        ReportState.SUBMITTED,
        "2026年5月",
        42,
    )
    assert ProgressReport.objects.filter(task=task, unit=world.bureau).count() == 1
    _response, inbox = page(client, "tasks:progress_inbox")
    assert f"returned-{lead.pk}" not in inbox

    # The flow goes on: head signs, the lead unit consolidates the part again, the office
    # approves.
    progress_sign(actor=unit_head, report=lead)
    progress_consolidate(actor=liaison, report=lead)
    progress_approve(actor=supervisor, report=lead, as_of=MAY)
    lead.refresh_from_db()
    part.refresh_from_db()
    task.refresh_from_db()
    assert lead.state == part.state == ReportState.APPROVED
    assert part.consolidated_into == lead and task.percent == 42


@freeze_time("2026-06-10")
def test_another_unit_can_neither_see_nor_open_the_returned_report(
    client_for,
    task,
    world,
    liaison,
    unit_head,
    transport_liaison,
    transport_head,
    supervisor,
    other_liaison,
):
    lead, _part = at_the_office(task, world, liaison, unit_head, transport_liaison, transport_head)
    progress_return(actor=supervisor, report=lead, reason="数据与台账不符")
    edit = reverse("tasks:progress_edit", args=[task.pk]) + f"?report={lead.pk}"
    for outsider in (other_liaison, transport_liaison):
        client = client_for(outsider)
        assert client.get(reverse("tasks:progress_detail", args=[lead.pk])).status_code == 403
        assert client.get(edit).status_code == 403
        response = client.post(
            edit, {"unit": world.bureau.pk, "progress": "改了", "percent": "99", "submit": "1"}
        )
        assert response.status_code == 403
        _response, inbox = page(client, "tasks:progress_inbox")
        assert "数据与台账不符" not in inbox
    with pytest.raises(PermissionDenied):
        progress_revise(
            actor=other_liaison, report=lead, data=ProgressInput(progress="改了", percent="99")
        )
    lead.refresh_from_db()
    assert (lead.state, lead.percent) == (ReportState.RETURNED, 40)


@freeze_time("2026-06-10")
def test_a_correction_link_for_a_report_already_sent_again_says_so(
    client_for, task, world, liaison, unit_head
):
    report = write(liaison, task, world.bureau)
    progress_return(actor=unit_head, report=report, reason="补充问题")
    progress_revise(
        actor=liaison,
        report=report,
        data=ProgressInput(progress="已补充。", percent="40"),
        submit=True,
    )
    client = client_for(liaison)
    response = client.get(
        reverse("tasks:progress_edit", args=[task.pk]) + f"?report={report.pk}", follow=True
    )
    assert "无需修改" in response.content.decode()
    for bad in ("abc", "999999", "1" * 30):
        response = client.get(reverse("tasks:progress_edit", args=[task.pk]) + f"?report={bad}")
        assert response.status_code == 404


# ---------------------------------------------------------------------------------------------
# Sub-items and the prompt to consolidate
# ---------------------------------------------------------------------------------------------


@freeze_time("2026-05-20")
def test_the_inbox_lists_sub_items_and_their_reports(
    client_for, task, world, supervisor, transport, transport_liaison, transport_head
):
    child = subitem_create(
        actor=supervisor,
        parent=task,
        data=TaskInput(
            region=world.county,
            year=2026,
            title="完成县乡道路面改造30公里",
            lead_unit=transport,
            deadline=date(2026, 10, 31),
        ),
    )
    _response, inbox = page(client_for(transport_liaison), "tasks:progress_inbox")
    to_write = inbox.split('id="to-write"', 1)[1]
    assert child.title in to_write and "分项" in to_write and task.number in to_write
    write(transport_liaison, child, transport, as_of=date(2026, 5, 20))
    _response, inbox = page(client_for(transport_head), "tasks:progress_inbox")
    assert child.title in inbox.split('id="to-sign"', 1)[1]


def test_a_signed_part_prompts_the_lead_unit_to_consolidate(
    client_for,
    task,
    world,
    liaison,
    unit_head,
    transport,
    transport_liaison,
    transport_head,
    other_liaison,
):
    part = write(transport_liaison, task, transport, percent="45")
    progress_sign(actor=transport_head, report=part)

    [message] = messages_of(liaison, "汇总")
    assert "县交通局" in message.text and "1/1" in message.text
    assert message.url == reverse("tasks:progress_inbox") + "#to-consolidate"
    assert messages_of(unit_head, "汇总")
    assert not messages_of(other_liaison) and not messages_of(transport_liaison, "汇总")

    client = client_for(liaison)
    with freeze_time("2026-05-21"):
        _response, inbox = page(client, "tasks:progress_inbox")
    waiting = inbox.split('id="to-consolidate"', 1)[1].split("</section>", 1)[0]
    assert task.title[:20] in waiting and "已报 1/1" in waiting and "先填报本单位报告" in waiting
    # The lead unit reads the part it is to consolidate.
    assert client.get(reverse("tasks:progress_detail", args=[part.pk])).status_code == 200
    assert (
        client_for(other_liaison).get(reverse("tasks:progress_detail", args=[part.pk])).status_code
        == 403
    )

    lead = write(liaison, task, world.bureau)
    progress_sign(actor=unit_head, report=lead)
    with freeze_time("2026-05-21"):
        _response, inbox = page(client, "tasks:progress_inbox")
    waiting = inbox.split('id="to-consolidate"', 1)[1].split("</section>", 1)[0]
    assert "汇总报送" in waiting
    assert reverse("tasks:progress_detail", args=[lead.pk]) in waiting
    progress_consolidate(actor=liaison, report=lead)
    with freeze_time("2026-05-21"):
        _response, inbox = page(client, "tasks:progress_inbox")
    assert 'id="to-consolidate"' not in inbox


def test_the_lead_unit_may_return_a_part_from_its_page(
    client_for, task, liaison, transport, transport_liaison, transport_head
):
    part = write(transport_liaison, task, transport, percent="45")
    progress_sign(actor=transport_head, report=part)
    client = client_for(liaison)
    _response, detail = page(client, "tasks:progress_detail", part.pk)
    assert 'id="return-form"' in detail
    client.post(
        reverse("tasks:progress_action", args=[part.pk, "return"]), {"reason": "请补充数据"}
    )
    part.refresh_from_db()
    assert part.state == ReportState.RETURNED


@freeze_time("2026-06-10")
def test_the_inbox_queries_do_not_grow_with_returns_and_parts(
    client_for,
    supervisor,
    world,
    liaison,
    unit_head,
    transport,
    transport_liaison,
    transport_head,
    django_assert_max_num_queries,
):
    def fill(count, start):
        for n in range(count):
            task = make_task(supervisor, world, number=str(start + n))
            report = write(liaison, task, world.bureau, as_of=MAY)
            progress_return(actor=unit_head, report=report, reason=f"退办{n}")
            part = write(transport_liaison, task, transport, as_of=MAY)
            progress_sign(actor=transport_head, report=part)

    fill(1, 100)
    client = client_for(liaison)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("tasks:progress_inbox"))
    fill(12, 200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("tasks:progress_inbox"))
    text = response.content.decode()
    assert text.count('class="returned"') == 13
    assert text.split('id="to-consolidate"', 1)[1].count("已报 1/1") == 13
