"""Attachments of progress reports and notice answers, through the pages: uploaded with the
report or the answer, refused when too large or not what they claim (nothing stored), stored
under a path of their own, downloaded only by those who may see the report or notice, and
deleted with their file by their uploader while the report or notice may still change."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.urls import get_resolver, reverse
from django.views.static import serve
from freezegun import freeze_time

from luoshi.core.action_log import save_with_log
from luoshi.core.models import ActionLog
from luoshi.tasks.models import (
    NoticeAttachment,
    NoticeEvent,
    NoticeState,
    NoticeStep,
    ProgressAttachment,
    ProgressReport,
    ReportState,
)
from luoshi.tasks.services import attachments as services
from luoshi.tasks.services.progress_flow import ProgressInput, progress_save
from luoshi.tasks.services.supervision import notice_answer, notice_receive, notice_review
from luoshi_tests.tasks.attachment_files import (
    DOCX,
    EXE,
    HTML,
    PDF,
    PNG,
    SVG,
    stored_files,
    upload,
)
from luoshi_tests.tasks.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media_root_and_a_fixed_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with freeze_time("2026-05-20"):
        yield


def post_report(client, task, files, **fields):
    data = {"progress": "完成路基50公里。", "percent": "40", "attachments": files, **fields}
    return client.post(reverse("tasks:progress_edit", args=[task.pk]), data)


def download_url(attachment):
    return reverse("tasks:progress_attachment", args=[attachment.report_id, attachment.pk])


def draft(task, world, liaison, *files):
    report = progress_save(
        actor=liaison, task=task, unit=world.bureau, data=ProgressInput(progress="已开工。")
    )
    if files:
        services.progress_attachments_add(actor=liaison, report=report, uploads=list(files))
    return report


# --- upload with the report, and download ----------------------------------------------------


def test_the_liaison_uploads_files_with_the_report_and_downloads_them(
    client_for, task, world, liaison
):
    client = client_for(liaison)
    response = post_report(
        client,
        task,
        [upload("现场照片.png", PNG, "image/png"), upload("进展说明.docx", DOCX)],
        unit=world.bureau.pk,
    )
    assert response.status_code == 302, response.content.decode()
    report = ProgressReport.objects.get(task=task)
    photo, note = ProgressAttachment.objects.filter(report=report).order_by("id")
    assert (photo.name, photo.size, photo.content_type) == ("现场照片.png", len(PNG), "image/png")
    assert note.content_type.endswith("wordprocessingml.document")
    assert photo.uploaded_by == liaison
    # Stored under the report's folder with a random name; the uploader's name is not in it.
    path = str(photo.file.name)
    assert path.startswith(f"progress/{report.pk}/") and path.endswith(".png")
    assert "现场照片" not in path
    assert len(stored_files()) == 2
    assert ActionLog.objects.filter(verb="progress.attachment_added", actor=liaison).count() == 2

    page = client.get(reverse("tasks:progress_detail", args=[report.pk])).content.decode()
    assert 'id="attachments"' in page and "现场照片.png" in page and download_url(photo) in page

    got = client.get(download_url(photo))
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PNG
    assert got["Content-Type"] == "image/png"
    assert got["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('现场照片.png')}"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in got["Content-Security-Policy"]


def test_the_office_downloads_and_sees_the_co_units_files_in_its_review(
    client_for, task, world, supervisor, transport, transport_liaison, liaison
):
    lead = make_report(task, world.bureau, task.deadline.replace(month=5, day=31))
    part = make_report(task, transport, lead.period_end, consolidated_into=lead)
    services.progress_attachments_add(
        actor=liaison, report=lead, uploads=[upload("汇总表.pdf", PDF)]
    )
    services.progress_attachments_add(
        actor=transport_liaison, report=part, uploads=[upload("交通局材料.pdf", PDF)]
    )
    ProgressReport.objects.filter(pk__in=[lead.pk, part.pk]).update(state=ReportState.CONSOLIDATED)
    office = client_for(supervisor)
    page = office.get(reverse("tasks:progress_detail", args=[lead.pk])).content.decode()
    assert "汇总表.pdf" in page and "交通局材料.pdf" in page
    attachments = list(ProgressAttachment.objects.all())
    assert sorted(a.name for a in attachments) == ["交通局材料.pdf", "汇总表.pdf"]
    for attachment in attachments:
        response = office.get(download_url(attachment))
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_another_units_liaison_is_refused_and_an_unknown_file_is_404(
    client_for, task, world, liaison, other_liaison
):
    report = draft(task, world, liaison, upload("说明.pdf", PDF))
    attachment = report.attachments.get()
    stranger = client_for(other_liaison)
    assert stranger.get(download_url(attachment)).status_code == 403
    assert stranger.get(reverse("tasks:progress_detail", args=[report.pk])).status_code == 403
    missing = reverse("tasks:progress_attachment", args=[report.pk, attachment.pk + 100])
    assert stranger.get(missing).status_code == 404
    # A file asked for under another report is unknown there.
    other = make_report(task, world.bureau, task.deadline.replace(month=3, day=31))
    wrong_owner = reverse("tasks:progress_attachment", args=[other.pk, attachment.pk])
    assert client_for(liaison).get(wrong_owner).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, task, world, liaison):
    attachment = draft(task, world, liaison, upload("说明.pdf", PDF)).attachments.get()
    response = client.get(download_url(attachment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_media_is_never_served_from_a_public_address(settings, client, task, world, liaison):
    attachment = draft(task, world, liaison, upload("说明.pdf", PDF)).attachments.get()

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    assert serve not in set(views(get_resolver().url_patterns))
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


# --- refusals: one sentence per file, nothing stored ------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("setup.exe", EXE, "不是允许的文件类型"),
        ("通知.html", HTML, "不是允许的文件类型"),
        ("图标.svg", SVG, "不是允许的文件类型"),
        ("实为程序.pdf", EXE, "的内容不是PDF文件，与扩展名不符"),
        ("假表格.docx", PDF, "的内容不是Word文件，与扩展名不符"),
        ("空白.pdf", b"", "是空文件"),
    ],
)
def test_a_refused_file_is_named_and_nothing_is_stored(
    client_for, task, world, liaison, name, content, words
):
    response = post_report(
        client_for(liaison),
        task,
        [upload("好的.pdf", PDF), upload(name, content)],
        unit=world.bureau.pk,
        submit="1",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"“{name}”{words}" in page and "未上传" in page
    assert "好的.pdf" not in page  # only the refused file is named
    assert not ProgressReport.objects.exists()
    assert not ProgressAttachment.objects.exists()
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_refused(client_for, task, world, liaison, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1024 * 1024)
    big = upload("大文件.pdf", PDF + b"0" * (1024 * 1024))
    response = post_report(client_for(liaison), task, [big], unit=world.bureau.pk)
    assert response.status_code == 400
    assert "“大文件.pdf”有 1.0 MB，超过每个文件 1 MB 的上限，未上传。" in response.content.decode()
    assert not ProgressReport.objects.exists() and stored_files() == []


def test_the_real_size_limit_is_twenty_megabytes(task, world, liaison):
    report = draft(task, world, liaison)
    just_over = upload("扫描件.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(services.AttachmentsRefused, match="超过每个文件 20 MB 的上限"):
        services.progress_attachments_add(actor=liaison, report=report, uploads=[just_over])
    assert stored_files() == []


def test_a_correction_with_a_refused_file_leaves_the_report_as_it_was(
    client_for, task, world, liaison
):
    report = draft(task, world, liaison, upload("原件.pdf", PDF))
    response = client_for(liaison).post(
        reverse("tasks:progress_edit", args=[task.pk]) + f"?report={report.pk}",
        {"progress": "改写后的进展。", "percent": "50", "attachments": [upload("a.exe", EXE)]},
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.progress == "已开工。" and report.percent is None
    assert [a.name for a in report.attachments.all()] == ["原件.pdf"]
    assert len(stored_files()) == 1


def test_a_report_holds_at_most_ten_files(task, world, liaison):
    report = draft(task, world, liaison, *(upload(f"{n}.pdf", PDF) for n in range(8)))
    with pytest.raises(services.AttachmentsRefused) as refusal:
        services.progress_attachments_add(
            actor=liaison, report=report, uploads=[upload(f"x{n}.pdf", PDF) for n in range(3)]
        )
    assert refusal.value.messages == ["每份进展报告最多 10 个附件，已有 8 个，不能再添加 3 个。"]
    assert report.attachments.count() == 8 and len(stored_files()) == 8


def test_no_files_are_added_once_the_report_is_submitted(task, world, liaison):
    report = draft(task, world, liaison)
    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    with pytest.raises(ValidationError, match="当前为“待单位审签”，不能再添加或删除附件"):
        services.progress_attachments_add(
            actor=liaison, report=report, uploads=[upload("迟到.pdf", PDF)]
        )
    assert stored_files() == []


def test_a_database_failure_midway_leaves_no_file_and_no_row(task, world, liaison, monkeypatch):
    report = draft(task, world, liaison)
    real_save = save_with_log
    calls = []

    def failing_second_save(**kwargs):
        calls.append(kwargs["verb"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_save(**kwargs)

    monkeypatch.setattr(services, "save_with_log", failing_second_save)
    with pytest.raises(RuntimeError):
        services.progress_attachments_add(
            actor=liaison, report=report, uploads=[upload("1.pdf", PDF), upload("2.pdf", PDF)]
        )
    assert not ProgressAttachment.objects.exists()
    assert stored_files() == []


def test_the_stored_name_ignores_the_uploaders_path(task, world, liaison):
    report = draft(task, world, liaison, upload("../../etc/passwd\u202e.pdf", PDF))
    attachment = report.attachments.get()
    assert attachment.name == "passwd.pdf"
    assert ".." not in attachment.file.name and "passwd" not in attachment.file.name


# --- deleting ---------------------------------------------------------------------------------


def test_the_uploader_deletes_a_file_of_a_draft_and_its_file_is_removed(
    client_for, task, world, liaison, django_capture_on_commit_callbacks
):
    report = draft(task, world, liaison, upload("删掉我.pdf", PDF), upload("留下.pdf", PDF))
    doomed = report.attachments.get(name="删掉我.pdf")
    delete = reverse("tasks:progress_attachment_delete", args=[report.pk, doomed.pk])
    edit = reverse("tasks:progress_edit", args=[task.pk]) + f"?report={report.pk}"
    assert delete in client_for(liaison).get(edit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(liaison).post(delete, {"next": edit})
    assert response.status_code == 302 and response["Location"] == edit
    assert [a.name for a in report.attachments.all()] == ["留下.pdf"]
    assert len(stored_files()) == 1
    assert ActionLog.objects.filter(verb="progress.attachment_deleted").count() == 1


def test_only_the_uploader_deletes_and_only_while_the_report_may_change(
    client_for, task, world, liaison, unit_head, django_capture_on_commit_callbacks
):
    report = draft(task, world, liaison, upload("证明.pdf", PDF))
    attachment = report.attachments.get()
    delete = reverse("tasks:progress_attachment_delete", args=[report.pk, attachment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(unit_head).post(delete).status_code == 403
    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(liaison).post(delete, follow=True)
    assert "不能再添加或删除附件" in response.content.decode()
    assert report.attachments.count() == 1 and len(stored_files()) == 1


# --- notice answers ---------------------------------------------------------------------------


def answer_url(notice):
    return reverse("tasks:notice_answer_with_files", args=[notice.pk])


def test_the_unit_answers_a_notice_with_files_and_the_office_downloads_them(
    client_for, notice, liaison, supervisor, other_liaison
):
    notice_receive(actor=liaison, notice=notice)
    unit = client_for(liaison)
    page = unit.get(reverse("tasks:notice_detail", args=[notice.pk])).content.decode()
    assert answer_url(notice) in page and 'enctype="multipart/form-data"' in page
    response = unit.post(
        answer_url(notice),
        {"answer": "已整改到位。", "attachments": [upload("整改报告.pdf", PDF)]},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.ANSWERED
    attachment = NoticeAttachment.objects.get()
    answered = NoticeEvent.objects.get(notice=notice, step=NoticeStep.ANSWERED)
    assert attachment.event == answered
    assert str(attachment.file.name).startswith(f"notices/{notice.pk}/")

    office = client_for(supervisor)
    office_page = office.get(reverse("tasks:notice_detail", args=[notice.pk])).content.decode()
    url = reverse("tasks:notice_attachment", args=[notice.pk, attachment.pk])
    assert "整改报告.pdf" in office_page and url in office_page
    got = office.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert client_for(other_liaison).get(url).status_code == 403


def test_each_answer_keeps_its_own_files_after_a_send_back(client_for, notice, liaison, supervisor):
    notice_receive(actor=liaison, notice=notice)
    unit = client_for(liaison)
    unit.post(answer_url(notice), {"answer": "第一次", "attachments": [upload("一.pdf", PDF)]})
    notice_review(actor=supervisor, notice=notice, close=False, note="材料不全")
    unit.post(answer_url(notice), {"answer": "第二次", "attachments": [upload("二.pdf", PDF)]})
    first, second = NoticeEvent.objects.filter(step=NoticeStep.ANSWERED).order_by("id")
    assert [a.name for a in first.attachments.all()] == ["一.pdf"]
    assert [a.name for a in second.attachments.all()] == ["二.pdf"]


def test_a_refused_file_with_an_answer_changes_nothing(client_for, notice, liaison):
    notice_receive(actor=liaison, notice=notice)
    response = client_for(liaison).post(
        answer_url(notice),
        {"answer": "已整改到位。", "attachments": [upload("整改.pdf", EXE)]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“整改.pdf”的内容不是PDF文件" in page and "已整改到位。" in page  # text kept
    notice.refresh_from_db()
    assert notice.state == NoticeState.RECEIVED and notice.answer == ""
    assert not NoticeAttachment.objects.exists() and stored_files() == []


def test_an_answer_before_receiving_writes_no_file(client_for, notice, liaison):
    response = client_for(liaison).post(
        answer_url(notice), {"answer": "抢答", "attachments": [upload("a.pdf", PDF)]}
    )
    assert response.status_code == 400
    assert "请先签收督办单" in response.content.decode()
    assert not NoticeAttachment.objects.exists() and stored_files() == []


def test_files_uploaded_before_the_answer_go_with_it_and_may_be_deleted_until_then(
    client_for, notice, liaison, django_capture_on_commit_callbacks
):
    notice_receive(actor=liaison, notice=notice)
    services.notice_attachments_add(
        actor=liaison, notice=notice, uploads=[upload("草稿.pdf", PDF), upload("定稿.pdf", PDF)]
    )
    unit = client_for(liaison)
    page = unit.get(reverse("tasks:notice_detail", args=[notice.pk])).content.decode()
    assert 'id="pending-files"' in page and "草稿.pdf" in page
    draft_file = NoticeAttachment.objects.get(name="草稿.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        unit.post(reverse("tasks:notice_attachment_delete", args=[notice.pk, draft_file.pk]))
    assert len(stored_files()) == 1
    notice_answer(actor=liaison, notice=notice, answer="见附件。")
    kept = NoticeAttachment.objects.get()
    assert kept.name == "定稿.pdf" and kept.event is not None
    # Sent with the answer, it is part of the record.
    with pytest.raises(ValidationError, match="已随反馈报送，不能删除"):
        services.notice_attachment_delete(actor=liaison, attachment=kept)
