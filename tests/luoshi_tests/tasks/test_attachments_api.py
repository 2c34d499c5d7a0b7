"""Attachments through the API: multipart upload with a bearer token (CSRF enforced, as on a
real server), the list and the download for those who may see the report or notice only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from luoshi.accounts.services import api_token_create
from luoshi.tasks.models import NoticeAttachment, NoticeEvent, NoticeStep, ProgressAttachment
from luoshi.tasks.services import attachments as services
from luoshi.tasks.services.progress_flow import ProgressInput, progress_save
from luoshi.tasks.services.supervision import notice_receive
from luoshi_tests.tasks.attachment_files import EXE, PDF, PNG, XLSX, stored_files, upload

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _own_media_root_and_a_fixed_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with freeze_time("2026-05-20"):
        yield


def bearer(user):
    _token, key = api_token_create(actor=user, user=user, name="对接系统")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def system():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def report(task, world, liaison):
    return progress_save(
        actor=liaison, task=task, unit=world.bureau, data=ProgressInput(progress="已开工。")
    )


def test_a_token_uploads_lists_and_downloads_a_reports_files(report, liaison, supervisor):
    url = f"{API}/progress-reports/{report.pk}/attachments"
    created = system().post(
        url, {"files": [upload("月报.xlsx", XLSX), upload("照片.png", PNG)]}, **bearer(liaison)
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert [item["name"] for item in body] == ["月报.xlsx", "照片.png"]
    assert body[1]["content_type"] == "image/png" and body[1]["size"] == len(PNG)
    assert ProgressAttachment.objects.filter(report=report, uploaded_by=liaison).count() == 2
    assert len(stored_files()) == 2

    listed = system().get(url, **bearer(supervisor))
    assert listed.status_code == 200 and len(listed.json()) == 2
    got = system().get(listed.json()[1]["download_url"], **bearer(supervisor))
    assert got.status_code == 200 and b"".join(got.streaming_content) == PNG
    assert got["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert got["X-Content-Type-Options"] == "nosniff"


def test_another_unit_may_neither_list_nor_download_nor_upload(report, liaison, other_liaison):
    services.progress_attachments_add(actor=liaison, report=report, uploads=[upload("a.pdf", PDF)])
    attachment = ProgressAttachment.objects.get()
    url = f"{API}/progress-reports/{report.pk}/attachments"
    stranger = bearer(other_liaison)
    assert system().get(url, **stranger).status_code == 403
    assert system().get(f"{url}/{attachment.pk}/file", **stranger).status_code == 403
    refused = system().post(url, {"files": [upload("b.pdf", PDF)]}, **stranger)
    assert refused.status_code == 403
    assert ProgressAttachment.objects.count() == 1 and len(stored_files()) == 1
    assert system().get(f"{url}/{attachment.pk + 9}/file", **bearer(liaison)).status_code == 404
    missing = system().get(f"{API}/progress-reports/999999/attachments", **bearer(liaison))
    assert missing.status_code == 404 and missing.json()["detail"]
    assert system().get(url).status_code == 401


def test_a_refused_upload_is_422_naming_the_file_and_stores_nothing(report, liaison):
    response = system().post(
        f"{API}/progress-reports/{report.pk}/attachments",
        {"files": [upload("好的.pdf", PDF), upload("木马.pdf", EXE)]},
        **bearer(liaison),
    )
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert "“木马.pdf”的内容不是PDF文件，与扩展名不符，未上传。" in detail
    assert "未作任何修改" in detail
    assert not ProgressAttachment.objects.exists() and stored_files() == []


def test_a_json_body_without_files_is_a_clear_4xx(report, liaison):
    response = system().post(
        f"{API}/progress-reports/{report.pk}/attachments",
        "{}",
        content_type="application/json",
        **bearer(liaison),
    )
    assert response.status_code == 422 and response.json()["detail"]


def test_the_list_takes_the_same_queries_whatever_the_number_of_files(
    report, liaison, django_assert_num_queries
):
    client, credentials = system(), bearer(liaison)
    url = f"{API}/progress-reports/{report.pk}/attachments"
    services.progress_attachments_add(actor=liaison, report=report, uploads=[upload("1.pdf", PDF)])
    client.get(url, **credentials)  # token lookup and the like, warmed up

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **credentials).status_code == 200
        return len(queries)

    one = count()
    services.progress_attachments_add(
        actor=liaison, report=report, uploads=[upload(f"{n}.pdf", PDF) for n in range(2, 7)]
    )
    with django_assert_num_queries(one):
        assert len(client.get(url, **credentials).json()) == 6


def test_a_notices_files_are_uploaded_by_token_and_go_with_the_answer(
    notice, liaison, supervisor, other_liaison
):
    url = f"{API}/notices/{notice.pk}/attachments"
    unit = bearer(liaison)
    before = system().post(url, {"files": [upload("整改.pdf", PDF)]}, **unit)
    assert before.status_code == 422 and "请先签收督办单" in before.json()["detail"]
    notice_receive(actor=liaison, notice=notice)
    created = system().post(url, {"files": [upload("整改.pdf", PDF)]}, **unit)
    assert created.status_code == 201, created.content
    assert created.json()[0]["answer_event_id"] is None

    answered = system().post(
        f"{API}/notices/{notice.pk}/answer",
        '{"answer": "已整改，见附件。"}',
        content_type="application/json",
        **unit,
    )
    assert answered.status_code == 200, answered.content
    event = NoticeEvent.objects.get(notice=notice, step=NoticeStep.ANSWERED)
    assert NoticeAttachment.objects.get().event == event

    listed = system().get(url, **bearer(supervisor)).json()
    assert listed[0]["answer_event_id"] == event.pk
    got = system().get(listed[0]["download_url"], **bearer(supervisor))
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert system().get(url, **bearer(other_liaison)).status_code == 403
    assert system().get(listed[0]["download_url"], **bearer(other_liaison)).status_code == 403
    late = system().post(url, {"files": [upload("补充.pdf", PDF)]}, **unit)
    assert late.status_code == 422 and "已反馈" in late.json()["detail"]
    assert NoticeAttachment.objects.count() == 1 and len(stored_files()) == 1


def test_more_files_than_django_parses_is_a_400_not_a_crash(report, liaison, settings):
    too_many = [upload(f"{n}.pdf", PDF) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = system().post(
        f"{API}/progress-reports/{report.pk}/attachments", {"files": too_many}, **bearer(liaison)
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "一次上传的文件过多，请分批上传。未作任何修改。"
    assert not ProgressAttachment.objects.exists() and stored_files() == []


def test_too_many_files_for_one_report_are_refused_together(report, liaison):
    response = system().post(
        f"{API}/progress-reports/{report.pk}/attachments",
        {"files": [upload(f"{n}.pdf", PDF) for n in range(services.MAX_PER_REPORT + 1)]},
        **bearer(liaison),
    )
    assert response.status_code == 422
    assert "每份进展报告最多 10 个附件，已有 0 个，不能再添加 11 个。" in response.json()["detail"]
    assert not ProgressAttachment.objects.exists() and stored_files() == []
