"""GET /api/v1/search: the search box as JSON, with the same visibility as the page."""

import pytest

from luoshi.core.search import search_index_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(world):
    for number, public in ((1, True), (2, False)):
        search_index_upsert(
            kind="report",
            key=number,
            title=f"甲县报告{number}",
            body="大力发展苹果产业，建设冷链物流中心。",
            url=f"/reports/{number}/",
            region=world.county,
            year=2026,
            state="adopted",
            is_public=public,
        )


def test_the_api_finds_public_entries_for_a_liaison_and_all_for_staff(
    client_for, liaison, supervisor, entries
):
    body = client_for(liaison).get("/api/v1/search", {"q": "苹果"}).json()
    assert body["count"] == 1
    hit = body["items"][0]
    assert hit["title"] == "甲县报告1" and hit["kind_label"] == "政府工作报告"
    assert "苹果产业" in hit["snippet"] and hit["state_label"] == "已通过"
    staff = client_for(supervisor).get("/api/v1/search", {"q": "苹果", "year": 2026}).json()
    assert staff["count"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "苹果", "kind": "nonsense"},
        {"q": "苹果", "region": "abc"},
        {"q": "苹果", "page_size": 1000},
    ],
)
def test_bad_search_parameters_are_422_with_a_message(client_for, liaison, entries, params):
    response = client_for(liaison).get("/api/v1/search", params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_api_search_needs_a_signed_in_user(client, entries):
    assert client.get("/api/v1/search", {"q": "苹果"}).status_code == 401
