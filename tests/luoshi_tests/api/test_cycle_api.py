"""Reports, indicators and imports through the API: reads, writes, permissions, bad input."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from luoshi.core.models import ActionLog
from luoshi.imports.models import ImportBatch
from luoshi.indicators.models import Observation, Target
from luoshi.reports.models import ReportVersion, WorkReport

pytestmark = pytest.mark.django_db

TEXT = "一、回顾\n地区生产总值增长6.1%。\n二、目标\n地区生产总值增长6%左右。"


@pytest.fixture
def sup(client_for, supervisor) -> Client:
    return client_for(supervisor)


@pytest.fixture
def report_id(sup, world) -> int:
    response = sup.post(
        "/api/v1/reports", {"region": "930121", "year": 2025}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_openapi_lists_the_cycle_endpoints(client):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/reports",
        "/api/v1/reports/{report_id}/versions",
        "/api/v1/reports/{report_id}/diff",
        "/api/v1/indicators",
        "/api/v1/targets",
        "/api/v1/observations",
        "/api/v1/indicator-table",
        "/api/v1/imports",
        "/api/v1/imports/{batch_id}/items",
        "/api/v1/imports/{batch_id}/commit",
    } <= paths


def test_report_versions_diff_and_publish(sup, report_id):
    first = sup.post(
        f"/api/v1/reports/{report_id}/versions",
        {"kind": "draft", "text": TEXT},
        content_type="application/json",
    )
    assert first.status_code == 201
    body = first.json()
    assert [s["title"] for s in body["sections"]] == ["回顾", "目标"]
    anchors = [p["anchor"] for p in body["paragraphs"]]
    second = sup.post(
        f"/api/v1/reports/{report_id}/versions",
        {
            "kind": "revised",
            "blocks": [
                {"kind": "heading", "text": "回顾", "number": "一", "level": 1},
                {"kind": "paragraph", "text": "地区生产总值增长6.1%，居全市第2位。"},
                {"kind": "paragraph", "text": "地区生产总值增长6%左右。"},
            ],
        },
        content_type="application/json",
    ).json()
    assert [p["anchor"] for p in second["paragraphs"]] == anchors
    diff = sup.get(f"/api/v1/reports/{report_id}/diff", {"from": 1, "to": 2}).json()
    assert [c["kind"] for c in diff] == ["changed", "unchanged"]
    published = sup.post(f"/api/v1/reports/{report_id}/versions/1/publish")
    assert published.status_code == 200 and published.json()["published_at"]
    assert sup.get(f"/api/v1/reports/{report_id}").json()["status"] == "consulting"
    again = sup.post(f"/api/v1/reports/{report_id}/versions/1/publish")
    assert again.status_code == 422 and "已经发布" in again.json()["detail"] + str(
        again.json().get("errors")
    )


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"kind": "draft"}, 422),
        ({"kind": "draft", "text": TEXT, "blocks": []}, 422),
        ({"kind": "final", "text": TEXT}, 422),
        ({"kind": "draft", "text": "一、只有标题"}, 422),
        ({"kind": "draft", "blocks": [{"kind": "picture", "text": "x"}]}, 422),
    ],
)
def test_bad_versions_are_refused_and_nothing_is_stored(sup, report_id, payload, status):
    response = sup.post(
        f"/api/v1/reports/{report_id}/versions", payload, content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["detail"]
    assert not ReportVersion.objects.exists()


def test_duplicate_or_unknown_region_report(sup, report_id):
    duplicate = sup.post(
        "/api/v1/reports", {"region": "930121", "year": 2025}, content_type="application/json"
    )
    assert duplicate.status_code == 409
    unknown = sup.post(
        "/api/v1/reports", {"region": "999999", "year": 2025}, content_type="application/json"
    )
    assert unknown.status_code == 404
    assert WorkReport.objects.count() == 1


def test_a_liaison_reads_but_cannot_write(client_for, liaison, sup, report_id):
    client = client_for(liaison)
    assert client.get("/api/v1/reports").json()["count"] == 1
    for method, url, payload in [
        ("post", "/api/v1/reports", {"region": "930121", "year": 2026}),
        ("post", f"/api/v1/reports/{report_id}/versions", {"kind": "draft", "text": TEXT}),
        (
            "put",
            "/api/v1/targets",
            {
                "region": "930121",
                "year": 2025,
                "indicator": "gdp",
                "measure": "growth",
                "low": "6",
                "qualifier": "about",
            },
        ),
        (
            "put",
            "/api/v1/observations",
            {"region": "930121", "indicator": "GDP", "year": 2024, "growth": "6.1"},
        ),
        ("post", "/api/v1/indicators", {"code": "apple", "name": "苹果产量"}),
    ]:
        response = getattr(client, method)(url, payload, content_type="application/json")
        assert response.status_code == 403, (url, response.content)
    assert (
        WorkReport.objects.count(),
        ReportVersion.objects.count(),
        Target.objects.count(),
        Observation.objects.count(),
    ) == (1, 0, 0, 0)


def test_targets_observations_and_the_table(sup, world):
    target = sup.put(
        "/api/v1/targets",
        {
            "region": "930121",
            "year": 2025,
            "indicator": "GDP",
            "measure": "growth",
            "low": "6",
            "qualifier": "about",
        },
        content_type="application/json",
    )
    assert target.status_code == 200, target.content
    assert target.json()["wording"] == "6%左右" and target.json()["indicator"] == "gdp"
    observation = sup.put(
        "/api/v1/observations",
        {
            "region": "930121",
            "indicator": "地区生产总值",
            "year": 2025,
            "period_kind": "month",
            "period_index": 11,
            "value": "48.2",
            "growth": "6.4",
            "stated_ranks": [{"scope": "全市", "rank": 2, "change": 1}],
        },
        content_type="application/json",
    )
    assert observation.status_code == 200, observation.content
    assert observation.json()["period"] == "2025年1–11月"
    rows = sup.get(
        "/api/v1/indicator-table",
        {"region": "930121", "year": 2025, "period_kind": "month", "period_index": 11},
    ).json()
    gdp = next(r for r in rows if r["indicator"] == "gdp")
    assert gdp["status"] == "on_track" and gdp["colour"] == "green"
    assert gdp["elapsed"] == 91.7  # a JSON number
    assert gdp["stated_ranks"] == [{"scope": "全市", "rank": 2, "change": 1}]
    listed = sup.get("/api/v1/observations", {"region": "930121", "indicator": "gdp"}).json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"indicator": "不存在的指标", "measure": "growth", "low": "6"}, 404),
        ({"indicator": "gdp", "measure": "growth", "low": "abc"}, 422),
        (
            {
                "indicator": "gdp",
                "measure": "growth",
                "low": "7",
                "high": "5",
                "qualifier": "range",
            },
            422,
        ),
        ({"indicator": "gdp", "measure": "speed", "low": "6"}, 422),
        ({"indicator": "gdp", "measure": "growth", "qualifier": "at_least"}, 422),
    ],
)
def test_bad_targets_are_refused(sup, world, payload, status):
    response = sup.put(
        "/api/v1/targets",
        {"region": "930121", "year": 2025, **payload},
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    assert not Target.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_import_through_the_api(client_for, seeds_dir):
    from luoshi.accounts.models import Role
    from luoshi.core.models import RegionLevel
    from luoshi_tests.conftest import user_with_role
    from luoshi_tests.factories import RegionFactory, UnitFactory

    province = RegionFactory(code="140000", name="山西省", level=RegionLevel.PROVINCE)
    city = RegionFactory(code="141000", name="临汾市", level=RegionLevel.CITY, parent=province)
    jixian = RegionFactory(code="141028", name="吉县", parent=city)
    client = client_for(user_with_role("jx", UnitFactory(region=jixian), Role.SUPERVISOR))
    seed = next(seeds_dir.glob("003_*.txt"))
    with seed.open("rb") as handle:
        upload = client.post("/api/v1/imports", {"file": handle})
    assert upload.status_code == 201, upload.content
    batch_id = upload.json()["id"]
    with seed.open("rb") as handle:
        again = client.post("/api/v1/imports", {"file": handle})
    assert again.status_code == 200 and again.json()["duplicate"] is True
    call_command("worker", burst=True)
    status = client.get(f"/api/v1/imports/{batch_id}").json()
    assert (status["status"], status["region_code"], status["year"]) == ("review", "141028", 2024)
    items = client.get(f"/api/v1/imports/{batch_id}/items").json()
    flagged = [i for i in items if i["problem"]]
    assert flagged and all(i["kind"] in ("indicator", "target") for i in flagged)
    bad = client.post(
        f"/api/v1/imports/{batch_id}/items/{items[0]['id']}",
        {"decision": "maybe"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert client.post(f"/api/v1/imports/{batch_id}/accept-pending").json()["accepted"] > 20
    committed = client.post(f"/api/v1/imports/{batch_id}/commit").json()
    assert committed["targets"] >= 6 and committed["observations"] >= 8
    assert WorkReport.objects.get(pk=committed["report_id"]).region == jixian
    assert ImportBatch.objects.get().status == "committed"
    assert ActionLog.objects.filter(verb="import.committed").exists()


def test_a_target_is_allocated_to_a_county_of_the_city(client_for, world):
    from luoshi.accounts.models import Role
    from luoshi_tests.conftest import user_with_role
    from luoshi_tests.factories import UnitFactory

    city_sup = client_for(
        user_with_role("city_sup", UnitFactory(region=world.city), Role.SUPERVISOR)
    )
    target = city_sup.put(
        "/api/v1/targets",
        {
            "region": "930100",
            "year": 2025,
            "indicator": "gdp",
            "measure": "growth",
            "low": "6",
            "qualifier": "about",
        },
        content_type="application/json",
    ).json()
    ok = city_sup.put(
        f"/api/v1/targets/{target['id']}/allocations",
        {"region": "930121", "low": "6.5", "note": "高于全市"},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    wrong = city_sup.put(
        f"/api/v1/targets/{target['id']}/allocations",
        {"region": "930000", "low": "6"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "直接下级" in str(wrong.json())
    listed = city_sup.get(f"/api/v1/targets/{target['id']}/allocations").json()
    assert [(a["region_code"], a["low"]) for a in listed] == [("930121", 6.5)]


def test_lists_use_a_fixed_number_of_queries(sup, world, django_assert_max_num_queries):
    from luoshi.indicators.models import Indicator
    from luoshi.indicators.services import RankInput, observation_record, target_set
    from luoshi.reports.services import report_create
    from luoshi_tests.factories import RegionFactory

    for n, indicator in enumerate(Indicator.objects.all()[:12]):
        region = RegionFactory(code=f"9305{n:02d}", name=f"己县{n}", parent=world.city)
        report_create(actor=None, region=region, year=2025)
        target_set(
            actor=None,
            region=region,
            year=2025,
            indicator=indicator,
            measure="growth",
            low=Decimal(5),
            high=None,
            qualifier="at_least",
        )
        observation_record(
            actor=None,
            region=region,
            indicator=indicator,
            year=2024,
            growth=Decimal(4),
            ranks=[RankInput("全市", 1, 0)],
        )
    sup.get("/api/v1/me")
    for url in ("/api/v1/reports", "/api/v1/targets", "/api/v1/observations", "/api/v1/indicators"):
        with django_assert_max_num_queries(8):
            response = sup.get(url)
        assert response.status_code == 200, url
