"""A meeting's files, on the page and over the API: screened by content (junk renamed .pdf is
refused with one sentence and nothing is stored), kept under the name they were uploaded with
(Chinese included) while stored under a random one, and never left behind on disk — not by a
failed save, not by a deletion, not by the meeting's deletion."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.accounts.services import api_token_create
from luoshi.core.models import ActionLog
from luoshi.engagement import meeting_file_services
from luoshi.engagement.meeting_services import MeetingInput, meeting_create
from luoshi.engagement.models import Attachment, Meeting
from luoshi_tests.tasks.attachment_files import (
    EXE,
    HTML,
    JPEG,
    PDF,
    RolledBack,
    rolled_back,
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]

QUARTER = "2026年第一季度进展.pdf"


@pytest.fixture
def meeting(supervisor: Any, world: Any) -> Meeting:
    return meeting_create(
        actor=supervisor,
        data=MeetingInput(kind="symposium", title="企业家座谈会", region=world.county),
    )


def signed_in(user: Any) -> Client:
    """A browser: CSRF enforced, the token taken from the page first."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token_of(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert found is not None
    return found.group(1)


def page_upload(client: Client, meeting: Meeting, *files: Any) -> Any:
    detail = reverse("engagement:meeting_detail", args=[meeting.pk])
    return client.post(
        reverse("engagement:meeting_files_upload", args=[meeting.pk]),
        {"csrfmiddlewaretoken": token_of(client, detail), "attachments": list(files)},
    )


def bearer(user: Any) -> dict[str, str]:
    _token, key = api_token_create(actor=user, user=user, name="会务系统")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def api_files(meeting: Meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/files"


def downloaded_name(response: Any) -> str:
    """The file name a browser saves the download under (RFC 6266 filename*)."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    found = re.search(r"filename\*=utf-8''([^;]+)", disposition, flags=re.IGNORECASE)
    assert found is not None, disposition
    return unquote(found.group(1))


# --- the page -----------------------------------------------------------------------------------


def test_the_office_uploads_on_the_page_and_the_chinese_name_comes_back(
    supervisor: Any, liaison: Any, meeting: Meeting
) -> None:
    response = page_upload(
        signed_in(supervisor), meeting, upload(QUARTER, PDF), upload("会场.jpg", JPEG)
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#meeting-files")
    files = {a.name: a for a in Attachment.objects.filter(meeting=meeting)}
    assert set(files) == {QUARTER, "会场.jpg"}
    quarter = files[QUARTER]
    assert (quarter.size, quarter.content_type, quarter.uploaded_by) == (
        len(PDF),
        "application/pdf",
        supervisor,
    )
    # Stored under a random name in the meeting's folder; shown and offered under its own.
    assert re.fullmatch(rf"meetings/{meeting.pk}/[0-9a-f]{{32}}\.pdf", quarter.file.name)
    assert len(stored_files()) == 2
    assert ActionLog.objects.filter(verb="meeting.attachment_added").count() == 2

    reader = signed_in(liaison)  # anyone who may see meetings reads the files
    page = reader.get(reverse("engagement:meeting_detail", args=[meeting.pk])).content.decode()
    assert QUARTER in page and 'id="meeting-files-form"' not in page
    download = reader.get(reverse("engagement:meeting_file", args=[meeting.pk, quarter.pk]))
    assert download.status_code == 200
    assert downloaded_name(download) == QUARTER
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_junk_renamed_pdf_is_refused_on_the_page_and_nothing_is_stored(
    supervisor: Any, meeting: Meeting
) -> None:
    response = page_upload(
        signed_in(supervisor), meeting, upload("纪要.pdf", EXE), upload(QUARTER, PDF)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“纪要.pdf”的内容不是PDF文件，与扩展名不符，未上传。" in page
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_web_page_or_an_empty_choice_is_refused_too(supervisor: Any, meeting: Meeting) -> None:
    client = signed_in(supervisor)
    refused = page_upload(client, meeting, upload("通知.html", HTML))
    assert refused.status_code == 400
    assert "“通知.html”不是允许的文件类型，未上传" in refused.content.decode()
    nothing = page_upload(client, meeting)
    assert nothing.status_code == 400 and "请选择要上传的文件。" in nothing.content.decode()
    assert not Attachment.objects.exists() and stored_files() == []


def test_folders_and_control_characters_leave_the_name_and_the_chinese_stays(
    supervisor: Any, meeting: Meeting
) -> None:
    meeting_file_services.meeting_files_add(
        actor=supervisor,
        meeting=meeting,
        uploads=[upload("..\\..\\etc/会议\u202e纪要\x00（定稿）.pdf", PDF)],
    )
    attachment = Attachment.objects.get()
    assert attachment.name == "会议纪要（定稿）.pdf"
    assert ".." not in attachment.file.name and "会议" not in attachment.file.name


def test_only_the_office_uploads_and_deletes(
    supervisor: Any, liaison: Any, meeting: Meeting
) -> None:
    refused = page_upload(signed_in(liaison), meeting, upload(QUARTER, PDF))
    assert refused.status_code == 403
    assert not Attachment.objects.exists() and stored_files() == []
    kept = meeting_file_services.meeting_files_add(
        actor=supervisor, meeting=meeting, uploads=[upload(QUARTER, PDF)]
    )[0]
    client = signed_in(liaison)
    delete = reverse("engagement:meeting_file_delete", args=[meeting.pk, kept.pk])
    token = token_of(client, reverse("engagement:meeting_detail", args=[meeting.pk]))
    assert client.post(delete, {"csrfmiddlewaretoken": token}).status_code == 403
    assert Attachment.objects.filter(pk=kept.pk).exists() and len(stored_files()) == 1


def test_a_failed_save_after_the_file_was_written_leaves_no_file(
    supervisor: Any, meeting: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = meeting_file_services.save_with_log
    saved: list[str] = []

    def crash_on_the_second(**kwargs: Any) -> Any:
        saved.append(kwargs["verb"])
        if len(saved) == 2:  # the second file is on disk when the database gives up
            raise RuntimeError("database went away")
        return real_save(**kwargs)

    monkeypatch.setattr(meeting_file_services, "save_with_log", crash_on_the_second)
    with pytest.raises(RuntimeError):
        meeting_file_services.meeting_files_add(
            actor=supervisor, meeting=meeting, uploads=[upload("1.pdf", PDF), upload("2.pdf", PDF)]
        )
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_deleted_file_goes_after_the_commit_and_stays_if_the_deletion_rolls_back(
    supervisor: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    doomed, kept = meeting_file_services.meeting_files_add(
        actor=supervisor, meeting=meeting, uploads=[upload("删掉.pdf", PDF), upload(QUARTER, PDF)]
    )
    with pytest.raises(RolledBack):
        rolled_back(
            lambda: meeting_file_services.meeting_file_delete(actor=supervisor, attachment=kept)
        )
    assert Attachment.objects.filter(pk=kept.pk).exists() and len(stored_files()) == 2

    client = signed_in(supervisor)
    delete = reverse("engagement:meeting_file_delete", args=[meeting.pk, doomed.pk])
    token = token_of(client, reverse("engagement:meeting_detail", args=[meeting.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert [a.name for a in Attachment.objects.all()] == [QUARTER]
    assert [str(path) for path in stored_files()] == [meeting.attachments.get().file.path]


def test_deleting_the_meeting_takes_its_files_with_it(
    supervisor: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    meeting_file_services.meeting_files_add(
        actor=supervisor, meeting=meeting, uploads=[upload("1.pdf", PDF), upload("2.jpg", JPEG)]
    )
    assert len(stored_files()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.filter(pk=meeting.pk).delete()  # as the admin does: a cascade
    assert not Attachment.objects.exists() and stored_files() == []


# --- the API ------------------------------------------------------------------------------------


def test_the_api_refuses_junk_with_one_sentence_per_file_and_stores_nothing(
    supervisor: Any, meeting: Meeting
) -> None:
    response = Client(enforce_csrf_checks=True).post(
        api_files(meeting),
        {"files": [upload("纪要.pdf", HTML), upload(QUARTER, PDF)]},
        **bearer(supervisor),
    )
    assert response.status_code == 422, response.content
    assert "“纪要.pdf”的内容不是PDF文件，与扩展名不符，未上传。" in response.json()["detail"]
    assert not Attachment.objects.exists() and stored_files() == []


def test_the_api_uploads_lists_downloads_and_deletes(
    supervisor: Any, liaison: Any, meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client(enforce_csrf_checks=True)
    created = client.post(
        api_files(meeting), {"files": [upload(QUARTER, PDF)]}, **bearer(supervisor)
    )
    assert created.status_code == 201, created.content
    (item,) = created.json()
    assert (item["name"], item["size"], item["content_type"]) == (
        QUARTER,
        len(PDF),
        "application/pdf",
    )

    reader = bearer(liaison)
    assert [f["name"] for f in client.get(api_files(meeting), **reader).json()] == [QUARTER]
    download = client.get(item["download_url"], **reader)
    assert download.status_code == 200
    assert downloaded_name(download) == QUARTER
    denied = client.post(api_files(meeting), {"files": [upload("x.pdf", PDF)]}, **reader)
    assert denied.status_code == 403
    assert client.delete(f"{api_files(meeting)}/{item['id']}", **reader).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        gone = client.delete(f"{api_files(meeting)}/{item['id']}", **bearer(supervisor))
    assert gone.status_code == 204
    assert not Attachment.objects.exists() and stored_files() == []
    assert client.get(item["download_url"], **reader).status_code == 404
