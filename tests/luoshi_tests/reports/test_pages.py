import pytest
from django.urls import reverse

from luoshi.reports.models import ReportVersion, WorkReport
from luoshi.reports.services import report_create, report_version_create
from luoshi.reports.text_layout import split_report_text

pytestmark = pytest.mark.django_db

TEXT = "一、回顾\n地区生产总值增长6.1%。\n二、目标\n地区生产总值增长6%左右。"


@pytest.fixture
def report(world, supervisor):
    report = report_create(actor=supervisor, region=world.county, year=2025)
    report_version_create(
        actor=supervisor, report=report, kind="draft", blocks=split_report_text(TEXT)
    )
    return report


def test_supervisor_creates_a_report_and_writes_a_revision_in_the_browser_forms(
    client_for, supervisor, world
):
    client = client_for(supervisor)
    response = client.post(
        reverse("reports:report_create"), {"region_ref": "甲县", "year": 2026, "title": ""}
    )
    report = WorkReport.objects.get(year=2026)
    assert response.status_code == 302
    response = client.post(
        reverse("reports:version_create", args=[report.pk]),
        {"kind": "draft", "label": "初稿", "text": TEXT},
    )
    assert response.status_code == 302
    version = report.versions.get()
    page = client.get(reverse("reports:version_detail", args=[report.pk, 1])).content.decode()
    assert "地区生产总值增长6%左右。" in page
    assert f'id="p-{version.paragraphs.first().anchor}"' in page


def test_bad_report_forms_show_messages_and_store_nothing(client_for, supervisor, world, report):
    client = client_for(supervisor)
    page = client.post(reverse("reports:report_create"), {"region_ref": "不存在县", "year": 2026})
    assert "没有名为“不存在县”的行政区划" in page.content.decode()
    page = client.post(reverse("reports:report_create"), {"region_ref": "930121", "year": 2025})
    assert "已经存在" in page.content.decode()
    page = client.post(reverse("reports:report_create"), {"region_ref": "930121", "year": 1900})
    assert page.status_code == 200
    page = client.post(
        reverse("reports:version_create", args=[report.pk]), {"kind": "draft", "text": "  "}
    )
    assert "正文不能为空" in page.content.decode()
    page = client.post(
        reverse("reports:version_create", args=[report.pk]),
        {"kind": "draft", "text": "一、只有标题"},
    )
    assert "至少要有一个段落" in page.content.decode()
    assert WorkReport.objects.count() == 1
    assert ReportVersion.objects.count() == 1


def test_unpublished_versions_are_hidden_from_liaisons(client_for, liaison, supervisor, report):
    assert (
        client_for(liaison).get(reverse("reports:version_detail", args=[report.pk, 1])).status_code
        == 403
    )
    assert (
        "地区生产总值增长6%左右"
        not in client_for(liaison)
        .get(reverse("reports:report_detail", args=[report.pk]))
        .content.decode()
    )
    assert (
        client_for(supervisor)
        .get(reverse("reports:version_detail", args=[report.pk, 1]))
        .status_code
        == 200
    )


def test_a_liaison_cannot_publish_or_revise(client_for, liaison, report):
    client = client_for(liaison)
    assert client.post(reverse("reports:version_publish", args=[report.pk, 1])).status_code == 403
    assert client.get(reverse("reports:version_create", args=[report.pk])).status_code == 403
    assert (
        client.post(
            reverse("reports:version_create", args=[report.pk]), {"kind": "draft", "text": TEXT}
        ).status_code
        == 403
    )
    assert report.versions.count() == 1
    assert not report.versions.get().is_published


def test_diff_page_marks_changes(client_for, supervisor, report):
    report_version_create(
        actor=supervisor,
        report=report,
        kind="revised",
        blocks=split_report_text(TEXT.replace("6%左右", "7%左右") + "\n新增一段民生承诺。"),
    )
    page = (
        client_for(supervisor)
        .get(reverse("reports:version_diff", args=[report.pk]))
        .content.decode()
    )
    assert "<ins>" in page and "<del>" in page
    assert "新增 1 段" in page and "修改 1 段" in page


def test_report_list_queries_do_not_grow(
    client_for, supervisor, world, django_assert_max_num_queries
):
    from luoshi_tests.factories import RegionFactory

    for n in range(15):
        region = RegionFactory(code=f"9304{n:02d}", name=f"戊县{n}", parent=world.city)
        report_create(actor=None, region=region, year=2025)
    client = client_for(supervisor)
    client.get(reverse("home"))
    with django_assert_max_num_queries(10):
        page = client.get(reverse("reports:report_list"))
    assert page.content.decode().count("戊县") >= 15
