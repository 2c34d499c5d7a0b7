"""诉求受理: a citizen hands an appeal in on the public form (photos, a number and a query code
shown once) and follows it; a hotline operator enters a call; a 12345 system pushes a case,
idempotently. Contact details are masked for staff, absent from the log and the tracking page;
bad input gets one sentence and stores nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.appeals.models import Appeal, AppealPhoto, Channel
from luoshi.appeals.privacy import mask_name, mask_phone
from luoshi.appeals.time_limits import answer_due
from luoshi.core.models import ActionLog
from luoshi.core.public_limits import PUBLIC_RATE_LIMIT
from luoshi_tests.api.test_token_writes import bearer, system_client, token_for
from luoshi_tests.conftest import user_with_role
from luoshi_tests.tasks.attachment_files import JPEG

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
TEXT = "村口的路灯坏了两个多月，晚上出行很不方便，希望尽快修好。"


def _form(world, **changes):
    data = {
        "region": str(world.county.pk),
        "place": "东关村",
        "topic": "urban",
        "urgency": "normal",
        "content": TEXT,
        "contact_name": "王小明",
        "contact_phone": PHONE,
    }
    data.update(changes)
    return data


def _submit(client, world, **changes):
    return client.post(f"/appeals/new/{world.county.code}/", _form(world, **changes))


def test_a_citizen_hands_in_an_appeal_and_follows_it(client, world):
    photo = SimpleUploadedFile("路灯.jpg", JPEG, content_type="image/jpeg")
    response = client.post(
        f"/appeals/new/{world.county.code}/", {**_form(world), "photos": [photo]}
    )
    assert response.status_code == 302 and response["Location"] == "/appeals/submitted/"
    page = client.get("/appeals/submitted/").content.decode()
    number = re.search(r'id="appeal-number">(\d{14})<', page).group(1)
    code = re.search(r'id="query-code">([A-Z0-9]{6})<', page).group(1)
    assert client.get("/appeals/submitted/").status_code == 302  # shown once
    appeal = Appeal.objects.get(number=number)
    assert appeal.channel == Channel.WEB and appeal.photos.count() == 1
    assert code not in appeal.code_digest  # only a keyed hash is kept
    # Nothing personal in the log.
    logged = " ".join(str(e.after) for e in ActionLog.objects.filter(verb="appeal.submitted"))
    assert PHONE not in logged and "王小明" not in logged
    # Followed by phone (as typed, with spaces) or by the query code; never shows the contact.
    for secret in ("139 1234 5678", code.lower()):
        tracked = client.post("/appeals/track/", {"number": number, "secret": secret})
        assert tracked.status_code == 200
        html = tracked.content.decode()
        assert "已受理" in html and PHONE not in html and "王小明" not in html
    wrong = client.post("/appeals/track/", {"number": number, "secret": "13900000000"})
    assert wrong.status_code == 400 and "对不上" in wrong.content.decode()


def test_an_anonymous_appeal_keeps_no_contact(client, world):
    _submit(client, world, is_anonymous="on")
    appeal = Appeal.objects.get()
    assert appeal.contact_phone == "" and appeal.contact_name == "" and appeal.is_anonymous


@pytest.mark.parametrize(
    ("changes", "files", "sentence"),
    [
        ({"content": "路灯坏了"}, [], "至少 10 个字"),
        ({"contact_phone": "打我电话"}, [], "联系电话应为手机号"),
        ({"region": "999999"}, [], "请选择诉求所在的地区"),
        ({}, [("路灯.jpg", b"not a picture at all")], "内容不是JPEG文件"),
        ({}, [("说明.txt", b"hello")], "不是允许的文件类型"),
        ({}, [("大图.jpg", JPEG + b"\x00" * (5 * 1024 * 1024))], "超过每个文件 5 MB"),
        ({}, [(f"{n}.jpg", JPEG) for n in range(4)], "最多上传 3 张照片"),
    ],
)
def test_bad_input_gets_one_sentence_and_stores_nothing(client, world, changes, files, sentence):
    photos = [SimpleUploadedFile(name, data, content_type="image/jpeg") for name, data in files]
    data = _form(world, **changes)
    if photos:
        data["photos"] = photos
    response = client.post(f"/appeals/new/{world.county.code}/", data)
    assert response.status_code == 400
    assert sentence in response.content.decode()
    assert Appeal.objects.count() == 0 and AppealPhoto.objects.count() == 0


def test_a_flood_from_one_address_is_refused(client, world):
    for _ in range(PUBLIC_RATE_LIMIT):
        assert _submit(client, world).status_code == 302
    refused = _submit(client, world)
    assert refused.status_code == 429 and refused["Retry-After"] == "600"
    assert Appeal.objects.count() == PUBLIC_RATE_LIMIT


def test_staff_see_their_regions_appeals_masked(client, world):
    _submit(client, world)
    appeal = Appeal.objects.get()
    office = user_with_role("jia-office", world.office, Role.SUPERVISOR)
    neighbour = user_with_role("yi-office", world.other_bureau, Role.SUPERVISOR)
    liaison = user_with_role("jia-liaison", world.bureau, Role.LIAISON)
    client.force_login(office)
    for url in ("/appeals/", f"/appeals/{appeal.number}/"):
        html = client.get(url).content.decode()
        assert "139****5678" in html and "王*" in html
        assert PHONE not in html and "王小明" not in html
    client.force_login(neighbour)
    assert appeal.number not in client.get("/appeals/").content.decode()
    assert client.get(f"/appeals/{appeal.number}/").status_code == 404
    client.force_login(liaison)  # a unit sees only what is sent to it: nothing yet
    listed = client.get("/appeals/")
    assert listed.status_code == 200 and appeal.number not in listed.content.decode()
    assert client.get(f"/appeals/{appeal.number}/").status_code == 404


def test_an_operator_enters_a_hotline_call(client, world):
    office = user_with_role("jia-office", world.office, Role.SUPERVISOR)
    client.force_login(office)
    response = client.post(
        f"/appeals/record/?region={world.county.code}",
        {**_form(world), "region_code": world.county.code},
        follow=True,
    )
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.channel == Channel.HOTLINE and appeal.recorded_by == office
    assert f"诉求编号 {appeal.number}" in response.content.decode()
    neighbour = user_with_role("yi-office", world.other_bureau, Role.SUPERVISOR)
    client.force_login(neighbour)
    assert client.get(f"/appeals/record/?region={world.county.code}").status_code == 403


def test_a_12345_system_pushes_a_case_once(world):
    office = user_with_role("jia-office", world.office, Role.SUPERVISOR)
    api = system_client()
    headers = bearer(token_for(office))
    case = {
        "source": "12345",
        "source_number": "GD-2026-000123",
        "region": world.county.code,
        "topic": "traffic",
        "content": TEXT,
        "contact_name": "李四",
        "contact_phone": "13800001111",
    }
    first = api.post("/api/v1/appeals", case, content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["contact_phone"] == "138****1111" and len(body["query_code"]) == 6
    again = api.post("/api/v1/appeals", case, content_type="application/json", **headers)
    assert again.status_code == 200 and again.json()["number"] == body["number"]
    assert again.json()["query_code"] == "" and Appeal.objects.count() == 1
    changed = {**case, "content": TEXT + "（补充）"}
    refused = api.post("/api/v1/appeals", changed, content_type="application/json", **headers)
    assert refused.status_code == 422 and "已推送过" in refused.json()["detail"]
    unknown = {**case, "source_number": "GD-2", "region": "999999"}
    missing = api.post("/api/v1/appeals", unknown, content_type="application/json", **headers)
    assert missing.status_code == 404 and Appeal.objects.count() == 1
    listed = api.get("/api/v1/appeals", **headers).json()
    assert [a["number"] for a in listed["items"]] == [body["number"]]
    assert "13800001111" not in str(listed)


def test_masks():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("0357-2345678") == "035****5678"
    assert mask_phone("12345") == "*****"
    assert mask_name("欧阳娜娜") == "欧***" and mask_name("张") == "张*" and mask_name("") == ""


def test_a_pushed_case_with_its_unit_and_receipt_time(world):
    """The 12345 system has dispatched the case already and says when it took it in: the
    appeal is filed and sent to that unit at once, its limit counted from that day; an unknown
    unit or a time out of order refuses it, storing nothing."""
    office = user_with_role("jia-office", world.office, Role.SUPERVISOR)
    api = system_client()
    headers = bearer(token_for(office))
    case = {
        "source": "12345",
        "source_number": "GD-2026-000777",
        "region": world.county.code,
        "topic": "traffic",
        "content": TEXT,
    }

    def push(**extra):
        return api.post(
            "/api/v1/appeals", {**case, **extra}, content_type="application/json", **headers
        )

    unknown = push(unit="甲县不存在局")
    assert unknown.status_code == 422 and "没有名为“甲县不存在局”的单位" in str(unknown.json())
    future = (timezone.now() + dt.timedelta(days=2)).isoformat()
    late = push(received_at=future)
    assert late.status_code == 422 and "晚于现在" in str(late.json()["errors"])
    ancient = push(received_at="2020-01-01T09:00:00+08:00")
    assert ancient.status_code == 422 and "早于" in str(ancient.json()["errors"])
    assert not Appeal.objects.exists()

    took = timezone.localtime() - dt.timedelta(days=3)
    done = push(unit="县发改局", received_at=took.isoformat())
    assert done.status_code == 201, done.content
    appeal = Appeal.objects.get()
    assert appeal.status == "dispatched" and appeal.lead_unit == world.bureau
    assert timezone.localtime(appeal.created_at).date() == took.date()
    assert appeal.due_date == answer_due("normal", took.date())
    assert appeal.events.get().step == "dispatched"
