"""A notice answered again after a send-back keeps the first answer and the reason: every
step is in its history, with who and when, and the notice page shows them in order."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from luoshi.tasks.models import NoticeEvent, NoticeStep
from luoshi.tasks.services.supervision import (
    notice_answer,
    notice_receive,
    notice_review,
    notices_generate,
)
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db

FIRST = "已召开专题会，倒排工期。"
REASON = "措施不具体，请写明到周的节点"
SECOND = "已明确到周的节点和责任人。"


def answered_twice(notice, supervisor, liaison, unit_head):
    notice_receive(actor=liaison, notice=notice)
    notice_answer(actor=liaison, notice=notice, answer=FIRST)
    notice_review(actor=supervisor, notice=notice, close=False, note=REASON)
    notice_answer(actor=unit_head, notice=notice, answer=SECOND)


def steps(notice):
    return list(
        NoticeEvent.objects.filter(notice=notice)
        .order_by("created_at", "id")
        .values_list("step", "text", "actor__username")
    )


def test_every_answer_and_send_back_is_kept_in_order(notice, supervisor, liaison, unit_head):
    answered_twice(notice, supervisor, liaison, unit_head)
    notice_review(actor=supervisor, notice=notice, close=True, note="同意办结")
    assert steps(notice) == [
        (NoticeStep.ISSUED, notice.reason, "supervisor1"),
        (NoticeStep.RECEIVED, "", "liaison1"),
        (NoticeStep.ANSWERED, FIRST, "liaison1"),
        (NoticeStep.SENT_BACK, REASON, "supervisor1"),
        (NoticeStep.ANSWERED, SECOND, "head1"),
        (NoticeStep.CLOSED, "同意办结", "supervisor1"),
    ]
    notice.refresh_from_db()
    assert notice.answer == SECOND  # the row keeps the latest; the history keeps all


def test_refused_steps_add_nothing_to_the_history(notice, supervisor, liaison, other_liaison):
    notice_receive(actor=liaison, notice=notice)
    before = steps(notice)
    with pytest.raises(ValidationError, match="请填写办理情况"):
        notice_answer(actor=liaison, notice=notice, answer="  ")
    notice_answer(actor=liaison, notice=notice, answer=FIRST)
    before = steps(notice)
    with pytest.raises(ValidationError, match="写明理由"):
        notice_review(actor=supervisor, notice=notice, close=False, note="")
    with pytest.raises(PermissionDenied):
        notice_review(actor=other_liaison, notice=notice, close=False, note="不行")
    assert steps(notice) == before


def test_generated_notices_start_their_history(supervisor, world, liaison):
    task = make_task(supervisor, world, deadline=timezone.localdate() + timedelta(days=2))
    result = notices_generate(actor=supervisor, region=world.county, as_of=timezone.localdate())
    [notice] = result.issued
    assert notice.task == task
    assert steps(notice) == [(NoticeStep.ISSUED, notice.reason, "supervisor1")]


def test_the_page_shows_both_answers_and_the_reason_in_order_in_local_time(
    client_for, notice, supervisor, liaison, unit_head
):
    moment = datetime(2026, 5, 20, 2, 30, tzinfo=UTC)  # 10:30 in Beijing
    with freeze_time(moment):
        answered_twice(notice, supervisor, liaison, unit_head)
    for reader in (liaison, supervisor):
        page = client_for(reader).get(reverse("tasks:notice_detail", args=[notice.pk]))
        history = page.content.decode().split('id="notice-history"', 1)[1]
        history = history.split("</section>", 1)[0]
        positions = [history.index(text) for text in (FIRST, REASON, SECOND)]
        assert positions == sorted(positions)
        assert "退回重办" in history and "反馈办理情况" in history
        assert "2026年5月20日 10:30" in history and "02:30" not in history
        assert liaison.display_name in history and unit_head.display_name in history
        assert "sent_back" not in history.replace("notice-event-sent_back", "")


def test_the_history_is_for_those_who_may_see_the_notice(
    client_for, notice, supervisor, liaison, unit_head, other_liaison, transport_liaison
):
    answered_twice(notice, supervisor, liaison, unit_head)
    for outsider in (other_liaison, transport_liaison):
        response = client_for(outsider).get(reverse("tasks:notice_detail", args=[notice.pk]))
        assert response.status_code == 403


def test_history_of_earlier_notices_is_recovered_from_the_action_log(
    notice, supervisor, liaison, unit_head
):
    answered_twice(notice, supervisor, liaison, unit_head)
    # The same second answer as the first: the log entry then names no changed answer.
    notice_review(actor=supervisor, notice=notice, close=False, note=REASON)
    notice_answer(actor=liaison, notice=notice, answer=SECOND)
    recorded = steps(notice)
    NoticeEvent.objects.all().delete()

    migration = importlib.import_module(
        "luoshi.tasks.migrations.0004_notice_history_and_request_unit"
    )
    migration.notice_history_from_log(apps, None)
    assert steps(notice) == recorded
    migration.notice_history_from_log(apps, None)  # a notice with history is left alone
    assert steps(notice) == recorded
