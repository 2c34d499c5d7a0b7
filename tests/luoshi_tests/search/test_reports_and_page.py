"""Reports in the index after publishing, the rebuild command, and the search page."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.core.models import SearchEntry
from luoshi.core.search import search, search_index_upsert
from luoshi.reports.models import ReportStatus
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text

pytestmark = pytest.mark.django_db

DRAFT = "一、主要任务\n大力发展苹果产业，建设冷链物流中心。\n二、民生\n城镇新增就业1500人。"
ADOPTED = "一、主要任务\n大力发展梨树产业。\n二、民生\n城镇新增就业1800人。"


@pytest.fixture
def report(world, supervisor):
    return report_create(actor=supervisor, region=world.county, year=2025)


def publish(actor, report, kind, text, capture):
    version = report_version_create(
        actor=actor, report=report, kind=kind, blocks=split_report_text(text)
    )
    with capture(execute=True):
        return report_version_publish(actor=actor, version=version)


def test_publishing_a_version_indexes_its_report(
    report, supervisor, django_capture_on_commit_callbacks
):
    assert search(query="苹果").total == 0  # nothing published yet
    publish(supervisor, report, "draft", DRAFT, django_capture_on_commit_callbacks)
    result = search(query="苹果产业", public_only=True)
    assert result.total == 1
    hit = result.hits[0]
    assert (hit.kind, hit.key, hit.title) == ("report", str(report.pk), "2025年甲县政府工作报告")
    assert hit.url == reverse("reports:report_detail", args=[report.pk])
    assert (hit.region_name, hit.year, hit.state) == ("甲县", 2025, ReportStatus.CONSULTING)
    assert search(query="苹果", region_code="930100").total == 1

    publish(supervisor, report, "adopted", ADOPTED, django_capture_on_commit_callbacks)
    assert SearchEntry.objects.count() == 1  # one entry per report, holding the latest text
    assert search(query="苹果").total == 0
    assert search(query="梨树", state=ReportStatus.ADOPTED).total == 1


def test_a_failing_index_write_does_not_undo_the_publication(
    report, supervisor, django_capture_on_commit_callbacks, monkeypatch
):
    import luoshi.reports.services as services

    def broken(version):
        raise RuntimeError("index down")

    monkeypatch.setattr(services, "index_report_version", broken)
    version = publish(supervisor, report, "draft", DRAFT, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    assert version.is_published
    assert SearchEntry.objects.count() == 0


def test_rebuild_command_reindexes_reports_and_drops_stale_entries(report, supervisor):
    report_version_create(
        actor=supervisor, report=report, kind="draft", blocks=split_report_text(DRAFT)
    )
    search_index_upsert(kind="report", key=999999, title="已删除的报告", body="苹果", url="/")
    search_index_upsert(kind="note", key=1, title="笔记", body="苹果产业", url="/")
    SearchEntry.objects.filter(kind="note").update(tokens="")
    out = StringIO()
    call_command("search_rebuild", stdout=out)
    assert "report: 1 indexed, 1 removed" in out.getvalue()
    assert "note: 1 re-tokenized" in out.getvalue()
    entry = SearchEntry.objects.get(kind="report")
    assert entry.key == str(report.pk)
    assert not entry.is_public  # only a working version so far: staff only
    assert search(query="苹果").total == 2  # the report and the note
    assert search(query="苹果", public_only=True).total == 0  # neither is public
    assert search(query="苹果", public_only=True, kinds=["report"]).total == 0
    assert search(query="冷链物流").total == 1


def test_rebuild_command_rejects_an_unknown_kind():
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("search_rebuild", kind="nothing")


def add_entries(world, count, *, start=0, is_public=True, title="关于苹果产业的报告"):
    for n in range(start, start + count):
        search_index_upsert(
            kind="report",
            key=n,
            title=title,
            body="大力发展苹果产业。",
            url=f"/reports/{n}/",
            region=world.county,
            year=2025,
            state=ReportStatus.ADOPTED,
            is_public=is_public,
        )


def test_the_search_page_needs_a_signed_in_user(client):
    response = client.get(reverse("core:search"), {"q": "苹果"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_search_page_shows_hits_with_marks_and_filters(client_for, liaison, world):
    add_entries(world, 2)
    page = client_for(liaison).get(
        reverse("core:search"), {"q": "苹果", "kind": "report", "region": "930100", "year": "2025"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="search-hit"') == 2
    assert "<mark>苹果</mark>产业" in html
    assert "已通过" in html  # the report status label registered by the reports app
    assert 'class="topsearch"' in html


def test_staff_see_entries_that_are_not_public_and_others_do_not(
    client_for, liaison, supervisor, world
):
    add_entries(world, 1, is_public=False, title="内部报告")
    url = reverse("core:search")
    assert "内部报告" not in client_for(liaison).get(url, {"q": "苹果"}).content.decode()
    assert "内部报告" in client_for(supervisor).get(url, {"q": "苹果"}).content.decode()


def test_the_search_page_escapes_results_and_the_query(client_for, liaison, world):
    search_index_upsert(
        kind="report",
        key=1,
        title="<script>alert(1)</script>苹果",
        body='苹果<img src=x onerror="alert(2)">',
        url="/reports/1/",
        is_public=True,
    )
    page = client_for(liaison).get(reverse("core:search"), {"q": '苹果<script>"'})
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    assert "&lt;img src=x" in html
    assert 'value="苹果&lt;script&gt;&quot;"' in html


def test_bad_filters_and_short_queries_are_met_calmly(client_for, liaison, world):
    add_entries(world, 1)
    client = client_for(liaison)
    url = reverse("core:search")
    page = client.get(url, {"q": "苹果", "region": "99x", "year": "abc", "page": "-3"})
    assert page.status_code == 200
    assert "没有这个行政区划代码" in page.content.decode()
    assert page.context["result"].total == 1
    page = client.get(url, {"q": "a"})
    assert "关键词太短" in page.content.decode()


def test_the_search_page_uses_a_fixed_number_of_queries(
    client_for, liaison, world, django_assert_max_num_queries
):
    client = client_for(liaison)
    url = reverse("core:search")
    add_entries(world, 2)
    client.get(url, {"q": "苹果"})
    with CaptureQueriesContext(connection) as small:
        first = client.get(url, {"q": "苹果", "region": "930121"})
    assert len(first.context["result"].hits) == 2
    add_entries(world, 18, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        second = client.get(url, {"q": "苹果", "region": "930121"})
    assert len(second.context["result"].hits) == 20


def test_rebuild_command_heals_an_index_that_lost_its_triggers():
    """On SQLite, Django rebuilding the table in a later migration drops the FTS triggers."""
    from luoshi.core.search import schema

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in schema.SQLITE_UNINSTALL[:3]:  # the triggers, not the table
                cursor.execute(statement)
    search_index_upsert(kind="note", key=1, title="笔记", body="苹果产业", url="/")
    call_command("search_rebuild", stdout=StringIO())
    assert search(query="苹果产业").total == 1
    search_index_upsert(kind="note", key=1, title="笔记", body="梨树", url="/")
    assert search(query="苹果产业").total == 0  # the triggers are back
