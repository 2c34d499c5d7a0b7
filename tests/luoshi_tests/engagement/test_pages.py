import pytest
from django.test import Client
from django.urls import reverse

from luoshi.engagement.models import AnswerState, Opinion
from luoshi.engagement.services import Passage, opinion_answer, opinion_submit_public

pytestmark = pytest.mark.django_db


def test_the_public_form_takes_an_opinion_without_login(consultation):
    client = Client()
    url = reverse("engagement:consult", args=[consultation.report.pk])
    page = client.get(url).content.decode()
    paragraph = consultation.draft.paragraphs.get(text__startswith="建设苹果")
    assert f'data-anchor="{paragraph.anchor}"' in page
    response = client.post(
        url,
        {
            "text": "建议苹果产业园区同步建设冷链仓储。",
            "anchor": paragraph.anchor,
            "start": 2,
            "end": 4,
            "quote": "苹果",
            "author_sector": "农民",
        },
        follow=True,
    )
    assert "感谢您的意见" in response.content.decode()
    opinion = Opinion.objects.get()
    assert (opinion.anchor, opinion.quote, opinion.channel, opinion.version) == (
        paragraph.anchor,
        "苹果",
        "public",
        consultation.draft,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "请填写意见内容"),
        ({"text": "长" * 102_400}, "不能超过"),
        ({"text": "正常意见", "website": "http://spam.example"}, "未通过校验"),
        ({"text": "正常意见", "author_sector": "外星人"}, "选择一个有效的选项"),
    ],
)
def test_bad_public_submissions_get_a_message_and_store_nothing(consultation, data, message):
    response = Client().post(reverse("engagement:consult", args=[consultation.report.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Opinion.objects.exists()


def test_everything_on_the_public_pages_is_escaped(consultation, supervisor):
    opinion = opinion_submit_public(
        report=consultation.report, text="<script>alert('x')</script>", client_key="x"
    )
    opinion_answer(
        actor=supervisor,
        opinion=opinion,
        state=AnswerState.NOTED,
        reply="<b>谢谢</b>",
        is_public=True,
    )
    page = (
        Client().get(reverse("engagement:feedback", args=[consultation.report.pk])).content.decode()
    )
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>谢谢</b>" not in page
    echo = Client().post(
        reverse("engagement:consult", args=[consultation.report.pk]),
        {"text": "<img src=x onerror=alert(1)>" + "长" * 3000},
    )
    assert "<img src=x" not in echo.content.decode()


def test_feedback_shows_only_what_staff_made_public(consultation, supervisor):
    shown = opinion_submit_public(report=consultation.report, text="公开的意见", client_key="a")
    hidden = opinion_submit_public(report=consultation.report, text="不公开的意见", client_key="b")
    opinion_answer(
        actor=supervisor, opinion=shown, state=AnswerState.ADOPTED, reply="采纳", is_public=True
    )
    opinion_answer(
        actor=supervisor,
        opinion=hidden,
        state=AnswerState.DECLINED,
        reply="不采纳",
        is_public=False,
    )
    page = (
        Client().get(reverse("engagement:feedback", args=[consultation.report.pk])).content.decode()
    )
    assert "公开的意见" in page and "不公开的意见" not in page


def test_staff_answer_through_the_page(client_for, consultation, supervisor):
    opinion = opinion_submit_public(
        report=consultation.report, text="意见", client_key="a", passage=Passage()
    )
    url = reverse("engagement:opinion_detail", args=[opinion.pk])
    response = client_for(supervisor).post(
        url, {"state": "partly", "reply": "部分采纳", "is_public": "on", "topics": "交通、乡村"}
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.state, opinion.topics, opinion.is_public) == ("partly", ["交通", "乡村"], True)


def test_a_liaison_cannot_answer_or_list(client_for, consultation, liaison):
    opinion = opinion_submit_public(report=consultation.report, text="意见", client_key="a")
    client = client_for(liaison)
    assert client.get(reverse("engagement:opinion_list")).status_code == 403
    assert (
        client.post(
            reverse("engagement:opinion_detail", args=[opinion.pk]),
            {"state": "adopted", "reply": "x"},
        ).status_code
        == 403
    )
    opinion.refresh_from_db()
    assert opinion.state == AnswerState.PENDING


def test_opinion_list_queries_do_not_grow(
    client_for, consultation, supervisor, django_assert_max_num_queries
):
    for n in range(40):
        opinion_submit_public(
            report=consultation.report,
            text=f"第{n}条意见",
            client_key=f"ip{n}",
            author_sector="企业",
        )
    client = client_for(supervisor)
    client.get(reverse("home"))
    # 19 whatever the rows: a menu entry the office is not offered (我的建议) asks Django's
    # model permissions too, read once per request (2 queries).
    with django_assert_max_num_queries(19):
        page = client.get(reverse("engagement:opinion_list"), {"report": consultation.report.pk})
    assert page.content.decode().count("条意见") >= 40


def test_a_supervisor_of_another_county_does_not_list_our_opinions(client_for, world, consultation):
    from luoshi.accounts.models import Role
    from luoshi_tests.conftest import user_with_role

    opinion_submit_public(report=consultation.report, text="甲县的意见", client_key="a")
    stranger = client_for(user_with_role("sup_yi", world.other_bureau, Role.SUPERVISOR))
    page = stranger.get(
        reverse("engagement:opinion_list"), {"report": consultation.report.pk}
    ).content.decode()
    assert "甲县的意见" not in page
    api = stranger.get("/api/v1/opinions", {"report": consultation.report.pk}).json()
    assert api["count"] == 0
