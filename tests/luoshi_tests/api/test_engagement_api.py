"""Consultation, opinions and answers, meetings and referrals through the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.core.public_limits import PUBLIC_RATE_LIMIT
from luoshi.engagement.meeting_services import meeting_create as service_meeting_create
from luoshi.engagement.models import AnswerState, Meeting, Opinion, Referral
from luoshi.engagement.services import (
    MeetingInput,
    opinion_answer,
    opinion_record,
    opinion_submit_public,
)
from luoshi.engagement.services import referral_create as service_referral_create
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text
from luoshi_tests.conftest import user_with_role
from luoshi_tests.engagement.conftest import DRAFT, Consultation, revise

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def consultation(world, supervisor) -> Consultation:
    """A report out for comments with its published draft (as in the engagement tests)."""
    report = report_create(actor=supervisor, region=world.county, year=2026)
    draft = report_version_create(
        actor=supervisor, report=report, kind="draft", blocks=split_report_text(DRAFT)
    )
    report_version_publish(actor=supervisor, version=draft)
    report.refresh_from_db()
    return Consultation(report, draft)


@pytest.fixture
def sup(client_for, supervisor) -> Client:
    return client_for(supervisor)


def road(version):
    return version.paragraphs.get(text__startswith="新建改造农村公路")


def post(client: Client, url: str, payload: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(url, payload or {}, content_type=JSON, **extra)


def submit(report_id: int, payload: dict[str, Any], address: str = "10.0.0.1") -> Any:
    """A public submission from a browser that is not signed in (CSRF enforced, as for real:
    the public form needs no session and so no CSRF token)."""
    return post(
        Client(enforce_csrf_checks=True),
        f"/api/v1/consultations/{report_id}/opinions",
        payload,
        REMOTE_ADDR=address,
    )


def test_openapi_lists_the_engagement_endpoints(client):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/consultations/{report_id}",
        "/api/v1/consultations/{report_id}/opinions",
        "/api/v1/consultations/{report_id}/feedback",
        "/api/v1/opinions",
        "/api/v1/opinions/{opinion_id}",
        "/api/v1/opinions/{opinion_id}/answer",
        "/api/v1/opinions/{opinion_id}/change",
        "/api/v1/reports/{report_id}/opinion-stats",
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/referrals",
        "/api/v1/referrals/{referral_id}/complete",
    } <= paths


# --- Public ----------------------------------------------------------------------------------


def test_anyone_reads_the_draft_and_submits_an_opinion_on_a_passage(consultation):
    draft = Client().get(f"/api/v1/consultations/{consultation.report.pk}")
    assert draft.status_code == 200, draft.content
    body = draft.json()
    assert (body["version"], body["accepting"]) == (1, True)
    paragraph = road(consultation.draft)
    assert paragraph.anchor in [p["anchor"] for p in body["paragraphs"]]
    assert [s["title"] for s in body["sections"]] == ["工作回顾", "今年安排"]

    response = submit(
        consultation.report.pk,
        {
            "text": "建议把山区乡镇的公路放在前面。",
            "anchor": paragraph.anchor,
            "start": 0,
            "end": 8,
            "quote": paragraph.text[:8],
            "author_sector": "农民",
            "contact": "13900000001",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"id": response.json()["id"], "state": "pending"}
    assert "13900000001" not in response.content.decode()
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.anchor, opinion.version, opinion.contact) == (
        "public",
        paragraph.anchor,
        consultation.draft,
        "13900000001",
    )
    assert opinion.client_hash and "10.0.0.1" not in opinion.client_hash
    counts = Client().get(f"/api/v1/consultations/{consultation.report.pk}").json()
    assert counts["opinion_counts"] == {paragraph.anchor: 1}


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"text": ""}, "不能为空"),
        ({"text": "   \n "}, "不能为空"),
        ({"text": "很" * 100_000}, "不能超过"),
        ({"text": "意见", "anchor": "nosuchanchor"}, "段落不在"),
        ({"text": "意见", "anchor": "ROAD", "start": 0, "end": 5, "quote": "不是原文啊"}, "不符"),
        ({"text": "意见", "anchor": "ROAD", "start": 3, "end": 999}, "超出"),
    ],
)
def test_bad_public_opinions_are_refused_clearly_and_nothing_is_stored(
    consultation, payload, message
):
    if payload.get("anchor") == "ROAD":
        payload = {**payload, "anchor": road(consultation.draft).anchor}
    response = submit(consultation.report.pk, payload)
    assert response.status_code == 422, response.content
    assert message in response.json()["detail"] and "未保存" in response.json()["detail"]
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"text": ["意见"]},
        {"text": "意见", "start": "abc"},
        {"text": "意见", "start": -1},
        {"text": "意见", "contact": "1" * 101},
        {"text": "意见", "anchor": "x" * 17},
    ],
)
def test_malformed_public_submissions_are_422(consultation, payload):
    response = submit(consultation.report.pk, payload)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith("请求参数有误")
    assert not Opinion.objects.exists()


def test_a_flood_of_public_submissions_is_cut_off(consultation):
    for n in range(PUBLIC_RATE_LIMIT):
        assert submit(consultation.report.pk, {"text": f"意见{n}"}, "9.9.9.9").status_code == 201
    refused = submit(consultation.report.pk, {"text": "又一条"}, "9.9.9.9")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "频繁" in refused.json()["detail"]
    assert Opinion.objects.count() == PUBLIC_RATE_LIMIT
    assert submit(consultation.report.pk, {"text": "另一个人"}, "8.8.8.8").status_code == 201


def test_no_public_submissions_on_unknown_or_closed_reports(world, supervisor, consultation):
    assert submit(999_999, {"text": "意见"}).status_code == 404
    closed = report_create(actor=supervisor, region=world.county, year=2027)
    assert Client().get(f"/api/v1/consultations/{closed.pk}").status_code == 404
    response = submit(closed.pk, {"text": "意见"})
    assert response.status_code == 422 and "没有在征求意见" in response.json()["detail"]
    assert not Opinion.objects.exists()


def test_html_in_an_opinion_is_stored_verbatim_and_returned_as_json_data(consultation, sup):
    text = '<script>alert("x")</script><b onmouseover="x()">加快</b> & 改善'
    response = submit(consultation.report.pk, {"text": text, "author_sector": "<i>教师</i>"})
    assert response.status_code == 201
    opinion = Opinion.objects.get()
    assert opinion.text == text
    answered = post(
        sup,
        f"/api/v1/opinions/{opinion.pk}/answer",
        {"state": "noted", "reply": "<b>谢谢</b>", "is_public": True},
    )
    assert answered.status_code == 200, answered.content
    feedback = Client().get(f"/api/v1/consultations/{consultation.report.pk}/feedback")
    assert feedback["Content-Type"].startswith("application/json")
    item = feedback.json()["items"][0]
    assert (item["text"], item["reply"], item["author_sector"]) == (
        text,
        "<b>谢谢</b>",
        "<i>教师</i>",
    )


def test_feedback_shows_only_public_answers_and_never_contact(consultation, supervisor):
    def public(text: str, contact: str = "") -> Opinion:
        return opinion_submit_public(
            report=consultation.report, text=text, contact=contact, client_key=text
        )

    shown = public("公开的意见", "13700000001")
    hidden = public("不公开的意见", "13700000002")
    public("还没有答复的意见", "13700000003")
    opinion_answer(
        actor=supervisor, opinion=shown, state=AnswerState.ADOPTED, reply="采纳", is_public=True
    )
    opinion_answer(
        actor=supervisor, opinion=hidden, state=AnswerState.NOTED, reply="参考", is_public=False
    )
    response = Client().get(f"/api/v1/consultations/{consultation.report.pk}/feedback")
    assert response.status_code == 200
    body = response.json()
    assert [i["text"] for i in body["items"]] == ["公开的意见"]
    item = body["items"][0]
    assert (item["state"], item["state_label"], item["reply"]) == ("adopted", "采纳", "采纳")
    assert not {"contact", "client_hash", "submitted_by_id", "author_name"} & set(item)
    assert "137000000" not in response.content.decode()


# --- Staff: opinions and answers -------------------------------------------------------------


def test_staff_answer_and_link_the_change_that_the_feedback_then_shows(
    consultation, supervisor, sup
):
    paragraph = road(consultation.draft)
    opinion_id = submit(
        consultation.report.pk, {"text": "山区公路要多修。", "anchor": paragraph.anchor}
    ).json()["id"]
    answered = post(
        sup,
        f"/api/v1/opinions/{opinion_id}/answer",
        {"state": "adopted", "reply": "已采纳。", "is_public": True, "topics": ["交通", "山区"]},
    )
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert (body["state"], body["state_label"], body["topics"], body["is_public"]) == (
        "adopted",
        "采纳",
        ["交通", "山区"],
        True,
    )
    revised = revise(supervisor, consultation)
    too_early = post(sup, f"/api/v1/opinions/{opinion_id}/change", {"version": 1, "anchor": "x"})
    assert too_early.status_code == 422
    assert (
        post(
            sup, f"/api/v1/opinions/{opinion_id}/change", {"version": 9, "anchor": "x"}
        ).status_code
        == 404
    )
    linked = post(
        sup,
        f"/api/v1/opinions/{opinion_id}/change",
        {"version": revised.number, "anchor": road(revised).anchor},
    )
    assert linked.status_code == 200, linked.content
    assert (linked.json()["result_version"], linked.json()["result_anchor"]) == (
        2,
        paragraph.anchor,
    )
    item = (
        Client().get(f"/api/v1/consultations/{consultation.report.pk}/feedback").json()["items"][0]
    )
    assert (item["version"], item["anchor"], item["result_version"], item["result_anchor"]) == (
        1,
        paragraph.anchor,
        2,
        paragraph.anchor,
    )
    stats = sup.get(f"/api/v1/reports/{consultation.report.pk}/opinion-stats").json()
    assert (stats["total"], stats["answered"], stats["revisions"]) == (1, 1, 1)
    assert {"key": "public", "label": "网上征集", "count": 1} in stats["by_channel"]
    assert {"key": "交通", "label": "交通", "count": 1} in stats["by_topic"]


def test_answering_assigns_a_unit_and_keeps_what_is_not_given(consultation, sup, world):
    opinion = opinion_submit_public(report=consultation.report, text="意见", client_key="x")
    url = f"/api/v1/opinions/{opinion.pk}/answer"
    first = post(sup, url, {"state": "partly", "reply": "部分采纳", "topics": ["交通"]})
    assert first.status_code == 200, first.content
    unknown = post(sup, url, {"state": "adopted", "reply": "改", "unit": 999_999})
    assert unknown.status_code == 404
    opinion.refresh_from_db()
    assert (opinion.state, opinion.unit) == (AnswerState.PARTLY, None)  # nothing changed
    second = post(sup, url, {"state": "adopted", "reply": "采纳", "unit": world.bureau.pk})
    assert second.status_code == 200, second.content
    body = second.json()
    assert (body["state"], body["topics"], body["unit_name"], body["is_public"]) == (
        "adopted",
        ["交通"],
        world.bureau.name,
        False,
    )


@pytest.mark.parametrize("who", ["liaison", "representative", "leader", "other_supervisor"])
def test_only_the_office_answers_and_a_refusal_changes_nothing(
    request, world, consultation, client_for, who
):
    opinion = opinion_submit_public(report=consultation.report, text="意见", client_key="x")
    user = (
        user_with_role("sup2", world.other_bureau, Role.SUPERVISOR)
        if who == "other_supervisor"
        else request.getfixturevalue(who)
    )
    response = post(
        client_for(user),
        f"/api/v1/opinions/{opinion.pk}/answer",
        {"state": "adopted", "reply": "好", "is_public": True, "topics": ["改"]},
    )
    assert response.status_code == 403, response.content
    assert response.json()["detail"]
    opinion.refresh_from_db()
    assert (opinion.state, opinion.reply, opinion.is_public, opinion.topics) == (
        AnswerState.PENDING,
        "",
        False,
        [],
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"state": "pending", "reply": "好"},
        {"state": "maybe", "reply": "好"},
        {"state": "adopted", "reply": "  "},
        {"state": "adopted", "reply": "好", "topics": [f"t{n}" for n in range(12)]},
        {"state": "adopted"},
    ],
)
def test_bad_answers_are_422_and_nothing_changes(consultation, sup, payload):
    opinion = opinion_submit_public(report=consultation.report, text="意见", client_key="x")
    response = post(sup, f"/api/v1/opinions/{opinion.pk}/answer", payload)
    assert response.status_code == 422, response.content
    opinion.refresh_from_db()
    assert (opinion.state, opinion.reply, opinion.topics) == (AnswerState.PENDING, "", [])


def test_a_representatives_contact_is_seen_by_the_office_and_themselves_only(
    client_for, world, consultation, sup, representative, leader
):
    own = client_for(representative)
    created = post(
        own,
        "/api/v1/opinions",
        {
            "report": consultation.report.pk,
            "channel": "written",
            "text": "建议增加村级养老服务站。",
            "contact": "13800000000",
            "topics": ["养老"],
        },
    )
    assert created.status_code == 201, created.content
    opinion_id = created.json()["id"]
    assert created.json()["contact"] == "13800000000"
    assert created.json()["author_name"]  # the representative's own name by default
    assert own.get(f"/api/v1/opinions/{opinion_id}").json()["contact"] == "13800000000"
    assert sup.get(f"/api/v1/opinions/{opinion_id}").json()["contact"] == "13800000000"
    listed = sup.get("/api/v1/opinions", {"report": consultation.report.pk}).json()
    assert listed["items"][0]["contact"] == "13800000000"

    # A leader reads opinions of the region, without the contact.
    leaders = client_for(leader)
    assert leaders.get(f"/api/v1/opinions/{opinion_id}").json()["contact"] is None
    assert leaders.get("/api/v1/opinions").json()["items"][0]["contact"] is None

    # Another representative sees neither the opinion nor its contact.
    other = client_for(user_with_role("deputy2", world.office, Role.REPRESENTATIVE))
    for response in (other.get(f"/api/v1/opinions/{opinion_id}"), other.get("/api/v1/opinions")):
        assert response.status_code == 403
        assert "13800000000" not in response.content.decode()
    # And nobody who is not signed in.
    assert Client().get(f"/api/v1/opinions/{opinion_id}").status_code == 401


def test_recording_opinions_needs_the_right_role_and_valid_references(
    consultation, sup, client_for, liaison, supervisor
):
    base = {"report": consultation.report.pk, "channel": "meeting", "text": "会上发言"}
    assert post(client_for(liaison), "/api/v1/opinions", base).status_code == 403
    assert post(sup, "/api/v1/opinions", {**base, "channel": "public"}).status_code == 422
    assert post(sup, "/api/v1/opinions", {**base, "report": 999_999}).status_code == 404
    assert post(sup, "/api/v1/opinions", {**base, "meeting": 999_999}).status_code == 404
    assert post(sup, "/api/v1/opinions", {**base, "report": "甲县"}).status_code == 422
    assert post(sup, "/api/v1/opinions", {**base, "version": 7, "anchor": "x"}).status_code == 404
    assert not Opinion.objects.exists()
    meeting = service_meeting_create(
        actor=supervisor,
        data=MeetingInput(kind="symposium", title="座谈会", report=consultation.report),
    )
    paragraph = road(consultation.draft)
    ok = post(
        sup,
        "/api/v1/opinions",
        {**base, "meeting": meeting.pk, "version": 1, "anchor": paragraph.anchor},
    )
    assert ok.status_code == 201, ok.content
    assert (ok.json()["meeting_id"], ok.json()["version"], ok.json()["channel_label"]) == (
        meeting.pk,
        1,
        "会上发言",
    )


def test_opinion_filters(consultation, sup, supervisor):
    for text, channel, sector, topics in [
        ("苹果产业要加大扶持", "written", "企业", ["苹果"]),
        ("农村公路要多修", "meeting", "农民", ["交通"]),
        ("养老服务", "written", "农民", []),
    ]:
        opinion_record(
            actor=supervisor,
            report=consultation.report,
            channel=channel,
            text=text,
            author_sector=sector,
            topics=topics,
        )

    def texts(**query: Any) -> list[str]:
        response = sup.get("/api/v1/opinions", {"report": consultation.report.pk, **query})
        assert response.status_code == 200, response.content
        return sorted(i["text"] for i in response.json()["items"])

    assert len(texts()) == 3
    assert texts(channel="meeting") == ["农村公路要多修"]
    assert texts(sector="农民") == ["养老服务", "农村公路要多修"]
    assert texts(topic="苹果") == ["苹果产业要加大扶持"]
    assert texts(q="公路") == ["农村公路要多修"]
    assert texts(state="adopted") == []
    assert sup.get("/api/v1/opinions", {"state": "maybe"}).status_code == 422
    assert sup.get("/api/v1/opinions", {"page_size": 500}).status_code == 422


# --- Meetings --------------------------------------------------------------------------------

MEETING = {
    "kind": "deliberation",
    "title": "参加甲县代表团审议",
    "date": "2026-01-21",
    "time": "09:30",
    "region": "930121",
    "place": "县人大常委会会议室",
    "delegation": "甲县代表团",
    "topics": ["乡村振兴"],
    "people": [
        {"name": "王某", "titles": ["县委书记"], "role": "leader"},
        {"name": "张某", "titles": ["县人大常委会主任"], "role": "host"},
    ],
    "groups": [{"sector": "人大代表", "count": 30}],
    "speeches": [
        {
            "speaker_name": "李某",
            "speaker_title": "县人大代表",
            "topics": ["交通"],
            "summary": "建议加大农村公路投入。",
        }
    ],
    "instructions": ["切实抓好项目建设。", "持续改善民生。"],
    "instructions_by": "王某",
}


def test_meetings_are_recorded_listed_and_read(consultation, sup, client_for, liaison):
    response = post(sup, "/api/v1/meetings", {**MEETING, "report": consultation.report.pk})
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert (meeting["kind_label"], meeting["region_name"], meeting["time"]) == (
        "代表团审议",
        "甲县",
        "09:30:00",
    )
    assert [p["role"] for p in meeting["people"]] == ["leader", "host"]
    assert meeting["groups"] == [{"sector": "人大代表", "count": 30}]
    assert meeting["speeches"][0]["summary"] == "建议加大农村公路投入。"
    assert [(i["ordinal"], i["given_by"]) for i in meeting["instructions"]] == [
        (1, "王某"),
        (2, "王某"),
    ]
    post(sup, "/api/v1/meetings", {"kind": "symposium", "title": "征求意见座谈会"})

    reader = client_for(liaison)  # anyone signed in reads meetings
    listed = reader.get("/api/v1/meetings").json()
    assert listed["count"] == 2
    only = reader.get("/api/v1/meetings", {"kind": "deliberation"}).json()["items"]
    assert [(m["title"], m["instruction_count"]) for m in only] == [("参加甲县代表团审议", 2)]
    by_report = reader.get("/api/v1/meetings", {"report": consultation.report.pk}).json()
    assert by_report["count"] == 1
    detail = reader.get(f"/api/v1/meetings/{meeting['id']}")
    assert detail.status_code == 200 and detail.json()["delegation"] == "甲县代表团"
    assert Client().get("/api/v1/meetings").status_code == 401


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"kind": "party"}, 422),
        ({"title": ""}, 422),
        ({"title": "   "}, 422),
        ({"date": "2026-13-01"}, 422),
        ({"region": "999999"}, 404),
        ({"region": "甲县"}, 422),
        ({"report": 999_999}, 404),
        ({"report_version": 1}, 422),
        ({"people": [{"name": "王某", "role": "king"}]}, 422),
        ({"groups": [{"sector": "代表", "count": -1}]}, 422),
    ],
)
def test_bad_meetings_are_refused_and_nothing_is_stored(sup, world, change, status):
    response = post(sup, "/api/v1/meetings", {**MEETING, **change})
    assert response.status_code == status, response.content
    assert not Meeting.objects.exists()


def test_a_liaison_cannot_record_a_meeting(client_for, liaison, world):
    assert post(client_for(liaison), "/api/v1/meetings", MEETING).status_code == 403
    assert not Meeting.objects.exists()


# --- Referrals -------------------------------------------------------------------------------


@pytest.fixture
def instruction_id(sup, world) -> int:
    meeting = post(sup, "/api/v1/meetings", MEETING).json()
    return int(meeting["instructions"][0]["id"])


def test_an_instruction_is_referred_to_units_and_completed(sup, world, instruction_id):
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    created = post(
        sup,
        "/api/v1/referrals",
        {
            "summary": "切实抓好项目建设。",
            "units": [world.bureau.pk, world.office.pk],
            "deadline": deadline,
            "instruction": instruction_id,
        },
    )
    assert created.status_code == 201, created.content
    referral = created.json()
    assert referral["lead_unit"]["id"] == world.bureau.pk
    assert {u["id"] for u in referral["units"]} == {world.bureau.pk, world.office.pk}
    assert (referral["status"], referral["source"], referral["instruction_id"]) == (
        "open",
        "指示要求",
        instruction_id,
    )
    assert referral["meeting_id"]  # the instruction's meeting is kept as well
    meeting = sup.get(f"/api/v1/meetings/{referral['meeting_id']}").json()
    assert meeting["instructions"][0]["referral_ids"] == [referral["id"]]

    done = post(sup, f"/api/v1/referrals/{referral['id']}/complete")
    assert done.status_code == 200 and done.json()["status"] == "done"
    again = post(sup, f"/api/v1/referrals/{referral['id']}/complete")
    assert again.status_code == 422
    assert sup.get("/api/v1/referrals", {"status": "done"}).json()["count"] == 1
    assert sup.get("/api/v1/referrals", {"status": "open"}).json()["count"] == 0
    assert sup.get("/api/v1/referrals", {"unit": world.office.pk}).json()["count"] == 1
    assert sup.get("/api/v1/referrals", {"unit": world.other_bureau.pk}).json()["count"] == 0


def test_an_opinion_is_referred(sup, world, consultation):
    opinion = opinion_submit_public(report=consultation.report, text="修路", client_key="x")
    created = post(
        sup,
        "/api/v1/referrals",
        {
            "summary": "研究山区公路建设。",
            "units": [world.bureau.pk],
            "deadline": timezone.localdate().isoformat(),
            "opinion": opinion.pk,
        },
    )
    assert created.status_code == 201, created.content
    assert (created.json()["source"], created.json()["opinion_id"]) == ("意见建议", opinion.pk)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"units": []}, 422),
        ({"deadline": "PAST"}, 422),
        ({"deadline": "tomorrow"}, 422),
        ({"units": ["县发改局"]}, 422),
        ({"units": [999_999]}, 404),
        ({"instruction": 999_999}, 404),
        ({"opinion": 999_999}, 404),
        ({"meeting": 999_999}, 404),
        ({"instruction": None}, 422),
        ({"summary": " "}, 422),
    ],
)
def test_bad_referrals_are_refused_and_nothing_is_stored(
    sup, world, instruction_id, change, status
):
    payload = {
        "summary": "切实抓好项目建设。",
        "units": [world.bureau.pk],
        "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "instruction": instruction_id,
        **change,
    }
    if payload["deadline"] == "PAST":
        payload["deadline"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = post(sup, "/api/v1/referrals", payload)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Referral.objects.exists()


def test_who_may_refer_and_complete(client_for, sup, world, liaison, leader, instruction_id):
    payload = {
        "summary": "落实指示。",
        "units": [world.bureau.pk],
        "deadline": timezone.localdate().isoformat(),
        "instruction": instruction_id,
    }
    assert post(client_for(liaison), "/api/v1/referrals", payload).status_code == 403
    assert not Referral.objects.exists()
    created = post(client_for(leader), "/api/v1/referrals", payload)  # a leader refers
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    assert post(client_for(liaison), f"/api/v1/referrals/{referral_id}/complete").status_code == (
        403
    )
    assert Referral.objects.get().status == "open"
    assert post(sup, f"/api/v1/referrals/{referral_id}/complete").status_code == 200


# --- Addresses, types, query counts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/opinions/abc", 422),
        ("get", "/api/v1/opinions/999999", 404),
        ("post", "/api/v1/opinions/999999/answer", 404),
        ("post", "/api/v1/opinions/999999/change", 404),
        ("get", "/api/v1/meetings/999999", 404),
        ("get", "/api/v1/meetings/abc", 422),
        ("get", "/api/v1/reports/999999/opinion-stats", 404),
        ("post", "/api/v1/referrals/999999/complete", 404),
        ("post", "/api/v1/referrals/abc/complete", 422),
        ("get", "/api/v1/consultations/999999", 404),
        ("get", "/api/v1/consultations/999999/feedback", 404),
        ("get", "/api/v1/consultations/abc", 422),
    ],
)
def test_unknown_ids_and_wrong_types(sup, world, method, url, status):
    payloads = {
        "answer": {"state": "adopted", "reply": "好"},
        "change": {"version": 2, "anchor": "x"},
    }
    payload = payloads.get(url.rsplit("/", 1)[-1], {})
    response = sup.get(url) if method == "get" else post(sup, url, payload)
    assert response.status_code == status, response.content
    assert response.json()["detail"]


def test_lists_use_a_fixed_number_of_queries(
    client_for, world, consultation, supervisor, leader, django_assert_max_num_queries
):
    report = consultation.report

    def add(count: int) -> None:
        for n in range(count):
            opinion = opinion_record(
                actor=supervisor,
                report=report,
                channel="written",
                text=f"意见{n}",
                author_sector="农民",
                topics=["交通"],
            )
            opinion_answer(
                actor=supervisor, opinion=opinion, state="adopted", reply="好", is_public=True
            )
            meeting = service_meeting_create(
                actor=supervisor,
                data=MeetingInput(
                    kind="deliberation", title=f"审议{n}", report=report, instructions=["一要"]
                ),
            )
            service_referral_create(
                actor=supervisor,
                summary=f"交办{n}",
                units=[world.bureau, world.office],
                deadline=timezone.localdate(),
                instruction=meeting.instructions.first(),
            )

    public = (f"/api/v1/consultations/{report.pk}", f"/api/v1/consultations/{report.pk}/feedback")
    staff = (
        "/api/v1/opinions",
        f"/api/v1/opinions?report={report.pk}&topic=交通",
        "/api/v1/meetings",
        "/api/v1/referrals",
        f"/api/v1/reports/{report.pk}/opinion-stats",
    )
    clients = {
        "supervisor": (client_for(supervisor), public + staff),
        "leader": (client_for(leader), public + staff),
        "anonymous": (Client(), public),
    }
    for client, _urls in clients.values():
        client.get("/api/v1/consultations/0")  # the session, outside the count
    add(2)
    small: dict[tuple[str, str], int] = {}
    for who, (client, urls) in clients.items():
        for url in urls:
            with django_assert_max_num_queries(12, info=url) as captured:
                assert client.get(url).status_code == 200, url
            small[who, url] = len(captured.captured_queries)
    add(25)
    for who, (client, urls) in clients.items():
        for url in urls:
            with django_assert_max_num_queries(small[who, url], info=f"{who} {url}"):
                response = client.get(url)
            assert response.status_code == 200, url
            if url.endswith(("/opinions", "/meetings", "/referrals", "/feedback")):
                assert response.json()["count"] == 27, url
