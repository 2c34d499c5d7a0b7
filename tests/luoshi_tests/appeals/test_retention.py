"""Contact details end: a year after closing, the daily job erases an appeal's contact name
and phone (and nothing else), once; the citizen still follows it with the query code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from luoshi.appeals.handling import appeal_answer, appeal_close, appeal_dispatch, appeal_sign
from luoshi.appeals.models import Appeal
from luoshi.appeals.services import AppealInput, appeal_record_call
from luoshi.core.models import ActionLog
from luoshi_tests.appeals.conftest import PHONE, REPLY

pytestmark = pytest.mark.django_db


def test_a_year_after_closing_the_contact_is_erased(world, people):
    office = people["office"]
    recorded = appeal_record_call(
        office,
        AppealInput(
            topic="urban",
            region=world.county,
            content="我是王小明，村口的路灯坏了两个多月，晚上出行很不方便。",
            contact_name="王小明",
            contact_phone=PHONE,
        ),
    )
    appeal, code = recorded.appeal, recorded.query_code
    still_open = appeal_record_call(
        office,
        AppealInput(
            topic="urban",
            region=world.county,
            content="小区垃圾清运不及时，夏天气味很大。",
            contact_phone="13800001111",
        ),
    ).appeal
    appeal_dispatch(office, appeal, world.bureau)
    appeal_sign(people["bureau"], appeal)
    appeal_answer(people["bureau"], appeal, REPLY)
    appeal_close(office, appeal, "三次电话均无人接听，短信已告知。")
    appeal.refresh_from_db()
    closed_on = timezone.localtime(appeal.closed_at).date()

    call_command("appeal_retention", "--date", (closed_on + dt.timedelta(days=365)).isoformat())
    appeal.refresh_from_db()
    assert appeal.contact_phone == PHONE  # the day the year ends: not yet
    call_command("appeal_retention", "--date", (closed_on + dt.timedelta(days=366)).isoformat())
    appeal.refresh_from_db()
    still_open.refresh_from_db()
    assert appeal.contact_phone == "" and appeal.contact_name == ""
    assert appeal.content.startswith("我是群众，")  # the name written in the text goes too
    assert appeal.contact_erased_at is not None and appeal.reply == REPLY
    assert still_open.contact_phone == "13800001111"
    entry = ActionLog.objects.get(verb="appeal.contacts_erased")
    assert entry.after["appeals"] == 1 and PHONE not in str(entry.after)
    call_command("appeal_retention", "--date", (closed_on + dt.timedelta(days=400)).isoformat())
    assert ActionLog.objects.filter(verb="appeal.contacts_erased").count() == 1

    citizen = Client()
    by_phone = citizen.post("/appeals/track/", {"number": appeal.number, "secret": PHONE})
    assert by_phone.status_code == 400
    by_code = citizen.post("/appeals/track/", {"number": appeal.number, "secret": code})
    assert by_code.status_code == 200 and REPLY in by_code.content.decode()
    staff = Client()
    staff.force_login(people["bureau"])
    assert "按保存期限清除" in staff.get(f"/appeals/{appeal.number}/").content.decode()
    assert Appeal.objects.filter(contact_erased_at__isnull=False).count() == 1
