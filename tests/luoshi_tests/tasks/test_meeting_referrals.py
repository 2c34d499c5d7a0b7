"""A meeting's referrals followed on its page (交办落实): each with its lead unit, deadline and
state; the office makes its task from there through the one path of 从交办事项; the task's
progress shows on the meeting; the referral is 办结 when its task is approved as done, or
when the office settles it. Who may not see the task or settle the referral changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.engagement.meeting_services import MeetingInput, meeting_create
from luoshi.engagement.models import Referral, ReferralStatus
from luoshi.engagement.services import referral_create
from luoshi.tasks.models import Task
from luoshi.tasks.services.progress_flow import (
    ProgressInput,
    progress_approve,
    progress_consolidate,
    progress_save,
    progress_sign,
)
from luoshi_tests.browser_forms import csrf_client, post_form
from luoshi_tests.conftest import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world, supervisor):
    meeting = meeting_create(
        actor=supervisor,
        data=MeetingInput(
            kind="symposium",
            title="甲县优化营商环境座谈会",
            date=date(2026, 5, 11),
            region=world.county,
            instructions=["县发改局牵头梳理企业反映的审批堵点。", "研究设立转贷应急资金。"],
            instructions_by="王某",
        ),
    )
    first = meeting.instructions.get(ordinal=1)
    return referral_create(
        actor=supervisor,
        summary=first.text,
        units=[world.bureau, world.office],
        deadline=timezone.localdate() + timedelta(days=30),
        instruction=first,
    )


def test_the_office_makes_the_task_from_the_meeting_and_follows_it_to_done(
    referral, world, supervisor, liaison, unit_head
):
    client = csrf_client(supervisor)
    page_url = f"/engagement/meetings/{referral.meeting_id}/"
    page = client.get(page_url).content.decode()
    assert 'id="meeting-referrals"' in page and "已办结 0 / 1" in page
    assert f'href="#referral-{referral.pk}"' in page  # the instruction points at its row
    assert f'id="task-from-referral-{referral.pk}"' in page

    response = post_form(client, page_url, "/tasks/from-referral/", {"referral": str(referral.pk)})
    task = Task.objects.get(referral=referral)
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    assert (task.lead_unit, list(task.co_units.all())) == (world.bureau, [world.office])
    page = client.get(page_url).content.decode()
    assert f'href="/tasks/{task.pk}/"' in page and "task-from-referral" not in page

    # A second try through either door is refused; still one task.
    post_form(client, page_url, "/tasks/from-referral/", {"referral": str(referral.pk)})
    assert Task.objects.filter(referral=referral).count() == 1

    lead = progress_save(
        actor=liaison,
        task=task,
        unit=world.bureau,
        data=ProgressInput(progress="堵点清单已印发。", percent="", claims_done=True),
        as_of=timezone.localdate(),
        submit=True,
    )
    progress_sign(actor=unit_head, report=lead)
    progress_consolidate(actor=liaison, report=lead)  # the co-unit's part is its own affair
    progress_approve(actor=supervisor, report=lead)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE
    page = client.get(page_url).content.decode()
    assert "已办结 1 / 1" in page and "已完成" in page


def test_the_office_settles_a_referral_that_needs_no_task(referral, supervisor, liaison):
    page_url = f"/engagement/meetings/{referral.meeting_id}/"
    url = f"/engagement/referrals/{referral.pk}/complete/"
    # A unit's liaison may read the meeting, not settle its referrals.
    refused = post_form(csrf_client(liaison), page_url, url)
    assert refused.status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN

    client = csrf_client(supervisor)
    assert f'id="referral-complete-{referral.pk}"' in client.get(page_url).content.decode()
    response = post_form(client, page_url, url)
    assert response["Location"] == f"{page_url}#referral-{referral.pk}"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE
    again = post_form(client, page_url, url)
    assert again.status_code == 302
    assert "这项交办已经办结" in client.get(page_url).content.decode()
    assert post_form(client, page_url, "/engagement/referrals/999999/complete/").status_code == 404


def test_who_may_not_open_the_task_sees_that_there_is_one(referral, world, supervisor):
    from luoshi.tasks.services.decomposition_sources import task_from_referral

    task_from_referral(actor=supervisor, referral=referral)
    outsider = user_with_role("yixian_liaison", world.other_bureau, Role.LIAISON)
    page = csrf_client(outsider).get(f"/engagement/meetings/{referral.meeting_id}/")
    assert page.status_code == 200  # meetings are read by every signed-in user
    body = page.content.decode()
    assert "已建立任务" in body and "/tasks/" not in body.split('id="meeting-referrals"')[1]
    assert "referral-complete" not in body and "task-from-referral" not in body
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.OPEN
