"""Time limits on the real calendar: an appeal handed in before the National Day week is due
after it, counted in working days (make-up Saturday included); its light turns yellow on the
limit's day and red past it; the unit is reminded before and after, once each; an appeal the
office has not dispatched in time is the office's to hear about."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from luoshi.appeals.handling import appeal_answer, appeal_dispatch, appeal_sign, appeal_visit
from luoshi.appeals.models import Appeal
from luoshi.appeals.reminders import send_appeal_reminders
from luoshi.appeals.services import AppealInput, appeal_record_call
from luoshi.appeals.time_limits import Today, clock
from luoshi.tasks.models import Notification
from luoshi_tests.appeals.conftest import REPLY

pytestmark = pytest.mark.django_db

D = dt.date
# Wednesday 30 September 2026, 10:00 in Beijing: the eve of the National Day week.
EVE = "2026-09-30 02:00:00"


def _call(people, world, urgency="normal"):
    return appeal_record_call(
        people["office"],
        AppealInput(
            topic="urban",
            region=world.county,
            urgency=urgency,
            content="小区门口的井盖松动，车辆经过响声很大，存在安全隐患。",
            contact_phone="13812345678",
        ),
    ).appeal


@freeze_time(EVE)
def test_limits_are_counted_in_working_days_across_the_holiday(world, people):
    normal = _call(people, world)
    urgent = _call(people, world, "urgent")
    consult = _call(people, world, "consult")
    # 1–7 October off; 8, 9, 10 (a make-up Saturday), 12, 13 October worked.
    assert normal.due_date == D(2026, 10, 13)
    assert urgent.due_date == D(2026, 10, 8)
    assert consult.due_date == D(2026, 10, 9)
    appeal_dispatch(people["office"], normal, world.bureau)
    appeal_dispatch(people["office"], urgent, world.bureau)
    normal.refresh_from_db()
    urgent.refresh_from_db()
    assert normal.sign_due == D(2026, 10, 8)
    assert urgent.sign_due == D(2026, 9, 30)  # 紧急: signed the day it is sent


def test_the_light_follows_the_limit(world, people):
    with freeze_time(EVE):
        appeal = _call(people, world)
        appeal_dispatch(people["office"], appeal, world.bureau)
        appeal.refresh_from_db()
        assert clock(appeal).waiting_for == "sign" and clock(appeal).light == "green"
    # Green through the holiday, yellow on the limit's day, red after it.
    assert clock(appeal, Today.of(D(2026, 10, 7))).light == "green"
    assert clock(appeal, Today.of(D(2026, 10, 8))).light == "yellow"
    assert clock(appeal, Today.of(D(2026, 10, 9))).light == "red"
    with freeze_time("2026-10-09 02:00:00"):
        appeal_sign(people["bureau"], appeal)
        appeal.refresh_from_db()
        # Signed late; now the answer's limit (13 October) runs.
        assert clock(appeal).waiting_for == "answer" and clock(appeal).light == "green"
        appeal_answer(people["bureau"], appeal, REPLY)
        appeal.refresh_from_db()
        assert clock(appeal) is None and appeal.answered_on_time is True


def test_the_list_filters_by_light_for_every_reader(client, world, people):
    with freeze_time(EVE):
        late = _call(people, world)
        appeal_dispatch(people["office"], late, world.bureau)
        fresh_one = _call(people, world)
    with freeze_time("2026-10-09 02:00:00"):
        fresh = _call(people, world)
        for user in (people["office"], people["bureau"]):
            client.force_login(user)
            red = client.get("/appeals/?light=red").content.decode()
            assert late.number in red and fresh.number not in red
            assert "超期" in red
            mine = client.get("/appeals/?mine=1").content.decode()
            if user == people["bureau"]:
                assert late.number in mine and fresh_one.number not in mine
        client.force_login(people["office"])
        green = client.get("/appeals/?light=green").content.decode()
        # Not dispatched yet, the answer's limit (13 October) runs all the same.
        assert fresh.number in green and fresh_one.number in green
        assert late.number not in green
    with freeze_time("2026-10-13 02:00:00"):
        # The limit's day: yellow.
        client.force_login(people["office"])
        yellow = client.get("/appeals/?light=yellow").content.decode()
        assert fresh_one.number in yellow and "今日到期" in yellow


def test_reminders_before_and_after_once_each(world, people):
    with freeze_time(EVE):
        appeal = _call(people, world)
        appeal_dispatch(people["office"], appeal, world.bureau)
    bureau = people["bureau"]

    def texts():
        return list(Notification.objects.filter(user=bureau).values_list("text", flat=True))

    first = send_appeal_reminders(as_of=D(2026, 10, 8))
    assert first.counts == {"appeal_sign_soon": 1}
    assert any("请于2026年10月8日前签收" in t for t in texts())
    assert send_appeal_reminders(as_of=D(2026, 10, 8)).counts == {"appeal_sign_soon": 0}
    call_command("remind", "--date", "2026-10-09")  # the daily command sends them too
    assert any("已超过签收时限" in t for t in texts())
    assert len(texts()) == 2
    with freeze_time("2026-10-12 02:00:00"):
        appeal_sign(bureau, appeal)
    send_appeal_reminders(as_of=D(2026, 10, 12))
    assert any("答复时限为2026年10月13日" in t for t in texts())
    send_appeal_reminders(as_of=D(2026, 10, 14))
    assert any("已超过答复时限" in t for t in texts())
    # The office hears nothing about an appeal it has dispatched.
    assert not Notification.objects.filter(user=people["office"]).exists()


def test_the_office_hears_of_an_appeal_it_has_not_dispatched(world, people):
    with freeze_time(EVE):
        appeal = _call(people, world, "urgent")  # due 8 October
    assert send_appeal_reminders(as_of=D(2026, 10, 8)).counts == {}
    summary = send_appeal_reminders(as_of=D(2026, 10, 9))
    assert summary.counts == {"appeal_dispatch_overdue": 1}
    note = Notification.objects.get(user=people["office"])
    assert appeal.number in note.text and "请尽快派单" in note.text
    assert note.url == f"/appeals/{appeal.number}/"


def test_a_reopened_appeal_gets_a_new_limit_and_new_reminders(world, people):
    with freeze_time(EVE):
        appeal = _call(people, world)
        appeal_dispatch(people["office"], appeal, world.bureau)
        appeal_sign(people["bureau"], appeal)
        appeal_answer(people["bureau"], appeal, REPLY)
    with freeze_time("2026-10-15 02:00:00"):
        appeal_visit(None, appeal, "unsatisfied", reason="井盖只是垫了一下，还是松的，响声依旧。")
    appeal = Appeal.objects.get(pk=appeal.pk)
    # Reopened on Thursday 15 October: five working days end on Thursday 22 October.
    assert appeal.due_date == D(2026, 10, 22) and appeal.sign_due == D(2026, 10, 16)
    assert appeal.reopened == 1 and appeal.status == "dispatched"
    summary = send_appeal_reminders(as_of=D(2026, 10, 16))
    assert summary.counts == {"appeal_sign_soon": 1}


def test_the_supervision_office_of_a_township_appeal_is_the_countys(world, people):
    from luoshi_tests.factories import RegionFactory

    town = RegionFactory(code="930121101", name="城关镇", level="township", parent=world.county)
    with freeze_time(EVE):
        appeal = appeal_record_call(
            people["office"],
            AppealInput(
                topic="rural",
                region=town,
                urgency="urgent",
                content="村里的灌溉渠堵塞，农田浇不上水，请尽快疏通。",
            ),
        ).appeal
    send_appeal_reminders(as_of=D(2026, 10, 9))
    assert Notification.objects.filter(user=people["office"], url__contains=appeal.number).exists()
