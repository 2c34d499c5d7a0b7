"""The pages: list with filters, rates and colours; one project; the forms units fill in;
permissions from both sides; the list guarded against N+1 queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from luoshi.core.models import ActionLog
from luoshi.projects import services
from luoshi.projects.models import MonthlyInvestment, ProblemState, Project, ProjectProblem
from luoshi.projects.stages import Stage

from .conftest import TODAY, YEAR, make_project, record

pytestmark = pytest.mark.django_db

LIST = reverse("projects:project_list")


def detail(project):
    return reverse("projects:project_detail", args=[project.pk])


def test_the_menu_shows_key_projects_to_those_who_may_read_them(
    client_for, supervisor, representative
):
    assert "重点项目" in client_for(supervisor).get("/").content.decode()
    assert "重点项目" not in client_for(representative).get("/").content.decode()
    assert client_for(representative).get(LIST).status_code == 403


def test_the_list_shows_figures_rates_and_lights(client_for, supervisor, project, liaison):
    services.stage_advance(
        actor=liaison, project=project, stage=Stage.STARTED, actual_on=date(YEAR, 3, 9), today=TODAY
    )
    record(liaison, project, 3, 1000)
    record(liaison, project, 12, 500, year_to_date=Decimal(4500))
    response = client_for(supervisor).get(LIST, {"year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert project.name in page
    assert "4500.00" in page  # year to date
    assert "75.0%" in page  # of the annual plan 6000
    rates = response.context["rates"]
    assert rates.start_rate == Decimal("100.0")
    assert rates.investment_rate == Decimal("75.0")
    assert rates.elapsed == Decimal("100.0")
    row = response.context["page"].rows[0]
    assert row.colours.start.colour == "green"
    assert row.colours.inclusion.colour == "red"  # started in March, never included


@freeze_time(TODAY)  # the lights are read as of the page's today
def test_filters_by_unit_category_stage_and_colour(client_for, supervisor, world, liaison):
    a = make_project(supervisor, world, name="甲项目", code="A")
    make_project(
        supervisor,
        world,
        name="乙项目",
        code="B",
        category="ecology",
        started_planned=date(2026, 12, 1),
    )
    services.stage_advance(
        actor=liaison, project=a, stage=Stage.STARTED, actual_on=date(YEAR, 3, 9), today=TODAY
    )
    client = client_for(supervisor)

    def names(**query):
        response = client.get(LIST, {"year": YEAR, **query})
        assert response.status_code == 200
        return [row.project.name for row in response.context["page"].rows]

    assert names() == ["甲项目", "乙项目"]
    assert names(category="ecology") == ["乙项目"]
    assert names(stage="started") == ["甲项目"]
    assert names(colour="red") == ["甲项目"]  # not included two months after the start
    assert names(colour="green") == ["乙项目"]  # due next year; no investment due
    assert names(unit=world.bureau.pk, q="乙") == ["乙项目"]
    response = client.get(LIST, {"year": YEAR, "colour": "purple"})
    refused = "选择一个有效的选项。 purple 不在可用的选项中。"
    assert response.context["choice"].problems == [refused]
    assert refused in response.content.decode()


def test_each_role_sees_only_its_projects(
    client_for, liaison, other_liaison, leader, project, other_project
):
    def listed(user):
        response = client_for(user).get(LIST, {"year": YEAR})
        return {row.project.name for row in response.context["page"].rows}

    assert listed(liaison) == {project.name}
    assert listed(other_liaison) == {other_project.name}
    assert listed(leader) == {project.name}  # the leader works for 甲县
    assert client_for(other_liaison).get(detail(project)).status_code == 403
    assert client_for(leader).get(detail(project)).status_code == 200


def test_the_list_takes_the_same_number_of_queries_for_5_or_25_projects(
    client_for, supervisor, world
):
    def add(count, start):
        for n in range(start, start + count):
            p = make_project(None, world, name=f"项目{n}", code=f"P{n}")
            record(None, p, 1, 10)
            services.problem_create(
                actor=None,
                project=p,
                data=services.ProblemInput(category="funds", description="资金", unit=world.bureau),
            )

    client = client_for(supervisor)
    add(5, 0)
    client.get(LIST, {"year": YEAR})  # warm caches (content types, sessions)

    def count_queries(**query):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST, {"year": YEAR, **query})
        return len(captured), response

    five, _ = count_queries()
    five_red, _ = count_queries(colour="red")
    add(20, 5)
    twenty_five, response = count_queries()
    twenty_five_red, red = count_queries(colour="red")
    assert len(response.context["page"].rows) == 25
    assert len(red.context["page"].rows) == 25  # due in March, never started
    assert twenty_five == five
    assert twenty_five_red == five_red


def test_the_list_pages(client_for, supervisor, world):
    for n in range(55):
        make_project(None, world, name=f"项目{n:02d}", code=f"P{n}")
    client = client_for(supervisor)
    first = client.get(LIST, {"year": YEAR})
    assert len(first.context["page"].rows) == 50
    second = client.get(LIST, {"year": YEAR, "page": 2})
    assert [r.project.name for r in second.context["page"].rows] == [
        f"项目{n}" for n in range(50, 55)
    ]
    assert client.get(LIST, {"year": YEAR, "page": 9}).status_code == 404


def test_the_detail_page_shows_stages_figures_inclusion_and_problems(
    client_for, supervisor, liaison, project, world
):
    services.stage_advance(
        actor=liaison, project=project, stage=Stage.STARTED, actual_on=date(YEAR, 3, 9), today=TODAY
    )
    record(liaison, project, 3, 800, planned=Decimal(1000))
    services.problem_create(
        actor=liaison,
        project=project,
        data=services.ProblemInput(
            category="utilities", description="施工用电未接入", unit=world.office
        ),
    )
    response = client_for(supervisor).get(detail(project))
    page = response.content.decode()
    assert response.status_code == 200
    assert "施工用电未接入" in page
    assert "2025-03-09" in page
    assert 'data-month="3"' in page
    assert "申报纳统" in page


def test_a_liaison_enters_monthly_investment_through_the_form(client_for, liaison, project):
    client = client_for(liaison)
    url = reverse("projects:investment_entry", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"month": 1, "completed": "300", "planned": "400"})
    assert response.status_code == 302
    response = client.post(url, {"month": 2, "completed": "200", "year_to_date": "600"})
    assert response.status_code == 400
    assert "年度累计应为1月累计 300.00 加本月完成 200.00" in response.content.decode()
    response = client.post(url, {"month": 2, "completed": "-1"})
    assert response.status_code == 400
    assert "金额不能为负数" in response.content.decode()
    assert list(MonthlyInvestment.objects.values_list("month", "year_to_date")) == [
        (1, Decimal(300))
    ]


def test_another_unit_cannot_open_or_post_the_forms(client_for, other_liaison, leader, project):
    for user in (other_liaison, leader):
        client = client_for(user)
        for name in ("investment_entry", "stage_update", "problem_create", "inclusion_report"):
            url = reverse(f"projects:{name}", args=[project.pk])
            assert client.get(url).status_code == 403
        assert (
            client.post(
                reverse("projects:investment_entry", args=[project.pk]),
                {"month": 1, "completed": "1"},
            ).status_code
            == 403
        )
    assert not MonthlyInvestment.objects.exists()


def test_stage_page_advances_and_refuses_reverting_without_reason(client_for, liaison, project):
    client = client_for(liaison)
    url = reverse("projects:stage_update", args=[project.pk])
    response = client.post(
        url, {"action": "advance", "stage": "started", "actual_on": "2025-03-09"}
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).stage == Stage.STARTED
    response = client.post(url, {"action": "revert", "stage": "reserve", "reason": ""})
    assert response.status_code == 400
    response = client.post(
        url, {"action": "advance", "stage": "completed", "actual_on": "2099-01-01"}
    )
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode()
    response = client.post(
        url, {"action": "plan", "completed_planned": "2025-12-31", "started_planned": "2025-03"}
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).completed_planned == date(2025, 12, 31)


def test_inclusion_report_review_accept_through_the_pages(
    client_for, liaison, unit_head, supervisor, project
):
    services.stage_advance(
        actor=liaison, project=project, stage=Stage.STARTED, actual_on=date(YEAR, 3, 9), today=TODAY
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(liaison).post(
        reverse("projects:inclusion_report", args=[project.pk]),
        {
            "note": "合同已签",
            "approval_document": SimpleUploadedFile("备案证.pdf", b"%PDF-1.4 test"),
        },
    )
    assert response.status_code == 302
    bad = client_for(liaison).post(
        reverse("projects:inclusion_report", args=[project.pk]),
        {"business_licence": SimpleUploadedFile("licence.exe", b"MZ")},
    )
    assert bad.status_code == 400
    decide = reverse("projects:inclusion_decide", args=[project.pk])
    client_for(unit_head).post(decide, {"decision": "review"})
    client_for(supervisor).post(decide, {"decision": "accept", "included_on": "2025-04-20"})
    assert Project.objects.get(pk=project.pk).included_actual == date(2025, 4, 20)
    download = client_for(unit_head).get(
        reverse("projects:evidence_download", args=[project.pk, "approval_document"])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_problems_through_the_pages(client_for, liaison, other_liaison, project, world):
    client = client_for(liaison)
    response = client.post(
        reverse("projects:problem_create", args=[project.pk]),
        {"category": "land", "description": "用地报批滞后", "unit": world.office.pk},
    )
    assert response.status_code == 302
    problem = ProjectProblem.objects.get()
    log_count = ActionLog.objects.count()
    client_for(other_liaison).post(
        reverse("projects:problem_step", args=[problem.pk, "resolve"]), {"text": "x"}
    )
    assert ProjectProblem.objects.get().state == ProblemState.OPEN
    assert ActionLog.objects.count() == log_count
    client.post(
        reverse("projects:problem_step", args=[problem.pk, "escalate"]), {"text": "需市级协调"}
    )
    client.post(reverse("projects:problem_step", args=[problem.pk, "resolve"]), {"text": "已办结"})
    problem.refresh_from_db()
    assert (problem.level, problem.state) == ("city", ProblemState.RESOLVED)


def test_the_office_adds_and_edits_projects_and_others_cannot(
    client_for, supervisor, liaison, world
):
    client = client_for(supervisor)
    new = reverse("projects:project_create")
    assert client.get(new).status_code == 200
    data = {
        "region": world.county.code,
        "year": YEAR,
        "name": "新建污水处理厂",
        "category": "ecology",
        "unit": world.bureau.pk,
        "total_investment": "8000",
        "annual_plan": "3000",
        "started_planned": "2025-05",
    }
    response = client.post(new, data)
    assert response.status_code == 302
    created = Project.objects.get(name="新建污水处理厂")
    assert created.started_planned == date(YEAR, 5, 1)
    response = client.post(new, {**data, "annual_plan": "9000"})
    assert response.status_code == 400
    assert "年度计划投资不能大于总投资" in response.content.decode()
    assert client_for(liaison).get(new).status_code == 403
    assert (
        client_for(liaison).get(reverse("projects:project_edit", args=[created.pk])).status_code
        == 403
    )
    edit = client.post(
        reverse("projects:project_edit", args=[created.pk]), {**data, "name": "污水处理厂（一期）"}
    )
    assert edit.status_code == 302
    assert Project.objects.filter(name="污水处理厂（一期）").exists()


def test_presets_page_edits_the_region_rules(client_for, supervisor, leader, world):
    url = reverse("projects:preset_edit")
    assert client_for(leader).get(url, {"region": world.county.code}).status_code == 200
    data = {
        "region": world.county.code,
        "start_red_months": 2,
        "inclusion_yellow_months": 1,
        "inclusion_red_months": 3,
        "investment_red_points": "20",
    }
    assert client_for(leader).post(url, data).status_code == 403
    assert client_for(supervisor).post(url, data).status_code == 302
    bad = client_for(supervisor).post(url, {**data, "inclusion_red_months": 0})
    assert bad.status_code == 400
    from luoshi.projects.models import ProjectPreset

    assert ProjectPreset.objects.get(region=world.county).start_red_months == 2


def test_every_page_opens_for_those_who_may_use_it(client_for, liaison, supervisor, project, world):
    liaison_client, office = client_for(liaison), client_for(supervisor)
    for name in ("investment_entry", "stage_update", "problem_create", "inclusion_report"):
        response = liaison_client.get(reverse(f"projects:{name}", args=[project.pk]))
        assert response.status_code == 200, name
    assert liaison_client.get(reverse("projects:investment_import")).status_code == 200
    template = liaison_client.get(reverse("projects:investment_template"), {"year": YEAR})
    assert template.status_code == 200
    assert office.get(reverse("projects:project_edit", args=[project.pk])).status_code == 200
    assert office.get(reverse("projects:preset_edit")).status_code == 200
    assert office.get(reverse("projects:project_create"), {"region": "930121"}).status_code == 200
    assert (
        office.get(reverse("projects:project_export"), {"year": YEAR, "region": "x"}).status_code
        == 400
    )
