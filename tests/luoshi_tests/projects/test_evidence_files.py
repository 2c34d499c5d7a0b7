"""纳统 evidence files, on the page and over the API: screened by content (junk renamed .pdf is
refused on its field with one sentence, nothing changes), offered back under the name they
were uploaded with, and never left orphaned: a replaced file goes once the new report is
committed, a failed save removes what it wrote, a deleted project takes its files along."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from luoshi.accounts.services import api_token_create
from luoshi.projects import services
from luoshi.projects.models import InclusionState, Project, StatisticsInclusion
from luoshi.projects.services import inclusion_flow
from luoshi.projects.stages import Stage
from luoshi_tests.projects.conftest import TODAY, YEAR
from luoshi_tests.tasks.attachment_files import (
    EXE,
    HTML,
    JPEG,
    PDF,
    PNG,
    RolledBack,
    rolled_back,
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]

FILING = "2026年第一季度进展.pdf"


@pytest.fixture
def started(liaison: Any, project: Project) -> Project:
    services.stage_advance(
        actor=liaison, project=project, stage=Stage.STARTED, actual_on=date(YEAR, 3, 9), today=TODAY
    )
    return Project.objects.get(pk=project.pk)


def signed_in(user: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def page_report(client: Client, project: Project, **fields: Any) -> Any:
    url = reverse("projects:inclusion_report", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    return client.post(url, {"csrfmiddlewaretoken": token.group(1), "note": "", **fields})


def bearer(user: Any) -> dict[str, str]:
    _token, key = api_token_create(actor=user, user=user, name="项目系统")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def downloaded_name(response: Any) -> str:
    found = re.search(r"filename\*=utf-8''([^;]+)", response["Content-Disposition"], re.I)
    assert found is not None, response["Content-Disposition"]
    return unquote(found.group(1))


def test_evidence_uploaded_on_the_page_comes_back_under_its_chinese_name(
    liaison: Any, unit_head: Any, started: Project
) -> None:
    response = page_report(
        signed_in(liaison),
        started,
        approval_document=upload(FILING, PDF),
        contract_or_photos=upload("现场照片（3月）.jpg", JPEG),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    inclusion = StatisticsInclusion.objects.get(project=started)
    assert inclusion.approval_document_name == FILING
    assert inclusion.contract_or_photos_name == "现场照片（3月）.jpg"
    assert re.fullmatch(
        rf"projects/inclusion/{started.pk}/[0-9a-f]{{32}}\.pdf", inclusion.approval_document.name
    )
    download = signed_in(unit_head).get(
        reverse("projects:evidence_download", args=[started.pk, "approval_document"])
    )
    assert download.status_code == 200
    assert downloaded_name(download) == FILING
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(download.streaming_content) == PDF


def test_junk_renamed_pdf_is_refused_on_its_field_and_nothing_changes(
    liaison: Any, started: Project
) -> None:
    response = page_report(
        signed_in(liaison),
        started,
        approval_document=upload(FILING, PDF),
        business_licence=upload("营业执照.pdf", EXE),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“营业执照.pdf”的内容不是PDF文件，与扩展名不符，未上传。" in page
    assert not StatisticsInclusion.objects.exists() and stored_files() == []
    # A spreadsheet is no evidence, even a real one.
    refused = page_report(signed_in(liaison), started, approval_document=upload("台账.html", HTML))
    assert refused.status_code == 400
    assert "只接受PDF、OFD、Word、WPS 文档和 JPG、PNG 图片" in refused.content.decode()
    assert not StatisticsInclusion.objects.exists() and stored_files() == []


def test_the_api_reports_with_files_refuses_junk_and_serves_the_names(
    liaison: Any, unit_head: Any, started: Project
) -> None:
    client = Client(enforce_csrf_checks=True)
    url = f"/api/v1/projects/{started.pk}/inclusion/upload"
    refused = client.post(
        url,
        {"note": "已开工", "business_licence": upload("营业执照.png", HTML)},
        **bearer(liaison),
    )
    assert refused.status_code == 422, refused.content
    body = refused.json()
    assert {
        "field": "business_licence",
        "message": "“营业执照.png”的内容不是PNG文件，与扩展名不符，未上传。",
    } in [{k: e[k] for k in ("field", "message")} for e in body["errors"]]
    assert not StatisticsInclusion.objects.exists() and stored_files() == []

    created = client.post(
        url,
        {
            "note": "已开工",
            "photos_taken_on": "2025-03-10",
            "approval_document": upload(FILING, PDF),
            "business_licence": upload("营业执照.png", PNG),
        },
        **bearer(liaison),
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["state"] == InclusionState.REPORTED and data["photos_taken_on"] == "2025-03-10"
    names = {f["kind"]: f["name"] for f in data["files"]}
    assert names == {"approval_document": FILING, "business_licence": "营业执照.png"}
    download = client.get(data["files"][0]["download_url"], **bearer(unit_head))
    assert download.status_code == 200 and downloaded_name(download) == FILING


def test_a_replaced_file_goes_once_the_new_report_is_committed(
    liaison: Any, unit_head: Any, started: Project, django_capture_on_commit_callbacks: Any
) -> None:
    first = services.inclusion_report(
        actor=liaison,
        project=started,
        evidence=services.Evidence(
            approval_document=upload("旧版.pdf", PDF), business_licence=upload("执照.jpg", JPEG)
        ),
    )
    old_path = first.approval_document.path
    licence_path = first.business_licence.path
    services.inclusion_return(actor=unit_head, inclusion=first, reason="立项文件不清晰")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.inclusion_report(
            actor=liaison,
            project=Project.objects.get(pk=started.pk),
            evidence=services.Evidence(approval_document=upload("新版（清晰）.pdf", PDF)),
        )
    again.refresh_from_db()
    assert again.approval_document_name == "新版（清晰）.pdf"
    assert again.business_licence_name == "执照.jpg"  # not sent again: kept
    assert sorted(str(p) for p in stored_files()) == sorted(
        [again.approval_document.path, licence_path]
    )
    assert old_path not in [str(p) for p in stored_files()]


def test_a_refused_report_keeps_the_old_file(
    liaison: Any, unit_head: Any, started: Project, django_capture_on_commit_callbacks: Any
) -> None:
    first = services.inclusion_report(
        actor=liaison,
        project=started,
        evidence=services.Evidence(approval_document=upload("旧版.pdf", PDF)),
    )
    # Not returned yet: reporting again is refused, after the new file was screened.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="正在审核中"),
    ):
        services.inclusion_report(
            actor=liaison,
            project=Project.objects.get(pk=started.pk),
            evidence=services.Evidence(approval_document=upload("新版.pdf", PDF)),
        )
    assert [str(p) for p in stored_files()] == [first.approval_document.path]
    assert StatisticsInclusion.objects.get().approval_document_name == "旧版.pdf"


def test_a_failed_save_after_the_files_were_written_leaves_none(
    liaison: Any, started: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(**_: Any) -> None:
        raise RuntimeError("database went away")  # the files are on disk by now

    monkeypatch.setattr(inclusion_flow, "log_action", crash)
    with pytest.raises(RuntimeError):
        services.inclusion_report(
            actor=liaison,
            project=started,
            evidence=services.Evidence(
                approval_document=upload(FILING, PDF), business_licence=upload("执照.jpg", JPEG)
            ),
        )
    assert not StatisticsInclusion.objects.exists() and stored_files() == []


def test_a_deleted_project_takes_its_evidence_along_but_not_when_rolled_back(
    liaison: Any, started: Project, django_capture_on_commit_callbacks: Any
) -> None:
    services.inclusion_report(
        actor=liaison,
        project=started,
        evidence=services.Evidence(
            approval_document=upload(FILING, PDF), contract_or_photos=upload("照片.png", PNG)
        ),
    )
    assert len(stored_files()) == 2
    with pytest.raises(RolledBack):
        rolled_back(Project.objects.filter(pk=started.pk).delete)
    assert StatisticsInclusion.objects.exists() and len(stored_files()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        Project.objects.filter(pk=started.pk).delete()  # the cascade reaches the 纳统 file
    assert not StatisticsInclusion.objects.exists() and stored_files() == []
