"""The projects API: list with filters and pages, detail, create/update, monthly investment,
stages, problems, 纳统 and rates — allowed and denied, bad input refused with nothing changed."""

from datetime import date
from decimal import Decimal

import pytest

from luoshi.core.models import ActionLog
from luoshi.projects.models import MonthlyInvestment, Project, ProjectProblem

from .conftest import YEAR, make_project

pytestmark = pytest.mark.django_db

API = "/api/v1"


def post(client, url, data, method="post"):
    return getattr(client, method)(f"{API}{url}", data, content_type="application/json")


def test_openapi_lists_the_project_endpoints(client):
    paths = set(client.get(f"{API}/openapi.json").json()["paths"])
    assert {
        f"{API}/projects",
        f"{API}/projects/{{project_id}}",
        f"{API}/projects/{{project_id}}/investments/{{month}}",
        f"{API}/projects/{{project_id}}/stages",
        f"{API}/projects/{{project_id}}/problems",
        f"{API}/project-problems/{{problem_id}}/{{step}}",
        f"{API}/project-rates",
    } <= paths


def test_list_and_detail(client_for, liaison, project, other_project):
    client = client_for(liaison)
    body = client.get(f"{API}/projects", {"year": YEAR}).json()
    assert body["count"] == 1 and body["pages"] == 1
    item = body["items"][0]
    assert item["name"] == project.name and item["unit_name"] == "甲县发展和改革局"
    assert item["lights"]["start"]["colour"] == "red"  # due March 2025, never started
    assert item["stage"] == "reserve" and item["statistics_eligible"] is True
    detail = client.get(f"{API}/projects/{project.pk}").json()
    assert [s["stage"] for s in detail["stages"]] == [
        "signed",
        "approved",
        "started",
        "included",
        "completed",
        "operating",
    ]
    assert client.get(f"{API}/projects/{other_project.pk}").status_code == 403
    assert client.get(f"{API}/projects/999999").status_code == 404
    assert client.get(f"{API}/projects", {"year": YEAR, "page_size": 500}).status_code == 422
    assert client.get(f"{API}/projects", {"year": YEAR, "colour": "blue"}).status_code == 422
    assert client.get(f"{API}/projects", {"year": YEAR, "page": 3}).status_code == 404


def test_list_guards_against_n_plus_1(client_for, supervisor, world, django_assert_max_num_queries):
    for n in range(30):
        make_project(None, world, name=f"项目{n}", code=f"P{n}")
    client = client_for(supervisor)
    client.get(f"{API}/projects", {"year": YEAR})
    with django_assert_max_num_queries(8):
        body = client.get(f"{API}/projects", {"year": YEAR, "page_size": 30}).json()
    assert len(body["items"]) == 30


def test_the_office_creates_and_updates_others_are_refused(client_for, supervisor, liaison, world):
    data = {
        "region": "930121",
        "year": YEAR,
        "name": "县医院门诊楼",
        "unit_id": world.bureau.pk,
        "total_investment": "9000",
        "annual_plan": "4000",
        "category": "livelihood",
        "started_planned": "2025-04-18",
    }
    denied = post(client_for(liaison), "/projects", data)
    assert denied.status_code == 403 and denied.json()["detail"]
    assert not Project.objects.exists()
    created = post(client_for(supervisor), "/projects", data)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["started_planned"] == "2025-04-01"
    bad = post(
        client_for(supervisor), "/projects", {**data, "name": "另一个", "annual_plan": "10000"}
    )
    assert bad.status_code == 422
    assert "年度计划投资不能大于总投资" in str(bad.json()["errors"])
    negative = post(
        client_for(supervisor), "/projects", {**data, "name": "再一个", "total_investment": "-1"}
    )
    assert negative.status_code == 422
    updated = post(
        client_for(supervisor),
        f"/projects/{body['id']}",
        {"annual_plan": "4500", "leader": "李某"},
        "patch",
    )
    assert updated.status_code == 200
    assert updated.json()["annual_plan"] == 4500 and updated.json()["leader"] == "李某"
    assert (
        post(
            client_for(liaison), f"/projects/{body['id']}", {"leader": "张某"}, "patch"
        ).status_code
        == 403
    )
    assert Project.objects.get().leader == "李某"


def test_monthly_investment_through_the_api(client_for, liaison, other_liaison, project):
    client = client_for(liaison)
    first = post(
        client,
        f"/projects/{project.pk}/investments/1",
        {"completed": "100", "planned": "150"},
        "put",
    )
    assert first.status_code == 200
    assert first.json()["year_to_date"] == 100
    second = post(client, f"/projects/{project.pk}/investments/2", {"completed": "50"}, "put")
    assert second.json()["year_to_date"] == 150
    assert second.json()["share_of_plan"] == 2.5
    log_count = ActionLog.objects.count()
    negative = post(client, f"/projects/{project.pk}/investments/3", {"completed": "-5"}, "put")
    assert negative.status_code == 422
    assert "不能为负数" in str(negative.json()["errors"])
    wrong = post(
        client,
        f"/projects/{project.pk}/investments/3",
        {"completed": "5", "year_to_date": "1"},
        "put",
    )
    assert wrong.status_code == 422
    bad_month = post(client, f"/projects/{project.pk}/investments/13", {"completed": "5"}, "put")
    assert bad_month.status_code == 422
    denied = post(
        client_for(other_liaison),
        f"/projects/{project.pk}/investments/3",
        {"completed": "5"},
        "put",
    )
    assert denied.status_code == 403
    assert MonthlyInvestment.objects.count() == 2
    assert ActionLog.objects.count() == log_count


def test_stages_problems_and_inclusion_through_the_api(
    client_for, liaison, unit_head, supervisor, project, world
):
    client = client_for(liaison)
    advanced = post(
        client,
        f"/projects/{project.pk}/stages",
        {"action": "advance", "stage": "started", "date": "2025-03-09"},
    )
    assert advanced.status_code == 200 and advanced.json()["stage"] == "started"
    future = post(
        client,
        f"/projects/{project.pk}/stages",
        {"action": "advance", "stage": "completed", "date": "2099-01-01"},
    )
    assert future.status_code == 422
    revert = post(
        client, f"/projects/{project.pk}/stages", {"action": "revert", "stage": "reserve"}
    )
    assert revert.status_code == 422
    problem = post(
        client,
        f"/projects/{project.pk}/problems",
        {
            "category": "labour",
            "description": "技术工人短缺",
            "unit_id": world.office.pk,
            "deadline": "2025-06-30",
        },
    )
    assert problem.status_code == 201
    problem_id = problem.json()["id"]
    escalated = post(client, f"/project-problems/{problem_id}/escalate", {"text": "请市人社局协调"})
    assert escalated.json()["level"] == "city"
    assert escalated.json()["escalations"][0]["note"] == "请市人社局协调"
    resolved = post(client, f"/project-problems/{problem_id}/resolve", {"text": "已招聘到位"})
    assert resolved.json()["state"] == "resolved"
    assert post(client, f"/project-problems/{problem_id}/fly", {"text": "x"}).status_code == 422
    reported = post(client, f"/projects/{project.pk}/inclusion", {"note": "申报"})
    assert reported.status_code == 201
    assert post(client, f"/projects/{project.pk}/inclusion/review", {}).status_code == 403
    assert (
        post(client_for(unit_head), f"/projects/{project.pk}/inclusion/review", {}).status_code
        == 200
    )
    accepted = post(
        client_for(supervisor),
        f"/projects/{project.pk}/inclusion/accept",
        {"included_on": "2025-04-20"},
    )
    assert accepted.json()["state"] == "accepted"
    assert Project.objects.get().included_actual == date(2025, 4, 20)
    assert ProjectProblem.objects.get().state == "resolved"


def test_rates_endpoint(client_for, supervisor, liaison, leader, project):
    url = f"{API}/project-rates"
    # The leader works for 甲县: its rates yes, the city's no.
    assert client_for(leader).get(url, {"region": "930100", "year": YEAR}).status_code == 403
    response = client_for(leader).get(
        url, {"region": "930121", "year": YEAR, "as_of": "2025-06-30", "group_by": "category"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["elapsed"] == 50
    assert body["total"]["due_to_start"] == 1 and body["total"]["start_rate"] == 0
    assert [g["label"] for g in body["groups"]] == ["产业"]
    assert client_for(liaison).get(url, {"region": "930121", "year": YEAR}).status_code == 403
    assert client_for(supervisor).get(url, {"region": "999999", "year": YEAR}).status_code == 404
    assert (
        client_for(supervisor)
        .get(url, {"region": "930121", "year": YEAR, "group_by": "x"})
        .status_code
        == 422
    )
    assert Decimal(body["total"]["annual_plan"]) == Decimal(6000)
