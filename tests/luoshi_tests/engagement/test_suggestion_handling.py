"""代表建议办理: a deputy's written suggestion is handed to a unit with a deadline, the unit
answers it with a category, the deputy rates the answer and 不满意 sends it back once; the unit
is reminded before and after the deadline; the office reads the numbers by deputy and by
delegation. Bad input and the wrong reader change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.core.models import Unit
from luoshi.engagement.models import AnswerState, Opinion
from luoshi.engagement.services import opinion_answer, opinion_record
from luoshi.engagement.suggestion_selectors import suggestion_statistics
from luoshi.engagement.suggestion_services import opinion_hand, opinion_rate
from luoshi.tasks.models import Notification
from luoshi.tasks.services.suggestion_reminders import send_suggestion_reminders
from luoshi_tests.browser_forms import csrf_client, post_form
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TEXT = "建议在山区乡镇优先安排农村公路改造资金，解决群众出行难。"


@pytest.fixture
def deputy(world):
    delegation = UnitFactory(region=world.county, name="甲县第三代表团")
    return user_with_role("zhou_min", delegation, Role.REPRESENTATIVE)


@pytest.fixture
def suggestion(consultation, deputy):
    return opinion_record(actor=deputy, report=consultation.report, channel="written", text=TEXT)


def test_the_suggestion_goes_from_hand_over_to_answer_to_rating(
    suggestion, world, supervisor, liaison, deputy
):
    assert suggestion.delegation == "甲县第三代表团"
    detail = f"/engagement/opinions/{suggestion.pk}/"
    office = csrf_client(supervisor)
    assert 'id="hand-form"' in office.get(detail).content.decode()
    deadline = timezone.localdate() + timedelta(days=90)
    response = post_form(
        office,
        detail,
        f"{detail}hand/",
        {"unit": str(world.bureau.pk), "deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.unit, suggestion.deadline) == (world.bureau, deadline)

    # The unit finds it in its queue, sees the deputy's contact, answers with a category.
    unit = csrf_client(liaison)
    queue = unit.get("/engagement/handling/").content.decode()
    assert TEXT[:20] in queue
    page = unit.get(detail).content.decode()
    assert 'id="answer-form"' in page and 'name="is_public"' not in page
    refused = post_form(unit, detail, detail, {"state": "adopted", "reply": "已安排资金。"})
    assert refused.status_code == 400 and "答复类别" in refused.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == AnswerState.PENDING
    post_form(
        unit,
        detail,
        detail,
        {"state": "partly", "reply": "已列入明年计划。", "category": "B"},
    )
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.category) == ("partly", "B")

    # 不满意 sends it back once, with a new deadline; the next answer is rated afresh.
    opinion_rate(actor=deputy, opinion=suggestion, rating="unsatisfied", note="没有落实到乡镇。")
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.redo_count) == (AnswerState.PENDING, 1)
    assert suggestion.deadline == timezone.localdate() + timedelta(days=30)
    mine = csrf_client(deputy).get("/engagement/mine/").content.decode()
    assert "重新办理" in mine and "已交县发改局办理" in mine
    opinion_answer(
        actor=liaison,
        opinion=suggestion,
        state="adopted",
        reply="已安排到三个乡镇。",
        category="A",
        is_public=False,
    )
    suggestion.refresh_from_db()
    assert suggestion.author_rating == ""
    opinion_rate(actor=deputy, opinion=suggestion, rating="unsatisfied", note="仍未开工建设。")
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.redo_count) == ("adopted", 1)  # once only


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit": "", "deadline": "+30"}, "请选择承办单位"),
        ({"unit": "bureau", "deadline": "-1"}, "办理时限不能早于今天"),
        ({"unit": "bureau", "deadline": "+400"}, "不能超过一年"),
        ({"unit": "other", "deadline": "+30"}, "可选范围"),
    ],
)
def test_a_bad_hand_over_changes_nothing(suggestion, world, supervisor, data, message):
    detail = f"/engagement/opinions/{suggestion.pk}/"
    unit = {"bureau": world.bureau.pk, "other": world.other_bureau.pk}.get(data["unit"], "")
    deadline = timezone.localdate() + timedelta(days=int(data["deadline"]))
    client = csrf_client(supervisor)
    post_form(
        client, detail, f"{detail}hand/", {"unit": str(unit), "deadline": deadline.isoformat()}
    )
    assert message in client.get(detail).content.decode()
    suggestion.refresh_from_db()
    assert suggestion.unit is None and suggestion.deadline is None


def test_only_the_office_hands_and_only_its_unit_answers(suggestion, world, supervisor, liaison):
    detail = f"/engagement/opinions/{suggestion.pk}/"
    refused = post_form(
        csrf_client(liaison),
        "/engagement/handling/",
        f"{detail}hand/",
        {"unit": str(world.bureau.pk), "deadline": "2099-01-01"},
    )
    assert refused.status_code == 403
    assert csrf_client(liaison).get(detail).status_code == 403  # not handed to it (yet)
    opinion_hand(
        actor=supervisor,
        opinion=suggestion,
        unit=world.bureau,
        deadline=timezone.localdate() + timedelta(days=10),
    )
    outsider = user_with_role("yixian", world.other_bureau, Role.LIAISON)
    client = csrf_client(outsider)
    assert client.get(detail).status_code == 403
    assert TEXT[:20] not in client.get("/engagement/handling/").content.decode()
    answer = post_form(
        client,
        "/engagement/handling/",
        detail,
        {"state": "adopted", "reply": "x", "category": "A"},
    )
    assert answer.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.state == AnswerState.PENDING


def test_the_unit_is_reminded_when_handed_near_and_past_the_deadline(
    suggestion, world, supervisor, liaison
):
    today = timezone.localdate()
    opinion_hand(
        actor=supervisor, opinion=suggestion, unit=world.bureau, deadline=today + timedelta(30)
    )
    first = send_suggestion_reminders(as_of=today)
    again = send_suggestion_reminders(as_of=today)
    assert first.counts == {"suggestion_handed": 1} and again.total == 0
    assert send_suggestion_reminders(as_of=today + timedelta(25)).counts == {"suggestion_soon": 1}
    late = send_suggestion_reminders(as_of=today + timedelta(31)).counts
    assert late == {"suggestion_overdue": 1}
    texts = list(Notification.objects.filter(user=liaison).values_list("text", flat=True))
    assert len(texts) == 3 and any("已超过办理时限" in t for t in texts)
    assert not Notification.objects.exclude(user=liaison).exists()


def test_the_numbers_by_deputy_and_by_delegation(
    consultation, suggestion, world, supervisor, liaison, deputy, leader
):
    other = opinion_record(
        actor=deputy, report=consultation.report, channel="written", text="建议增设公交线路。"
    )
    today = timezone.localdate()
    for opinion in (suggestion, other):
        opinion_hand(
            actor=supervisor, opinion=opinion, unit=world.bureau, deadline=today + timedelta(9)
        )
    opinion_answer(
        actor=liaison,
        opinion=suggestion,
        state="adopted",
        reply="好",
        category="A",
        is_public=False,
    )
    opinion_rate(actor=deputy, opinion=suggestion, rating="basic")
    by_deputy, by_delegation = suggestion_statistics(supervisor, year=None)
    (row,) = by_delegation
    assert (row.delegation, row.total, row.handed, row.answered) == ("甲县第三代表团", 2, 2, 1)
    assert (row.adopted_rate, row.on_time_rate, row.satisfied_rate) == (100.0, 100.0, 100.0)
    assert [r.name for r in by_deputy] == [deputy.display_name]
    page = csrf_client(leader).get("/engagement/suggestions/statistics/").content.decode()
    assert "甲县第三代表团" in page and "100.0%" in page
    one = csrf_client(leader).get("/engagement/suggestions/statistics/?delegation=甲县第三代表团")
    assert deputy.display_name in one.content.decode()
    other = csrf_client(leader).get("/engagement/suggestions/statistics/?delegation=第九代表团")
    assert deputy.display_name not in other.content.decode().split('id="by-deputy"')[1]
    assert suggestion_statistics(supervisor, year=2031) == ([], [])
    # A unit's liaison does not read the numbers; another county's office sees none.
    assert csrf_client(liaison).get("/engagement/suggestions/statistics/").status_code == 403
    elsewhere = user_with_role(
        "yixian_office", Unit.objects.get(pk=world.other_bureau.pk), Role.SUPERVISOR
    )
    assert suggestion_statistics(elsewhere, year=None) == ([], [])
    assert Opinion.objects.count() == 2


def test_the_api_hands_and_the_unit_answers_with_a_token(suggestion, world, supervisor, liaison):
    import json

    from luoshi.accounts.services import api_token_create

    def send(user, url: str, payload: dict) -> object:
        _token, key = api_token_create(actor=user, user=user, name="对接系统")
        return Client(enforce_csrf_checks=True).post(
            f"/api/v1{url}",
            json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )

    url = f"/opinions/{suggestion.pk}"
    deadline = (timezone.localdate() + timedelta(days=60)).isoformat()
    assert send(
        liaison, f"{url}/hand", {"unit": world.bureau.pk, "deadline": deadline}
    ).status_code in (403, 404)
    past = send(supervisor, f"{url}/hand", {"unit": world.bureau.pk, "deadline": "2020-01-01"})
    assert past.status_code == 422 and "不能早于今天" in past.content.decode()
    handed = send(supervisor, f"{url}/hand", {"unit": world.bureau.pk, "deadline": deadline})
    assert handed.status_code == 200 and handed.json()["deadline"] == deadline
    no_category = send(liaison, f"{url}/answer", {"state": "adopted", "reply": "已安排。"})
    assert no_category.status_code == 422 and "答复类别" in no_category.content.decode()
    answered = send(
        liaison, f"{url}/answer", {"state": "adopted", "reply": "已安排。", "category": "A"}
    )
    assert answered.status_code == 200, answered.content
    assert (answered.json()["category"], answered.json()["state"]) == ("A", "adopted")


def test_a_deputy_sees_the_sessions_of_their_delegation(world, supervisor, deputy):
    from datetime import date

    from luoshi.engagement.meeting_services import MeetingInput, meeting_create

    for delegation, title in (
        ("甲县第三代表团", "第三代表团审议"),
        ("甲县第一代表团", "第一代表团审议"),
    ):
        meeting_create(
            actor=supervisor,
            data=MeetingInput(
                kind="deliberation",
                title=title,
                date=date(2026, 1, 20),
                region=world.county,
                delegation=delegation,
            ),
        )
    page = csrf_client(deputy).get("/engagement/mine/").content.decode()
    assert 'id="delegation-sessions"' in page
    assert "第三代表团审议" in page and "第一代表团审议" not in page


def test_the_units_home_lists_what_it_is_to_answer(suggestion, world, supervisor, liaison):
    home = csrf_client(liaison).get("/").content.decode()
    assert "待答复的代表建议" not in home  # not handed yet
    opinion_hand(
        actor=supervisor,
        opinion=suggestion,
        unit=world.bureau,
        deadline=timezone.localdate() + timedelta(days=5),
    )
    home = csrf_client(liaison).get("/").content.decode()
    assert "待答复的代表建议" in home and TEXT[:15] in home and "light-yellow" in home
    outsider = user_with_role("yixian_home", world.other_bureau, Role.LIAISON)
    assert TEXT[:15] not in csrf_client(outsider).get("/").content.decode()
