import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from luoshi.engagement.models import Meeting, Referral
from luoshi.engagement.services import (
    MeetingInput,
    PersonInput,
    SpeechInput,
    meeting_create,
    referral_complete,
    referral_create,
)

pytestmark = pytest.mark.django_db


def deliberation(actor, world, consultation):
    return meeting_create(
        actor=actor,
        data=MeetingInput(
            kind="deliberation",
            title="参加甲县代表团审议",
            date=date(2026, 1, 21),
            region=world.county,
            delegation="甲县代表团",
            report=consultation.report,
            people=[PersonInput("王某", ("县长",), "leader")],
            groups=[("人大代表", 30)],
            speeches=[SpeechInput("李某", "县人大代表", ("乡村振兴",), "建议加大农村公路投入。")],
            instructions=["切实抓好项目建设。", "持续改善民生。"],
            instructions_by="王某",
        ),
    )


def test_a_deliberation_with_speeches_and_numbered_instructions_referred_to_units(
    client_for, world, consultation, supervisor
):
    meeting = deliberation(supervisor, world, consultation)
    assert [i.ordinal for i in meeting.instructions.all()] == [1, 2]
    first = meeting.instructions.get(ordinal=1)
    referral = referral_create(
        actor=supervisor,
        summary=first.text,
        units=[world.bureau, world.office],
        deadline=timezone.localdate() + timedelta(days=30),
        instruction=first,
    )
    assert (referral.lead_unit, referral.meeting) == (world.bureau, meeting)
    assert set(referral.units.all()) == {world.bureau, world.office}
    page = (
        client_for(supervisor)
        .get(reverse("engagement:meeting_detail", args=[meeting.pk]))
        .content.decode()
    )
    assert "切实抓好项目建设" in page and "已交办" in page and "建议加大农村公路投入" in page
    referral_complete(actor=supervisor, referral=referral)
    with pytest.raises(ValidationError):
        referral_complete(actor=supervisor, referral=referral)


def test_bad_referrals_are_refused(world, consultation, supervisor, liaison):
    meeting = deliberation(supervisor, world, consultation)
    instruction = meeting.instructions.first()
    with pytest.raises(ValidationError):
        referral_create(
            actor=supervisor,
            summary="x",
            units=[],
            deadline=timezone.localdate(),
            instruction=instruction,
        )
    with pytest.raises(ValidationError):
        referral_create(
            actor=supervisor,
            summary="x",
            units=[world.bureau],
            deadline=timezone.localdate() - timedelta(days=1),
            instruction=instruction,
        )
    with pytest.raises(PermissionDenied):
        referral_create(
            actor=liaison,
            summary="x",
            units=[world.bureau],
            deadline=timezone.localdate(),
            instruction=instruction,
        )
    assert not Referral.objects.exists()


def test_a_liaison_cannot_record_a_meeting(world, consultation, liaison):
    with pytest.raises(PermissionDenied):
        deliberation(liaison, world, consultation)
    assert not Meeting.objects.exists()


def test_meeting_list_queries_do_not_grow(
    client_for, world, consultation, supervisor, django_assert_max_num_queries
):
    for _n in range(15):
        deliberation(supervisor, world, consultation)
    client = client_for(supervisor)
    client.get(reverse("home"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("engagement:meeting_list")).status_code == 200


def test_an_instruction_is_referred_from_the_meeting_page(
    client_for, world, consultation, supervisor, liaison
):
    meeting = deliberation(supervisor, world, consultation)
    url = reverse("engagement:instruction_refer", args=[meeting.pk, 2])
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    page = (
        client_for(supervisor)
        .get(reverse("engagement:meeting_detail", args=[meeting.pk]))
        .content.decode()
    )
    assert 'id="refer-2"' in page and url in page
    form = client_for(supervisor).get(url).content.decode()
    assert "持续改善民生" in form and "甲县发展和改革局" in form
    assert 'name="lead_unit"' in form and 'type="checkbox" name="co_units"' in form
    assert "multiple" not in "".join(re.findall(r"<select[^>]*>", form))
    assert client_for(liaison).get(url).status_code == 403
    denied = client_for(liaison).post(url, {"lead_unit": world.bureau.pk, "deadline": deadline})
    assert denied.status_code == 403 and not Referral.objects.exists()
    both = {"lead_unit": world.office.pk, "co_units": [world.office.pk], "deadline": deadline}
    refused = client_for(supervisor).post(url, both)
    assert refused.status_code == 400 and "已是牵头单位" in refused.content.decode()
    assert not Referral.objects.exists()
    response = client_for(supervisor).post(
        url,
        {"lead_unit": world.office.pk, "co_units": [world.bureau.pk], "deadline": deadline},
        follow=True,
    )
    assert "已交办第 2 条" in response.content.decode()
    referral = Referral.objects.get()
    assert (referral.lead_unit, referral.instruction.ordinal) == (world.office, 2)
    assert set(referral.units.all()) == {world.office, world.bureau}
    bad = client_for(supervisor).post(url, {"deadline": deadline})
    assert bad.status_code == 400 and "请选择牵头单位" in bad.content.decode()
    outside = {"lead_unit": world.other_bureau.pk, "deadline": deadline}
    assert "不在可选范围内" in client_for(supervisor).post(url, outside).content.decode()
    assert Referral.objects.count() == 1
