"""Meetings by hand: the office records a symposium with its people, groups, speeches and
numbered instructions in the browser, and corrects it later (an imported one too, whose date
had no year); each change is in the meeting's history. An instruction already referred keeps
its number and cannot be removed; a gap in the numbering, a missing title or a reader who is
not the office changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.core.models import ActionLog
from luoshi.engagement.meeting_services import MeetingInput, meeting_create
from luoshi.engagement.models import Meeting
from luoshi.engagement.services import referral_create
from luoshi_tests.conftest import user_with_role

pytestmark = pytest.mark.django_db


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _post(world, **extra: str) -> dict[str, str]:
    data = {
        "kind": "symposium",
        "title": "甲县优化营商环境座谈会",
        "date": "2026-05-11",
        "time": "09:30",
        "region": str(world.county.pk),
        "place": "县政府三楼会议室",
        "topics": "营商环境、融资",
        "minutes": "会议听取了企业代表的意见。",
        **_management("people", 2),
        "people-0-name": "王某",
        "people-0-titles": "县委副书记、县长",
        "people-0-role": "host",
        "people-1-name": "",
        "people-1-role": "attendee",
        **_management("groups", 1),
        "groups-0-sector": "企业家代表",
        "groups-0-count": "12",
        **_management("speeches", 1),
        "speeches-0-speaker_name": "李某",
        "speeches-0-speaker_title": "某科技公司董事长",
        "speeches-0-topics": "融资",
        "speeches-0-summary": "建议设立中小企业转贷应急资金。",
        **_management("insights", 1),
        "insights-0-place": "",
        **_management("instructions", 3),
        "instructions-0-text": "县金融办牵头研究设立转贷应急资金。",
        "instructions-1-text": "县行政审批局梳理企业反映的审批堵点。",
        "instructions-2-text": "",
    }
    data.update(extra)
    return data


def test_the_office_records_and_corrects_a_meeting(client, world, supervisor):
    client.force_login(supervisor)
    assert client.get("/engagement/meetings/new/").status_code == 200
    empty = client.post("/engagement/meetings/new/", _post(world, title=""))
    assert empty.status_code == 400 and "请填写会议名称" in empty.content.decode()
    assert not Meeting.objects.exists()
    done = client.post("/engagement/meetings/new/", _post(world))
    meeting = Meeting.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/engagement/meetings/{meeting.pk}/"
    assert meeting.date == date(2026, 5, 11) and meeting.topics == ["营商环境", "融资"]
    assert [(p.name, p.titles, p.role) for p in meeting.people.all()] == [
        ("王某", ["县委副书记", "县长"], "host")
    ]
    assert [i.ordinal for i in meeting.instructions.all()] == [1, 2]

    first = meeting.instructions.get(ordinal=1)
    referral_create(
        actor=supervisor,
        summary=first.text,
        units=[world.bureau],
        deadline=timezone.localdate() + timedelta(days=30),
        instruction=first,
    )
    page = client.get(f"/engagement/meetings/{meeting.pk}/edit/").content.decode()
    assert "县金融办牵头研究设立转贷应急资金" in page and "王某" in page
    # Removing the referred first instruction (a gap) is refused; so is emptying it at the end.
    gap = client.post(
        f"/engagement/meetings/{meeting.pk}/edit/",
        _post(world, **{"instructions-0-text": ""}),
    )
    assert gap.status_code == 400 and "只能清空最后几条" in gap.content.decode()
    changed = client.post(
        f"/engagement/meetings/{meeting.pk}/edit/",
        _post(
            world,
            title="甲县优化营商环境企业家座谈会",
            **{
                "instructions-0-text": "县金融办牵头，一个月内设立转贷应急资金。",
                "instructions-1-text": "",
                "people-1-name": "赵某",
                "people-1-titles": "县人大代表",
            },
        ),
    )
    assert changed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "甲县优化营商环境企业家座谈会"
    instructions = list(meeting.instructions.all())
    assert [(i.ordinal, i.text[:5]) for i in instructions] == [(1, "县金融办牵")]
    assert instructions[0].referrals.count() == 1  # the referral stays with its instruction
    assert [p.name for p in meeting.people.all()] == ["王某", "赵某"]
    verbs = set(ActionLog.objects.filter(target_id=str(meeting.pk)).values_list("verb", flat=True))
    assert {"meeting.created", "meeting.updated", "meeting.contents_changed"} <= verbs
    detail = client.get(f"/engagement/meetings/{meeting.pk}/").content.decode()
    assert 'id="history"' in detail and "修改会议" in detail and 'id="meeting-edit"' in detail

    # Only the first may stay: emptying it too is refused, since it was referred.
    last = client.post(
        f"/engagement/meetings/{meeting.pk}/edit/",
        _post(world, **{"instructions-0-text": "", "instructions-1-text": ""}),
    )
    assert last.status_code == 400 and "已经交办" in last.content.decode()
    assert meeting.instructions.count() == 1


def test_an_imported_meeting_without_a_year_is_settled_here(client, world, supervisor):
    meeting = meeting_create(
        actor=supervisor,
        data=MeetingInput(
            kind="inspection", title="县长到园区调研", date_text="5月11日", region=world.county
        ),
    )
    client.force_login(supervisor)
    page = client.get(f"/engagement/meetings/{meeting.pk}/edit/").content.decode()
    assert 'id="meeting-date-text"' in page and "5月11日" in page
    client.post(
        f"/engagement/meetings/{meeting.pk}/edit/",
        {
            **_post(world, kind="inspection", title="县长到园区调研", date="2026-05-11"),
            **_management("instructions", 0),
        },
    )
    meeting.refresh_from_db()
    assert meeting.date == date(2026, 5, 11) and meeting.date_text == ""


def test_only_the_office_records_and_corrects(client, world, supervisor, liaison):
    meeting = meeting_create(
        actor=supervisor,
        data=MeetingInput(kind="symposium", title="座谈会", region=world.county),
    )
    client.force_login(liaison)
    assert client.get("/engagement/meetings/new/").status_code == 403
    assert client.get(f"/engagement/meetings/{meeting.pk}/edit/").status_code == 403
    assert client.post("/engagement/meetings/new/", _post(world)).status_code == 403
    other = user_with_role(
        "yi-office", world.other_bureau, Role.SUPERVISOR
    )  # the other county's office
    client.force_login(other)
    assert client.get(f"/engagement/meetings/{meeting.pk}/edit/").status_code == 403
    assert Meeting.objects.count() == 1


def test_referring_an_instruction_again_warns_first(client, world, supervisor):
    meeting = meeting_create(
        actor=supervisor,
        data=MeetingInput(
            kind="symposium",
            title="座谈会",
            region=world.county,
            instructions=["抓紧推进城东片区道路建设。"],
        ),
    )
    client.force_login(supervisor)
    url = f"/engagement/meetings/{meeting.pk}/instructions/1/refer/"
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    first = client.post(url, {"lead_unit": world.bureau.pk, "deadline": deadline})
    assert first.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="earlier-referrals"' in page and world.bureau.name in page and "再次交办" in page
    second = client.post(url, {"lead_unit": world.office.pk, "deadline": deadline})
    assert second.status_code == 400 and "已于" in second.content.decode()
    assert meeting.instructions.get().referrals.count() == 1
    again = client.post(url, {"lead_unit": world.office.pk, "deadline": deadline, "again": "on"})
    assert again.status_code == 302
    leads = [r.lead_unit for r in meeting.instructions.get().referrals.order_by("pk")]
    assert leads == [world.bureau, world.office]  # the chosen lead, not the list's first
