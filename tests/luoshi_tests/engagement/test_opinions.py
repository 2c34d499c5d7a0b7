"""Opinions: public and recorded, anchored to passages that survive revisions, answered."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from luoshi.accounts.models import Role
from luoshi.core.models import ActionLog
from luoshi.core.public_limits import PUBLIC_RATE_LIMIT
from luoshi.engagement.models import AnswerState, AnswerStateLabel, Opinion
from luoshi.engagement.selectors import opinion_stats, public_feedback, state_labels
from luoshi.engagement.services import (
    Passage,
    opinion_answer,
    opinion_link_change,
    opinion_record,
    opinion_submit_public,
)
from luoshi_tests.conftest import user_with_role
from luoshi_tests.engagement.conftest import revise

pytestmark = pytest.mark.django_db


def road(version):
    return version.paragraphs.get(text__startswith="新建改造农村公路")


def test_an_opinion_on_a_passage_follows_it_into_the_revised_version(consultation, supervisor):
    paragraph = road(consultation.draft)
    opinion = opinion_submit_public(
        report=consultation.report,
        text="建议把山区乡镇的公路放在前面。",
        passage=Passage(consultation.draft, paragraph.anchor, 0, 8, paragraph.text[:8]),
        author_sector="农民",
        contact="13900000000",
        client_key="1.2.3.4",
    )
    revised = revise(supervisor, consultation)
    assert road(revised).anchor == opinion.anchor  # the anchor survived the revision
    opinion_answer(
        actor=supervisor,
        opinion=opinion,
        state=AnswerState.ADOPTED,
        reply="已采纳，增加到150公里。",
        is_public=True,
    )
    opinion_link_change(
        actor=supervisor, opinion=opinion, version=revised, anchor=road(revised).anchor
    )
    stats = opinion_stats(consultation.report)
    assert (stats.total, stats.answered, stats.revisions) == (1, 1, 1)
    assert list(public_feedback(consultation.report)) == [opinion]
    entry = ActionLog.objects.get(verb="opinion.submitted")
    assert "13900000000" not in str(entry.after)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "不能为空"), ("   ", "不能为空"), ("很" * 100_000, "不能超过")],
)
def test_bad_public_opinions_are_refused_and_nothing_is_stored(consultation, text, message):
    with pytest.raises(ValidationError) as error:
        opinion_submit_public(report=consultation.report, text=text, client_key="x")
    assert message in str(error.value)
    assert not Opinion.objects.exists()


def test_a_quote_that_is_not_in_the_paragraph_is_refused(consultation):
    paragraph = road(consultation.draft)
    for passage in (
        Passage(consultation.draft, paragraph.anchor, 0, 5, "不是原文啊"),
        Passage(consultation.draft, paragraph.anchor, 3, 999, ""),
        Passage(consultation.draft, "nosuchanchor", None, None, ""),
    ):
        with pytest.raises(ValidationError):
            opinion_submit_public(
                report=consultation.report, text="意见", passage=passage, client_key="x"
            )
    assert not Opinion.objects.exists()


def test_a_flood_of_submissions_is_cut_off(consultation):
    for _n in range(PUBLIC_RATE_LIMIT):
        opinion_submit_public(
            report=consultation.report, text="同一个人的意见", client_key="9.9.9.9"
        )
    with pytest.raises(ValidationError) as error:
        opinion_submit_public(report=consultation.report, text="又一条", client_key="9.9.9.9")
    assert "频繁" in str(error.value)
    assert Opinion.objects.count() == PUBLIC_RATE_LIMIT
    opinion_submit_public(report=consultation.report, text="另一个人", client_key="8.8.8.8")


def test_no_public_opinions_when_the_report_is_not_out_for_comments(world, supervisor):
    from luoshi.reports.services import report_create

    report = report_create(actor=supervisor, region=world.county, year=2027)
    with pytest.raises(ValidationError):
        opinion_submit_public(report=report, text="意见", client_key="x")
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("who", ["liaison", "leader", "representative", "other_supervisor"])
def test_only_the_regions_office_answers(request, world, consultation, who):
    opinion = opinion_submit_public(report=consultation.report, text="意见", client_key="x")
    actor = (
        user_with_role("sup2", world.other_bureau, Role.SUPERVISOR)
        if who == "other_supervisor"
        else request.getfixturevalue(who)
    )
    with pytest.raises(PermissionDenied):
        opinion_answer(
            actor=actor, opinion=opinion, state=AnswerState.ADOPTED, reply="好", is_public=True
        )
    opinion.refresh_from_db()
    assert (opinion.state, opinion.reply, opinion.is_public) == (AnswerState.PENDING, "", False)


def test_a_representative_records_a_written_opinion_and_only_they_and_the_office_see_its_contact(
    client_for, world, consultation, supervisor, representative
):
    other = user_with_role("deputy2", world.office, Role.REPRESENTATIVE)
    opinion = opinion_record(
        actor=representative,
        report=consultation.report,
        channel="written",
        text="建议增加村级养老服务站。",
        contact="13800000000",
    )
    url = reverse("engagement:opinion_detail", args=[opinion.pk])
    assert "13800000000" in client_for(representative).get(url).content.decode()
    assert "13800000000" in client_for(supervisor).get(url).content.decode()
    assert client_for(other).get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        opinion_record(
            actor=world and user_with_role("l9", world.bureau, Role.LIAISON),
            report=consultation.report,
            channel="written",
            text="x",
        )


def test_regions_rename_answer_states(world, consultation):
    AnswerStateLabel.objects.create(region=world.city, state=AnswerState.ADOPTED, label="吸纳采用")
    assert state_labels(world.county)[AnswerState.ADOPTED] == "吸纳采用"
    AnswerStateLabel.objects.create(
        region=world.county, state=AnswerState.ADOPTED, label="予以采纳"
    )
    assert state_labels(world.county)[AnswerState.ADOPTED] == "予以采纳"
    assert state_labels(world.other_county)[AnswerState.ADOPTED] == "吸纳采用"


def test_a_change_can_only_be_linked_to_a_later_version_paragraph(consultation, supervisor):
    opinion = opinion_submit_public(
        report=consultation.report,
        text="意见",
        passage=Passage(consultation.draft, road(consultation.draft).anchor),
        client_key="x",
    )
    with pytest.raises(ValidationError):
        opinion_link_change(
            actor=supervisor,
            opinion=opinion,
            version=consultation.draft,
            anchor=road(consultation.draft).anchor,
        )
    revised = revise(supervisor, consultation)
    with pytest.raises(ValidationError):
        opinion_link_change(actor=supervisor, opinion=opinion, version=revised, anchor="missing")
    opinion.refresh_from_db()
    assert opinion.result_anchor == ""
