"""A corpus (批量导入): a zip or folder of many reports, one import batch each, with every
refused file named and nothing stored when the archive itself is refused."""

from __future__ import annotations

import io
import re
import zipfile
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from luoshi.accounts.models import Role
from luoshi.core.models import Region, RegionLevel
from luoshi.imports.corpus import import_corpus_create, members_of_zip
from luoshi.imports.corpus_progress import corpus_progress
from luoshi.imports.corpus_review import corpus_commit_clean
from luoshi.imports.models import BatchStatus, CorpusOutcome, ImportBatch, ImportCorpus
from luoshi.imports.services import import_batch_read
from luoshi.reports.models import WorkReport
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db

# Counties of 临汾市 (GB/T 2260), each with its own figures.
COUNTIES = {
    "吉县": ("141028", "6.5", "8"),
    "乡宁县": ("141029", "7", "9"),
    "大宁县": ("141030", "6", "7.5"),
    "隰县": ("141031", "5.5", "6"),
    "永和县": ("141032", "6.8", "10"),
}


def report_text(county: str, growth: str, revenue: str, year: int = 2025) -> bytes:
    """A short work report written for these tests (not taken from any real report)."""
    return f"""政府工作报告
——{year}年1月10日在{county}第十八届人民代表大会第五次会议上
{county}人民政府县长

各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。

一、{year - 1}年工作回顾
过去一年，全县地区生产总值增长{growth}%，一般公共预算收入增长{revenue}%。

二、{year}年主要目标
今年的主要预期目标是：地区生产总值增长{growth}%左右，一般公共预算收入增长{revenue}%，城镇调查失业率控制在5.5%以内。

三、{year}年重点工作
（一）扩大有效投资。全年实施重点项目40个，完成投资60亿元。
""".encode()


def make_linfen():
    """山西省 › 临汾市 and the counties of COUNTIES; returns the city."""
    province = RegionFactory(code="140000", name="山西省", level=RegionLevel.PROVINCE, kind="省")
    city = RegionFactory(
        code="141000", name="临汾市", level=RegionLevel.CITY, kind="地级市", parent=province
    )
    for name, (code, _growth, _revenue) in COUNTIES.items():
        RegionFactory(code=code, name=name, parent=city)
    return city


@pytest.fixture
def linfen(db):
    return make_linfen()


@pytest.fixture
def city_office(linfen):
    return user_with_role(
        "lf_office", UnitFactory(region=linfen, name="临汾市政府督查室"), Role.SUPERVISOR
    )


@pytest.fixture
def jixian_neighbour_office(linfen):
    unit = UnitFactory(region=Region.objects.get(name="吉县"), name="吉县政府督查室")
    return user_with_role("jx_office", unit, Role.SUPERVISOR)


def zip_of(files: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def read_all(corpus: ImportCorpus) -> None:
    for row in corpus.files.filter(outcome=CorpusOutcome.NEW):
        import_batch_read(batch_id=row.batch_id)


def test_a_zip_of_reports_becomes_a_batch_each_with_every_refusal_named(city_office, linfen):
    files = {
        f"2025/{name}.txt": report_text(name, growth, revenue)
        for name, (_code, growth, revenue) in COUNTIES.items()
    }
    files["副本/吉县（重复）.txt"] = files["2025/吉县.txt"]  # the same bytes again
    files["照片.jpg"] = b"\xff\xd8\xff\xe0 not a report"
    files["空白.txt"] = b""
    files["里面的压缩包.zip"] = zip_of({"a.txt": b"x"})
    files["坏文件.docx"] = b"this is not a word document at all"
    files["某县.txt"] = report_text("某某县", "6", "7").replace("某某县".encode(), b"")
    files["__MACOSX/._吉县.txt"] = b"resource fork"  # never listed
    corpus = import_corpus_create(
        actor=city_office, name="2025年报告.zip", members=members_of_zip(zip_of(files))
    )
    read_all(corpus)

    progress = corpus_progress(corpus)
    by_name = {row.file.name: row for row in progress.rows}
    assert len(by_name) == 11  # the resource fork is no file of the corpus
    for name, (code, _growth, _revenue) in COUNTIES.items():
        batch = by_name[f"2025/{name}.txt"].batch
        assert batch is not None and batch.status == BatchStatus.REVIEW
        assert (batch.region.code, batch.year) == (code, 2025)
    duplicate = by_name["副本/吉县（重复）.txt"]
    assert duplicate.file.outcome == CorpusOutcome.SAME
    assert duplicate.batch == by_name["2025/吉县.txt"].batch
    assert "只支持 txt、html、docx" in by_name["照片.jpg"].note
    assert by_name["空白.txt"].note == "文件是空的。"
    assert "压缩包里的压缩包" in by_name["里面的压缩包.zip"].note
    assert by_name["坏文件.docx"].tone == "failed" and by_name["坏文件.docx"].note
    assert [row.file.name for row in progress.doubtful] == ["某县.txt"]
    assert "未识别出地区" in by_name["某县.txt"].note
    # Per file: the copy of 吉县 stands with the batch it is the same as.
    assert (progress.in_review, progress.failed, progress.busy) == (7, 4, 0)
    assert ImportBatch.objects.count() == 7  # five counties, the unknown one, the bad docx


def test_an_archive_refused_whole_stores_nothing(city_office):
    bomb = zip_of({"报告.txt": b"0" * (30 * 1024 * 1024)})  # 30 MB of zeros, a few KB zipped
    for data, words in (
        (bomb, "压缩炸弹"),
        (b"PK\x03\x04 broken", "zip 压缩包"),
        (b"plain", "zip"),
    ):
        with pytest.raises(ValidationError) as refused:
            import_corpus_create(actor=city_office, name="x.zip", members=members_of_zip(data))
        assert words in " ".join(refused.value.messages)
    assert not ImportCorpus.objects.exists() and not ImportBatch.objects.exists()


def test_luoshi_import_reads_a_folder_and_reports_what_to_settle(city_office, linfen, tmp_path):
    folder = tmp_path / "reports"
    (folder / "县").mkdir(parents=True)
    for name, (_code, growth, revenue) in COUNTIES.items():
        (folder / "县" / f"{name}.txt").write_bytes(report_text(name, growth, revenue))
    (folder / "说明.pdf").write_bytes(b"%PDF-1.4")
    out = StringIO()
    call_command("import", str(folder), "--as", city_office.username, "--read-here", stdout=out)
    printed = out.getvalue()
    assert "6 files, 5 new, 0 already imported, 1 refused" in printed
    assert "refused: 说明.pdf" in printed
    assert "5 in review, 0 committed, 0 waiting for a worker, 1 failed or refused" in printed
    assert set(ImportBatch.objects.values_list("region__name", flat=True)) == set(COUNTIES)
    # The same folder again: every file is recognised, nothing is read twice.
    out = StringIO()
    call_command("import", str(folder), "--as", city_office.username, stdout=out)
    assert "6 files, 0 new, 5 already imported, 1 refused" in out.getvalue()
    assert ImportBatch.objects.count() == 5


def test_clean_reports_are_committed_in_one_action_and_the_rest_listed(
    city_office, linfen, jixian_neighbour_office
):
    files = {
        f"{name}.txt": report_text(name, growth, revenue)
        for name, (_code, growth, revenue) in COUNTIES.items()
    }
    files["某县.txt"] = report_text("某某县", "6", "7").replace("某某县".encode(), b"")
    corpus = import_corpus_create(
        actor=city_office, name="a.zip", members=members_of_zip(zip_of(files))
    )
    read_all(corpus)
    # Someone else may not commit this corpus.
    with pytest.raises(PermissionDenied):
        corpus_commit_clean(actor=jixian_neighbour_office, corpus=corpus)
    assert not ImportBatch.objects.filter(status=BatchStatus.COMMITTED).exists()

    result = corpus_commit_clean(actor=city_office, corpus=corpus)
    committed = {batch.region.name for batch in result.committed}
    assert committed == set(COUNTIES)
    assert [reason for _batch, reason in result.left] == ["地区或年度没有识别出来，请打开核对。"]
    for batch in result.committed:
        assert batch.status == BatchStatus.COMMITTED and batch.report is not None
        assert batch.report.region == batch.region and batch.report.year == 2025
    assert WorkReport.objects.filter(year=2025).count() == len(COUNTIES)
    # Nothing is committed twice.
    again = corpus_commit_clean(actor=city_office, corpus=corpus)
    assert again.committed == [] and len(again.left) == 1


def _csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(reverse("imports:batch_list"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    return client, token.group(1)


def test_a_zip_uploaded_on_the_import_page_opens_the_corpus_and_commits_in_one_click(
    city_office, linfen
):
    files = {
        f"{name}.txt": report_text(name, growth, revenue)
        for name, (_code, growth, revenue) in COUNTIES.items()
    }
    files["说明.pdf"] = b"%PDF-1.4"
    client, token = _csrf_client(city_office)
    upload = SimpleUploadedFile("临汾各县2025.zip", zip_of(files), "application/zip")
    answer = client.post(
        reverse("imports:batch_list"), {"csrfmiddlewaretoken": token, "file": upload}
    )
    corpus = ImportCorpus.objects.get()
    assert answer.status_code == 302 and answer.url == reverse(
        "imports:corpus_detail", args=[corpus.pk]
    )
    page = client.get(answer.url).content.decode()
    assert "识别中 5" in page and "说明.pdf" in page and "只支持 txt、html、docx" in page
    read_all(corpus)
    page = client.get(answer.url).content.decode()
    assert "待审核 5" in page and "全部无问题的报告一次入库" in page
    done = client.post(
        reverse("imports:corpus_commit", args=[corpus.pk]), {"csrfmiddlewaretoken": token}
    )
    assert done.status_code == 302
    page = client.get(done.url).content.decode()
    assert "已入库 5 份报告；0 份需要逐份核对。" in page and "已入库 5" in page
    # Another office sees neither the corpus nor its commit action.
    other = user_with_role("other_office", UnitFactory(region=linfen), Role.SUPERVISOR)
    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(reverse("imports:corpus_detail", args=[corpus.pk])).status_code == 403


def test_a_bomb_uploaded_on_the_import_page_is_refused_in_a_sentence(city_office):
    client, token = _csrf_client(city_office)
    bomb = SimpleUploadedFile("x.zip", zip_of({"a.txt": b"0" * (30 * 1024 * 1024)}))
    answer = client.post(
        reverse("imports:batch_list"), {"csrfmiddlewaretoken": token, "file": bomb}
    )
    assert answer.status_code == 400
    assert "疑似压缩炸弹" in answer.content.decode()
    assert not ImportCorpus.objects.exists() and not ImportBatch.objects.exists()


def test_the_api_takes_a_zip_reports_each_file_and_commits_the_clean_ones(city_office, linfen):
    files = {
        f"{name}.txt": report_text(name, growth, revenue)
        for name, (_code, growth, revenue) in COUNTIES.items()
    }
    files["坏.zip"] = zip_of({"a.txt": b"x"})
    client, _token = _csrf_client(city_office)
    headers = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    upload = SimpleUploadedFile("a.zip", zip_of(files), "application/zip")
    answer = client.post("/api/v1/import-corpora", {"file": upload}, **headers)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["busy"], body["failed"]) == (5, 1)
    assert (
        body["files"][-1]["stage"] == "failed" and "压缩包里的压缩包" in body["files"][-1]["note"]
    )
    read_all(ImportCorpus.objects.get(pk=body["id"]))
    seen = client.get(f"/api/v1/import-corpora/{body['id']}").json()
    assert seen["in_review"] == 5
    assert {f["region_code"] for f in seen["files"] if f["batch_id"]} == {
        code for code, _growth, _revenue in COUNTIES.values()
    }
    done = client.post(f"/api/v1/import-corpora/{body['id']}/commit-clean", **headers)
    assert done.status_code == 200 and len(done.json()["committed"]) == 5
    # Bad input: a bomb, nothing stored; another person's corpus, refused.
    bomb = SimpleUploadedFile("b.zip", zip_of({"a.txt": b"0" * (30 * 1024 * 1024)}))
    refused = client.post("/api/v1/import-corpora", {"file": bomb}, **headers)
    assert refused.status_code == 422 and "疑似压缩炸弹" in str(refused.json())
    assert ImportCorpus.objects.count() == 1
    other = user_with_role("other_office", UnitFactory(region=linfen), Role.SUPERVISOR)
    stranger = Client(enforce_csrf_checks=True)
    stranger.force_login(other)
    assert stranger.get(f"/api/v1/import-corpora/{body['id']}").status_code == 403
