"""The REST API at /api/v1: auth, filters, pagination, and every kind of bad input."""

import pytest
from django.test import Client
from django.utils import timezone

from luoshi.accounts.services import api_token_create, api_token_revoke
from luoshi.reports.models import WorkReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client_for, liaison) -> Client:
    return client_for(liaison)


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_me_over_a_session(api, liaison):
    response = api.get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == liaison.username
    assert body["memberships"] == [
        {
            "role": "liaison",
            "role_label": "联络员",
            "unit_id": liaison.memberships.get().unit_id,
            "unit_name": "甲县发展和改革局",
            "region_code": "930121",
            "region_name": "甲县",
        }
    ]


def test_me_over_a_token_and_the_token_stops_working_when_revoked(client, liaison):
    token, key = api_token_create(actor=liaison, user=liaison, name="对接")
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 200
    assert response.json()["username"] == liaison.username
    token.refresh_from_db()
    assert token.last_used_at is not None

    api_token_revoke(actor=liaison, token=token)
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_an_expired_token_or_an_inactive_user_is_refused(client, liaison):
    token, key = api_token_create(actor=liaison, user=liaison, name="对接")
    token.expires_at = timezone.now() - timezone.timedelta(seconds=1)
    token.save()
    assert client.get("/api/v1/me", **bearer(key)).status_code == 401

    _other, key2 = api_token_create(actor=liaison, user=liaison, name="对接2")
    liaison.is_active = False
    liaison.save()
    assert client.get("/api/v1/me", **bearer(key2)).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer ", "Token ls_x", "Bearer " + "x" * 5000]
)
def test_malformed_credentials_get_401_json(client, world, header):
    response = client.get("/api/v1/regions", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_anonymous_requests_get_401(client, world):
    for url in (
        "/api/v1/me",
        "/api/v1/regions",
        "/api/v1/regions/930121",
        "/api/v1/units",
        "/api/v1/units/1",
    ):
        assert client.get(url).status_code == 401, url


def test_regions_filter_by_level_parent_and_name(api, world):
    body = api.get("/api/v1/regions", {"level": "county"}).json()
    assert [r["code"] for r in body["items"]] == ["930121", "930122"]
    assert body["items"][0]["level_label"] == "县级"
    assert body["items"][0]["parent_code"] == "930100"

    body = api.get("/api/v1/regions", {"parent": "930000"}).json()
    assert [r["name"] for r in body["items"]] == ["测试市"]
    assert body["items"][0]["child_count"] == 2

    body = api.get("/api/v1/regions", {"q": "乙"}).json()
    assert [r["code"] for r in body["items"]] == ["930122"]


def test_region_detail_has_its_ancestors(api, world):
    body = api.get("/api/v1/regions/930121").json()
    assert body["name"] == "甲县"
    assert [a["name"] for a in body["ancestors"]] == ["测试省", "测试市"]
    assert body["unit_count"] == 2


def test_units_filter_by_region_with_or_without_subregions(api, world):
    own = api.get("/api/v1/units", {"region": "930121"}).json()
    assert {u["name"] for u in own["items"]} == {"甲县人民政府办公室", "甲县发展和改革局"}
    city_only = api.get("/api/v1/units", {"region": "930100"}).json()
    assert city_only["count"] == 0
    whole_city = api.get("/api/v1/units", {"region": "930100", "include_subregions": "true"}).json()
    assert whole_city["count"] == 3
    found = api.get("/api/v1/units", {"q": "发改"}).json()
    assert [u["short_name"] for u in found["items"]] == ["县发改局"]


def test_unit_detail(api, world):
    body = api.get(f"/api/v1/units/{world.bureau.pk}").json()
    assert body["name"] == "甲县发展和改革局"
    assert [r["name"] for r in body["region_path"]] == ["测试省", "测试市", "甲县"]


def test_pagination_reports_counts_and_pages(api, world):
    body = api.get("/api/v1/regions", {"page_size": 2}).json()
    assert (body["count"], body["pages"], body["page"], len(body["items"])) == (4, 2, 1, 2)
    body = api.get("/api/v1/regions", {"page_size": 2, "page": 2}).json()
    assert len(body["items"]) == 2


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/regions", {"page_size": 10_000}, "page_size"),
        ("/api/v1/regions", {"page_size": 0}, "page_size"),
        ("/api/v1/regions", {"page": -1}, "page"),
        ("/api/v1/regions", {"page": "abc"}, "page"),
        ("/api/v1/regions", {"level": "galaxy"}, "level"),
        ("/api/v1/regions", {"parent": "12"}, "parent"),
        ("/api/v1/regions", {"q": "长" * 100}, "q"),
        ("/api/v1/units", {"region": "abc"}, "region"),
        ("/api/v1/units", {"include_subregions": "maybe"}, "include_subregions"),
        ("/api/v1/units", {"kind": "bank"}, "kind"),
    ],
)
def test_bad_query_parameters_get_422_naming_the_field(api, world, url, params, field):
    response = api.get(url, params)
    assert response.status_code == 422
    body = response.json()
    assert "请求参数有误" in body["detail"]
    assert field in body["detail"]
    assert any(error["field"].endswith(field) for error in body["errors"])


def test_wrong_id_type_gets_422(api, world):
    response = api.get("/api/v1/units/not-a-number")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("unit_id")


def test_unknown_ids_get_404_with_a_message(api, world):
    response = api.get("/api/v1/units/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]
    response = api.get("/api/v1/regions/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_a_page_past_the_end_gets_404(api, world):
    response = api.get("/api/v1/regions", {"page": 99})
    assert response.status_code == 404
    assert "共 1 页" in response.json()["detail"]


def test_unknown_api_paths_answer_in_json(api):
    response = api.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("没有这个接口")


def test_writes_over_a_session_need_the_csrf_token(world, supervisor):
    """More in test_token_writes.py: with the token it succeeds, and a token needs none."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    response = client.post(
        "/api/v1/reports", {"region": "930121", "year": 2025}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not WorkReport.objects.exists()


def test_openapi_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {
        "/api/v1/me",
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
    } <= set(paths)
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle" in docs
    assert "https://" not in docs and "http://" not in docs


def test_list_queries_do_not_grow_with_the_number_of_rows(
    api, world, django_assert_max_num_queries
):
    from luoshi_tests.factories import RegionFactory, UnitFactory

    for n in range(30):
        region = RegionFactory(code=f"9302{n:02d}", name=f"丙县{n}", parent=world.city)
        UnitFactory(region=region, name=f"丙县{n}局")
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/regions", {"page_size": 100}).status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/units", {"page_size": 100}).json()["count"] == 33


def test_a_wrong_method_gets_405_json_naming_the_allowed_ones(api, world):
    response = api.delete("/api/v1/me")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "DELETE" in response.json()["detail"]


def test_an_unexpected_error_is_a_500_json_without_a_traceback(api, world, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("luoshi.core.selectors.unit_list", explode)
    response = api.get("/api/v1/units")
    assert response.status_code == 500
    assert "可能没有完成" in response.json()["detail"]
    assert "secret internals" not in response.content.decode()
