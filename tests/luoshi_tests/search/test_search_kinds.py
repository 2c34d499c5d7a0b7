"""Tasks, progress reports, notices, key projects and imports under review in the search box,
each found by exactly those whose pages open for them; Traditional queries find Simplified
text and the other way round."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.models import Role
from luoshi.core.models import SearchEntry
from luoshi.core.search import reader_scope, search, search_index_upsert
from luoshi.imports.models import BatchStatus
from luoshi.imports.services import import_batch_create, import_batch_read
from luoshi.projects import services as project_services
from luoshi.projects.models import Project
from luoshi.tasks.models import Task
from luoshi.tasks.services.decomposition import TaskInput, task_create, task_update
from luoshi.tasks.services.progress_flow import ProgressInput, progress_save
from luoshi.tasks.services.supervision import notice_issue
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TASK_TITLE = "全面推进乡村振兴，建设高标准农田5万亩"
PROGRESS_TEXT = "已完成土地平整和灌溉渠系配套，冷链物流中心主体封顶。"


@pytest.fixture
def co_unit(world):
    return UnitFactory(region=world.county, name="甲县农业农村局", short_name="县农业农村局")


@pytest.fixture
def co_liaison(co_unit):
    return user_with_role("liaison_agri", co_unit, Role.LIAISON)


@pytest.fixture
def other_supervisor(world):
    """The supervision office of 乙县: no rights in 甲县."""
    office = UnitFactory(region=world.other_county, name="乙县人民政府办公室")
    return user_with_role("supervisor_other", office, Role.SUPERVISOR)


@pytest.fixture
def task(supervisor, world, co_unit, django_capture_on_commit_callbacks) -> Task:
    """A task of 甲县 led by 县发改局 with 县农业农村局 as co-unit."""
    with django_capture_on_commit_callbacks(execute=True):
        return task_create(
            actor=supervisor,
            data=TaskInput(
                region=world.county,
                year=2026,
                title=TASK_TITLE,
                lead_unit=world.bureau,
                co_units=[co_unit],
                deadline=date(2026, 12, 31),
                deadline_text="年底前",
                number="3",
            ),
        )


@pytest.fixture
def progress(task, liaison, world, django_capture_on_commit_callbacks):
    """县发改局's report on the task, submitted."""
    with django_capture_on_commit_callbacks(execute=True):
        return progress_save(
            actor=liaison,
            task=task,
            unit=world.bureau,
            data=ProgressInput(progress=PROGRESS_TEXT, percent=Decimal("40")),
            submit=True,
        )


@pytest.fixture
def project(supervisor, world, django_capture_on_commit_callbacks) -> Project:
    with django_capture_on_commit_callbacks(execute=True):
        project = project_services.project_create(
            actor=supervisor,
            data=project_services.ProjectInput(
                region=world.county,
                year=2026,
                name="甲县智慧农业产业园项目",
                unit=world.bureau,
                total_investment=Decimal("30000"),
                annual_plan=Decimal("8000"),
                code="JX-026",
            ),
        )
        project_services.problem_create(
            actor=supervisor,
            project=project,
            data=project_services.ProblemInput(
                category="land", description="园区二期用地指标尚未落实", unit=world.bureau
            ),
        )
    return project


def found(user, query: str, kind: str | None = None) -> list[str]:
    """What `user` finds, as the search page and the API ask: (kind, key) strings."""
    public_only, scope_codes = reader_scope(user)
    result = search(
        query=query,
        kinds=[kind] if kind else None,
        public_only=public_only,
        scope_codes=scope_codes,
        reader=user,
    )
    return [f"{hit.kind}:{hit.key}" for hit in result.hits]


def opens(user, url: str) -> bool:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code == 200


# --- tasks and their progress -----------------------------------------------------------------


def test_a_task_is_found_by_its_title_and_its_progress_by_the_reports_words(
    task, progress, supervisor
):
    assert found(supervisor, "高标准农田", "task") == [f"task:{task.pk}"]
    assert found(supervisor, "县发改局 年底前") == [f"task:{task.pk}"]  # unit, deadline words
    # …which are found but not shown as the snippet: the hit names the lead unit itself.
    hit = search(query="年底前", reader=supervisor).hits[0]
    assert "年底前" not in "".join(text for text, _match in hit.snippet)
    assert hit.facts == ("牵头单位：县发改局",)
    public_only, scope_codes = reader_scope(supervisor)
    hits = search(
        query="冷链物流", reader=supervisor, public_only=public_only, scope_codes=scope_codes
    ).hits
    assert [(hit.kind, hit.key) for hit in hits] == [("progress", str(progress.pk))]
    assert hits[0].title.startswith(f"3 {TASK_TITLE[:10]}")  # the task's number and title
    assert hits[0].url == reverse("tasks:progress_detail", args=[progress.pk])
    assert hits[0].facts == ("报送单位：县发改局",)


def test_a_liaison_finds_only_tasks_of_their_unit(
    task, progress, supervisor, liaison, other_liaison, co_liaison, leader, other_supervisor
):
    everyone = (supervisor, leader, liaison, co_liaison, other_liaison, other_supervisor)
    finds_task = {user.username: bool(found(user, "高标准农田", "task")) for user in everyone}
    assert finds_task == {
        "supervisor1": True,
        "leader1": True,
        "liaison1": True,  # the lead unit
        "liaison_agri": True,  # the co-unit
        "liaison2": False,  # another county's bureau
        "supervisor_other": False,  # another county's office
    }
    # The co-unit opens the task, not the lead unit's report: nor does it find it.
    finds_report = {user.username: bool(found(user, "冷链物流")) for user in everyone}
    assert finds_report == {**finds_task, "liaison_agri": False}
    # Search ⊆ pages: every hit opens for the one who found it.
    for user in everyone:
        for query in ("高标准农田", "冷链物流", "县发改局"):
            public_only, scope_codes = reader_scope(user)
            for hit in search(
                query=query, reader=user, public_only=public_only, scope_codes=scope_codes
            ).hits:
                assert opens(user, hit.url), f"{user.username} finds {hit.url}"


def test_the_search_page_and_the_api_apply_the_same_rules(task, other_liaison, liaison):
    url = reverse("core:search")
    other = Client()
    other.force_login(other_liaison)
    assert TASK_TITLE not in other.get(url, {"q": "高标准农田"}).content.decode()
    assert other.get("/api/v1/search", {"q": "高标准农田"}).json()["count"] == 0
    own = Client()
    own.force_login(liaison)
    assert own.get("/api/v1/search", {"q": "高标准农田"}).json()["count"] == 1


def test_without_a_reader_a_scoped_search_finds_no_task(task):
    """A caller that applies a scope but names no reader cannot apply the tasks' rules."""
    assert search(query="高标准农田").total == 1  # trusted: commands, tests
    assert search(query="高标准农田", scope_codes=["930121"]).total == 0
    assert search(query="高标准农田", public_only=True).total == 0


def test_after_a_title_changes_the_old_words_no_longer_find_the_task(
    task, progress, supervisor, django_capture_on_commit_callbacks
):
    assert sorted(found(supervisor, "高标准农田")) == sorted(
        [f"task:{task.pk}", f"progress:{progress.pk}"]  # the report's title holds the task's
    )
    with django_capture_on_commit_callbacks(execute=True):
        task_update(actor=supervisor, task=task, changes={"title": "新建改造农村公路120公里"})
    assert found(supervisor, "高标准农田") == []
    assert sorted(found(supervisor, "农村公路")) == sorted(
        [f"task:{task.pk}", f"progress:{progress.pk}"]
    )
    assert SearchEntry.objects.filter(kind="task").count() == 1


def test_a_notice_is_found_by_its_reason_by_those_who_may_open_it(
    task, supervisor, liaison, co_liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_issue(
            actor=supervisor,
            task=task,
            colour="yellow",
            reason="灌溉渠系配套进度滞后",
            due_date=timezone.localdate() + timedelta(days=5),
        )
    assert found(supervisor, "渠系配套") == [f"notice:{notice.pk}"]
    assert found(liaison, "渠系配套") == [f"notice:{notice.pk}"]  # the unit it was sent to
    assert found(co_liaison, "渠系配套") == []


# --- key projects --------------------------------------------------------------------------------


def test_a_project_is_found_by_its_name_code_and_problems_by_those_who_may_open_it(
    project, supervisor, liaison, other_liaison, other_supervisor
):
    key = f"project:{project.pk}"
    assert found(supervisor, "智慧农业") == [key]
    assert found(supervisor, "JX 026") == [key]
    assert found(supervisor, "用地指标") == [key]  # a problem's description
    assert found(liaison, "用地指标") == [key]  # the responsible unit
    assert found(other_liaison, "智慧农业") == []
    assert found(other_supervisor, "智慧农业") == []
    assert opens(liaison, reverse("projects:project_detail", args=[project.pk]))


def test_a_stage_move_updates_the_projects_state(
    project, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project_services.stage_advance(
            actor=supervisor,
            project=project,
            stage="signed",
            actual_on=date(2026, 1, 5),
            today=date(2026, 2, 1),
        )
    hit = search(query="智慧农业", reader=supervisor).hits[0]
    assert (hit.state, str(hit.state_label)) == ("signed", "签约")


# --- imports under review ------------------------------------------------------------------------


IMPORTED = (
    "甲县2026年政府工作报告\n一、主要任务\n全面推进乡村振兴，培育智慧果业示范基地。\n".encode()
)


def test_an_import_under_review_is_found_by_its_uploader_only(
    supervisor, liaison, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = import_batch_create(actor=supervisor, file_name="甲县.txt", content=IMPORTED)
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_batch_read(batch_id=created.batch.pk)
    assert batch.status == BatchStatus.REVIEW
    colleague = user_with_role("supervisor2", world.office, Role.SUPERVISOR)
    assert found(supervisor, "智慧果业") == [f"import:{batch.pk}"]
    assert found(liaison, "智慧果业") == []
    assert found(colleague, "智慧果业") == []  # the import's page is its uploader's
    assert not opens(colleague, reverse("imports:batch_detail", args=[batch.pk]))
    assert opens(supervisor, reverse("imports:batch_detail", args=[batch.pk]))


# --- scripts ------------------------------------------------------------------------------------


def test_a_traditional_query_finds_simplified_text_and_the_other_way_round(task, supervisor):
    assert found(supervisor, "鄉村振興") == [f"task:{task.pk}"]
    search_index_upsert(
        kind="note", key=1, title="舊稿", body="推動鄉村全面振興，發展特色產業。", url="/"
    )
    hits = search(query="发展特色产业").hits
    assert [hit.key for hit in hits] == ["1"]
    # The snippet marks the stored (Traditional) words.
    assert ("發展特色產業", True) in hits[0].snippet
    entry = SearchEntry.objects.get(kind="note")
    assert "发展" in entry.tokens.split() and "發展" not in entry.tokens.split()  # once


# --- the page and the rebuild --------------------------------------------------------------------


def test_the_page_groups_hits_by_kind_with_labels_counts_and_facts(
    task, progress, project, supervisor
):
    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("core:search"), {"q": "甲县 县发改局"})
    html = page.content.decode()
    grouped = page.context["grouped"]
    assert [(group.kind, group.total) for group in grouped.groups] == [
        ("task", 1),
        ("progress", 1),
        ("project", 1),
    ]
    assert '<h2>任务 <span class="count">1</span></h2>' in html
    assert '<h2>重点项目 <span class="count">1</span></h2>' in html
    assert "牵头单位：县发改局" in html and "未启动" in html  # lead unit, status label
    assert "责任单位：县发改局" in html and "储备" in html  # unit, stage label
    assert f'href="{reverse("tasks:task_detail", args=[task.pk])}"' in html
    assert ">3 " in html  # the task's number before its title
    # Choosing a kind lists its hits, paged, with the kinds still offered.
    page = client.get(reverse("core:search"), {"q": "甲县 县发改局", "kind": "project"})
    assert [hit.kind for hit in page.context["result"].hits] == ["project"]
    assert "kind=task" in page.content.decode()


def test_search_rebuild_indexes_tasks_projects_and_progress(task, progress, project, supervisor):
    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("search_rebuild", stdout=out)
    assert "task: 1 indexed" in out.getvalue()
    assert "project: 1 indexed" in out.getvalue()
    assert "progress: 1 indexed" in out.getvalue()
    assert found(supervisor, "高标准农田", "task") == [f"task:{task.pk}"]
    assert found(supervisor, "用地指标") == [f"project:{project.pk}"]
