"""Opinions, meetings and instructions in the search box: indexed as they are written."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from luoshi.core.models import SearchEntry
from luoshi.core.search import search
from luoshi.engagement.models import AnswerState, Channel, Opinion
from luoshi.engagement.services import (
    MeetingInput,
    PersonInput,
    SpeechInput,
    meeting_create,
    opinion_answer,
    opinion_submit_public,
    referral_create,
)
from luoshi.engagement.views import FEEDBACK_PAGE_SIZE

pytestmark = pytest.mark.django_db


def submit(consultation, capture, text="建议扶持苹果产业，建设冷库。", contact="13900000000"):
    with capture(execute=True):
        return opinion_submit_public(
            report=consultation.report,
            text=text,
            author_name="张某",
            author_sector="果农",
            contact=contact,
            client_key="10.0.0.1",
        )


def hold_meeting(actor, world, consultation, capture, *, is_public=False):
    with capture(execute=True):
        return meeting_create(
            actor=actor,
            data=MeetingInput(
                kind="deliberation",
                title="参加甲县代表团审议",
                date=timezone.localdate(),
                region=world.county,
                report=consultation.report,
                people=[PersonInput("王某", ("县长",), "leader")],
                speeches=[SpeechInput("李某", "县人大代表", ("交通",), "建议加快山区道路硬化。")],
                instructions=["一要抓紧冷链物流项目。", "二要办好民生实事。"],
                instructions_by="王某",
                is_public=is_public,
            ),
        )


def test_a_submitted_opinion_is_found_but_its_contact_is_not_indexed(
    consultation, django_capture_on_commit_callbacks
):
    opinion = submit(consultation, django_capture_on_commit_callbacks)
    entry = SearchEntry.objects.get(kind="opinion", key=str(opinion.pk))
    assert not entry.is_public and entry.state == AnswerState.PENDING
    assert "13900000000" not in entry.body and "张某" not in entry.body
    assert search(query="苹果", kinds=["opinion"]).total == 1
    assert search(query="1390000", kinds=["opinion"]).total == 0
    assert search(query="苹果", kinds=["opinion"], public_only=True).total == 0


def test_an_answer_made_public_makes_the_opinion_public_in_search(
    consultation, supervisor, django_capture_on_commit_callbacks
):
    opinion = submit(consultation, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        opinion_answer(
            actor=supervisor,
            opinion=opinion,
            state=AnswerState.ADOPTED,
            reply="已采纳，纳入冷链物流建设计划。",
            is_public=True,
        )
    found = search(query="冷链", public_only=True, state=AnswerState.ADOPTED)
    assert [hit.key for hit in found.hits] == [str(opinion.pk)]
    assert str(found.hits[0].state_label) == "采纳"


def test_a_meeting_and_its_instructions_are_found_and_referral_changes_the_state(
    world, consultation, supervisor, django_capture_on_commit_callbacks
):
    meeting = hold_meeting(supervisor, world, consultation, django_capture_on_commit_callbacks)
    assert search(query="山区道路", kinds=["meeting"]).total == 1
    instruction_hits = search(query="冷链物流", kinds=["instruction"]).hits
    assert len(instruction_hits) == 1
    assert instruction_hits[0].url.endswith("#instruction-1")
    assert instruction_hits[0].state == "not_referred"
    first = meeting.instructions.get(ordinal=1)
    with django_capture_on_commit_callbacks(execute=True):
        referral_create(
            actor=supervisor,
            summary=first.text,
            units=[world.bureau],
            deadline=timezone.localdate() + timedelta(days=20),
            instruction=first,
        )
    assert search(query="冷链物流", kinds=["instruction"], state="referred").total == 1


def test_rebuild_writes_every_engagement_kind_again(
    world, consultation, supervisor, django_capture_on_commit_callbacks
):
    submit(consultation, django_capture_on_commit_callbacks)
    hold_meeting(supervisor, world, consultation, django_capture_on_commit_callbacks)
    SearchEntry.objects.exclude(kind="report").delete()
    out = StringIO()
    call_command("search_rebuild", stdout=out)
    text = out.getvalue()
    assert "opinion: 1 indexed" in text
    assert "meeting: 1 indexed" in text
    assert "instruction: 2 indexed" in text
    assert search(query="苹果").total >= 1


def test_a_representative_following_a_public_opinion_lands_on_the_published_answer(
    client_for, consultation, supervisor, representative, django_capture_on_commit_callbacks
):
    opinion = submit(consultation, django_capture_on_commit_callbacks)
    url = reverse("engagement:opinion_detail", args=[opinion.pk])
    assert client_for(representative).get(url).status_code == 403
    opinion_answer(
        actor=supervisor,
        opinion=opinion,
        state=AnswerState.NOTED,
        reply="留作参考。",
        is_public=True,
    )
    response = client_for(representative).get(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"feedback/?opinion={opinion.pk}#opinion-{opinion.pk}")
    page = client_for(representative).get(response["Location"]).content.decode()
    assert f'id="opinion-{opinion.pk}"' in page and "13900000000" not in page


def test_the_search_page_lists_kinds_of_every_app(client_for, supervisor):
    html = client_for(supervisor).get(reverse("core:search"), {"q": "苹果"}).content.decode()
    for label in ("政府工作报告", "意见建议", "会议", "指示要求"):
        assert label in html


def test_the_feedback_page_is_paged_and_a_link_to_one_answer_opens_its_page(client, consultation):
    opinions = Opinion.objects.bulk_create(
        Opinion(
            report=consultation.report,
            channel=Channel.PUBLIC,
            text=f"第{n}条公开意见",
            state=AnswerState.NOTED,
            reply="留作参考。",
            is_public=True,
        )
        for n in range(FEEDBACK_PAGE_SIZE + 5)
    )
    url = reverse("engagement:feedback", args=[consultation.report.pk])
    first = client.get(url).content.decode()
    assert first.count('<li id="opinion-') == FEEDBACK_PAGE_SIZE
    assert "下一页" in first
    last = opinions[-1]
    page = client.get(url, {"opinion": last.pk}).content.decode()
    assert f'id="opinion-{last.pk}"' in page and page.count('<li id="opinion-') == 5
    assert client.get(url, {"opinion": "999999"}).status_code == 200
