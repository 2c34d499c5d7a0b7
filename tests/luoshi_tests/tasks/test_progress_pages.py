"""The progress pages: inbox, prefilled form, flow buttons, permissions, query counts."""

from datetime import date

import pytest
from django.urls import reverse
from freezegun import freeze_time

from luoshi.tasks.models import ProgressReport, ReportState
from luoshi.tasks.services.progress_flow import ProgressInput, progress_save
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db


def post_report(client, task, **fields):
    data = {"progress": "完成路基50公里。", "problems": "", "next_steps": "", "percent": "40"}
    data.update(fields)
    return client.post(reverse("tasks:progress_edit", args=[task.pk]), data)


@freeze_time("2026-05-20")
def test_a_liaison_reports_the_head_signs_and_the_office_approves_in_the_browser_flow(
    client_for, task, world, liaison, unit_head, supervisor
):
    alone = make_task(supervisor, world, co_units=[], number="2")
    liaison_client = client_for(liaison)
    inbox = liaison_client.get(reverse("tasks:progress_inbox")).content.decode()
    assert alone.title in inbox and 'id="to-write"' in inbox
    response = post_report(liaison_client, alone, unit=world.bureau.pk, submit="1")
    report = ProgressReport.objects.get(task=alone)
    assert response.status_code == 302 and report.state == ReportState.SUBMITTED
    head_page = client_for(unit_head).get(reverse("tasks:progress_detail", args=[report.pk]))
    assert "审签" in head_page.content.decode()
    client_for(unit_head).post(reverse("tasks:progress_action", args=[report.pk, "sign"]))
    office = client_for(supervisor)
    assert 'id="to-review"' in office.get(reverse("tasks:progress_inbox")).content.decode()
    office.post(reverse("tasks:progress_action", args=[report.pk, "approve"]))
    report.refresh_from_db()
    alone.refresh_from_db()
    assert report.state == ReportState.APPROVED and alone.percent == 40


@freeze_time("2026-06-10")
def test_the_form_is_prefilled_from_the_last_report(client_for, task, world, liaison):
    progress_save(
        actor=liaison,
        task=task,
        unit=world.bureau,
        data=ProgressInput(
            progress="五月完成路基50公里。", next_steps="六月铺设路面。", percent="40"
        ),
        as_of=date(2026, 5, 20),
    )
    page = client_for(liaison).get(reverse("tasks:progress_edit", args=[task.pk])).content.decode()
    assert "五月完成路基50公里。" in page and "六月铺设路面。" in page and 'value="40.0"' in page


@freeze_time("2026-05-20")
def test_the_office_returns_with_a_reason_and_the_liaison_sees_it(
    client_for, task, world, liaison, unit_head, supervisor
):
    post_report(client_for(liaison), task, unit=world.bureau.pk, submit="1")
    report = ProgressReport.objects.get(task=task)
    client_for(unit_head).post(reverse("tasks:progress_action", args=[report.pk, "sign"]))
    client_for(liaison).post(reverse("tasks:progress_action", args=[report.pk, "consolidate"]))
    office = client_for(supervisor)
    empty = office.post(
        reverse("tasks:progress_action", args=[report.pk, "return"]), {"reason": ""}
    )
    report.refresh_from_db()
    assert report.state == ReportState.CONSOLIDATED  # no reason: nothing changed
    assert "请填写退办理由" in office.get(empty["Location"]).content.decode()
    office.post(
        reverse("tasks:progress_action", args=[report.pk, "return"]), {"reason": "数据与台账不符"}
    )
    page = client_for(liaison).get(reverse("tasks:progress_edit", args=[task.pk])).content.decode()
    assert "数据与台账不符" in page


@freeze_time("2026-05-20")
def test_another_unit_can_neither_see_nor_write_the_report(
    client_for, task, world, liaison, other_liaison
):
    post_report(client_for(liaison), task, unit=world.bureau.pk, submit="1")
    report = ProgressReport.objects.get(task=task)
    stranger = client_for(other_liaison)
    assert stranger.get(reverse("tasks:progress_edit", args=[task.pk])).status_code == 403
    assert stranger.get(reverse("tasks:progress_detail", args=[report.pk])).status_code == 403
    assert (
        stranger.post(reverse("tasks:progress_action", args=[report.pk, "sign"])).status_code == 403
    )
    assert post_report(stranger, task, unit=world.bureau.pk).status_code == 403
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and ProgressReport.objects.count() == 1


@freeze_time("2026-05-20")
def test_bad_percent_on_the_form_is_a_message_and_nothing_is_stored(
    client_for, task, world, liaison
):
    page = post_report(client_for(liaison), task, unit=world.bureau.pk, percent="120", submit="1")
    assert page.status_code == 400 and "0 到 100" in page.content.decode()
    assert not ProgressReport.objects.exists()


@freeze_time("2026-05-20")
def test_the_inbox_queries_do_not_grow_with_the_reports(
    client_for, supervisor, world, liaison, unit_head, django_assert_max_num_queries
):
    def fill(count, start):
        for n in range(count):
            task = make_task(supervisor, world, co_units=[], number=str(start + n))
            progress_save(
                actor=liaison,
                task=task,
                unit=world.bureau,
                data=ProgressInput(progress="推进中", percent="30"),
                submit=True,
            )

    fill(1, 100)
    office, head = client_for(supervisor), client_for(unit_head)
    with django_assert_max_num_queries(30) as few:
        first = head.get(reverse("tasks:progress_inbox"))
    fill(15, 200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        more = head.get(reverse("tasks:progress_inbox"))
    with django_assert_max_num_queries(30):
        office_page = office.get(reverse("tasks:progress_inbox"))
    # The inboxes counted are real pages, not refusals answered in few queries.
    assert (first.status_code, more.status_code, office_page.status_code) == (200, 200, 200)
