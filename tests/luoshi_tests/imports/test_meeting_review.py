"""Correcting events and people on the review screen before they become meetings: the kind,
the date (a yearless one settled there, suggested from the page's own date), the place, the
host, the participants and a person's titles. Bad input changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel
from luoshi.engagement.models import Meeting, MeetingKind
from luoshi.imports.meeting_review import parse_event_date, suggested_date
from luoshi.imports.models import Decision, ItemKind
from luoshi.imports.services import import_batch_create, import_batch_read
from luoshi_tests.browser_forms import csrf_client, post_form
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_yearless_date_takes_the_pages_year_or_the_year_before():
    reported = date(2024, 1, 2)
    assert suggested_date("--12-30", reported=reported, year=None) == date(2023, 12, 30)
    assert suggested_date("--01-02", reported=reported, year=None) == date(2024, 1, 2)
    assert suggested_date("--05-11", reported=None, year=2023) == date(2023, 5, 11)
    assert suggested_date("--05-11", reported=None, year=None) is None
    assert suggested_date("--02-29", reported=None, year=2023) is None
    assert suggested_date("2024-05-11", reported=reported, year=None) is None


def test_dates_are_read_as_written_and_a_yearless_one_is_refused():
    assert parse_event_date("2023年5月11日") == "2023-05-11"
    assert parse_event_date("2023/5/11") == "2023-05-11"
    assert parse_event_date(" ") is None
    for bad in ("5月11日", "2023-02-30", "明天"):
        with pytest.raises(Exception, match="无法识别"):
            parse_event_date(bad)


@pytest.fixture
def reviewer(db):
    province = RegionFactory(code="210000", name="辽宁省", level=RegionLevel.PROVINCE, kind="省")
    return user_with_role(
        "ln_rev", UnitFactory(region=province, name="辽宁省人民政府办公厅"), Role.SUPERVISOR
    )


@pytest.fixture
def batch(seeds_dir, reviewer):
    content = next(seeds_dir.glob("004_*.txt")).read_bytes()
    created = import_batch_create(actor=reviewer, file_name="004.txt", content=content)
    return import_batch_read(batch_id=created.batch.pk)


def _post(client, batch, item, data: dict[str, str]):
    page = f"/imports/{batch.pk}/"
    return post_form(client, page, f"{page}items/{item.pk}/", {"decision": "edited", **data})


def test_the_review_screen_settles_the_year_and_corrects_the_event_and_a_person(batch, reviewer):
    client = csrf_client(reviewer)
    event = next(
        i for i in batch.items.filter(kind=ItemKind.EVENT) if i.value["kind"] == "summary_meeting"
    )
    assert event.value["date"] == "--05-11"
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "未写年份" in page and "5月11日" in page and "网页没有日期" in page

    response = _post(
        client,
        batch,
        event,
        {
            "kind": "summary_meeting",
            "date": "2023年5月11日",
            "place": "沈阳桃仙机场",
            "host": event.value["host"],
            "participants": "省直有关部门主要负责同志、各市党政主要负责同志",
            "topics": "学习考察、合作",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.decision == Decision.EDITED
    assert event.value["date"] == "2023-05-11"
    assert event.value["participants"] == ["省直有关部门主要负责同志", "各市党政主要负责同志"]

    person = batch.items.filter(kind=ItemKind.PERSON).first()
    _post(client, batch, person, {"name": person.value["name"], "titles": "省长、省委副书记"})
    person.refresh_from_db()
    assert person.value["titles"] == ["省长", "省委副书记"]

    batch.items.filter(decision=Decision.PENDING).update(decision=Decision.ACCEPTED)
    token = client.get(f"/imports/{batch.pk}/").cookies["csrftoken"].value
    client.post(f"/imports/{batch.pk}/commit/", {"csrfmiddlewaretoken": token})
    meeting = Meeting.objects.get(kind=MeetingKind.SUMMARY)
    assert (meeting.date, meeting.date_text) == (date(2023, 5, 11), "")
    assert meeting.place == "沈阳桃仙机场" and meeting.topics == ["学习考察", "合作"]
    assert meeting.people.get(name=person.value["name"]).titles == ["省长", "省委副书记"]


def test_the_pages_own_date_is_proposed_for_a_yearless_event(batch, reviewer):
    batch.extraction["contract"]["date"] = "2023-05-13"
    batch.save(update_fields=["extraction"])
    client = csrf_client(reviewer)
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'value="2023-05-11"' in page and "已按网页日期补上年份" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "summary_meeting", "date": "5月11日"}, "无法识别"),
        ({"kind": "", "date": ""}, "请选择会议类型"),
        ({"kind": "summary_meeting", "topics": "、".join(["议题"] * 9)}, "最多填写 8 项"),
        ({"kind": "summary_meeting", "participants": "长" * 101}, "太长"),
    ],
)
def test_bad_corrections_of_an_event_change_nothing(batch, reviewer, data, message):
    client = csrf_client(reviewer)
    event = batch.items.filter(kind=ItemKind.EVENT).first()
    before = (event.decision, event.edited)
    response = client.get(f"/imports/{batch.pk}/")
    token = response.cookies["csrftoken"].value
    response = client.post(
        f"/imports/{batch.pk}/items/{event.pk}/",
        {"csrfmiddlewaretoken": token, "decision": "edited", **data},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and message in response.content.decode()
    event.refresh_from_db()
    assert (event.decision, event.edited) == before


def test_a_person_needs_a_name_of_at_most_fifty_characters(batch, reviewer):
    client = csrf_client(reviewer)
    person = batch.items.filter(kind=ItemKind.PERSON).first()
    for name, message in (("", "请填写姓名"), ("名" * 51, "姓名太长")):
        token = client.get(f"/imports/{batch.pk}/").cookies["csrftoken"].value
        response = client.post(
            f"/imports/{batch.pk}/items/{person.pk}/",
            {"csrfmiddlewaretoken": token, "decision": "edited", "name": name},
            HTTP_HX_REQUEST="true",
        )
        assert message in response.content.decode()
    person.refresh_from_db()
    assert person.decision == Decision.PENDING and person.edited is None
