"""The permission matrix, generated from the API's own list of operations × every role.

A list once showed a liaison 24 progress reports of 7 other units, with their full text, while
the detail refused them. Lists, nested lists, exports and search must give each user exactly
what the detail lets that user open. This test walks every GET operation the API mounts, so a
new endpoint is in the matrix the day it is added: paired with its detail, or named below with
the reason it has none — else the test fails and asks for the decision.

On the demo (one county, its office, three bureaus, a leader, a deputy) plus an office of a
neighbouring county, for every role and nobody signed in:
- list ⊆ detail: every item a list gives, the user can open by its detail operation;
- nested list ⇒ parent: a list under an object (/reports/{id}/versions) answers only to a
  user who may open that object;
- export = list: an export holds as many rows as the list it mirrors;
- search ⊆ pages: every hit's address opens for the user who searched;
- nobody signed in gets 401 from every operation that is not declared public.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from io import BytesIO, StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from luoshi.accounts.models import Role, User
from luoshi.api.urls import api
from luoshi.core.models import Region, Unit
from luoshi.demo import dataset
from luoshi.demo.cycle import load_cycle
from luoshi.demo.engagement_data import load_engagement
from luoshi.demo.implementation_data import YEAR as DEMO_YEAR
from luoshi.demo.implementation_data import load_implementation
from luoshi.demo.services import demo_load
from luoshi.demo.study_tour_data import load_study_tours
from luoshi_tests.conftest import user_with_role

pytestmark = pytest.mark.django_db

API = "/api/v1"
PARAM = re.compile(r"\{(?:\w+:)?(\w+)\}")
SAMPLE = 40  # items of each list whose detail is opened, spread over the list

# Collections without a detail operation of their own, and why that is right.
NO_DETAIL = {
    "/me": "the caller's own account",
    "/dashboard": "the leader's overview, computed over the caller's own scope",
    "/indicators": "the shared indicator catalogue, the same for everyone",
    "/targets": "rows of a region's table, read only in place (filtered by region scope)",
    "/observations": "rows of a region's table, read only in place",
    "/indicator-table": "a computed table, no items",
    "/comparison": "a computed comparison of published figures across regions, no items",
    "/project-rates": "computed rates, no items",
    "/ranking": "computed ranking, no items",
    "/appeal-rates": "computed rates of the caller's regions, no items",
    "/appeal-hotspots": "computed hotspots of the caller's regions, no items",
    "/notifications": "the caller's own messages",
    "/referrals": "read in place on the meeting and the task",
    "/notices/plan": "a preview of notices not yet sent",
    "/search": "checked below: every hit's page must open",
    "/tasks/export": "checked below against /tasks",
}
# Operations that answer without signing in (the public portal and consultation).
PUBLIC = re.compile(r"^/(consultations|open-data)/")
EXPORTS = {"/tasks/export": "/tasks"}


def get_operations() -> list[str]:
    """Every GET path the API mounts, as written in its router ({param} placeholders)."""
    found = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            if any("GET" in operation.methods for operation in path_view.operations):
                found.add((prefix.rstrip("/") + path).replace("//", "/"))
    return sorted(found)


def params(path: str) -> list[str]:
    return PARAM.findall(path)


def plain(path: str) -> str:
    return PARAM.sub("{}", path)


@pytest.fixture
def roles(db) -> dict[str, Client | None]:
    """The demo's users by role, an office of another county, and nobody signed in."""
    demo_load()
    load_cycle()
    load_engagement()
    load_implementation()
    load_study_tours()  # cooperation items of three units, deputies' suggestions in handling
    call_command("search_rebuild", stdout=StringIO())
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    neighbour = Region.objects.filter(parent=county.parent).exclude(pk=county.pk).first()
    office = Unit.objects.create(region=neighbour, name=f"{neighbour.name}人民政府办公室")
    outsider = user_with_role("neighbour_office", office, Role.SUPERVISOR)
    users = {user.username: user for user in User.objects.filter(is_active=True)}
    users["neighbour_office"] = outsider
    clients: dict[str, Client | None] = {}
    for name, user in users.items():
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        clients[name] = client
    clients["anonymous"] = None
    return clients


def fetch(client: Client | None, url: str, **query: Any) -> Any:
    """GET as `client`; a list that requires a filter (a year, a region) is asked again with
    the demo's, as a user would pick them."""
    response = (client or Client()).get(url, query)
    if response.status_code == 422:
        required = {
            error["field"].removeprefix("query.")
            for error in response.json().get("errors", [])
            if error.get("type") == "missing"
        }
        defaults = {"year": DEMO_YEAR, "region": dataset.DEMO_COUNTY_CODE}
        if required and required <= set(defaults):
            chosen = {key: defaults[key] for key in required}
            response = (client or Client()).get(url, {**query, **chosen})
    return response


def items_of(response: Any) -> list[dict[str, Any]]:
    body = response.json()
    return body["items"] if isinstance(body, dict) and "items" in body else body


def spread(items: list[Any]) -> Iterator[Any]:
    step = max(1, len(items) // SAMPLE)
    yield from items[::step][:SAMPLE]


def test_every_get_operation_is_in_the_matrix():
    operations = get_operations()
    templates = {plain(path) for path in operations}
    unpaired = [
        path
        for path in operations
        if not params(path)
        and plain(path) + "/{}" not in templates
        and path not in NO_DETAIL
        and not PUBLIC.search(path)
    ]
    assert not unpaired, f"GET operations with no detail and no stated reason: {unpaired}"
    assert len(operations) >= 40
    assert {path for path in operations if "export" in path} <= set(EXPORTS)


def test_nobody_signed_in_gets_anything_but_the_public_operations(db):
    for path in get_operations():
        if PUBLIC.search(path):
            continue
        response = Client().get(API + PARAM.sub("1", path))
        assert response.status_code == 401, (path, response.status_code)


def test_each_role_lists_only_what_it_may_open(roles):
    operations = get_operations()
    by_template = {plain(path): path for path in operations}
    checked = 0
    for path in operations:
        if params(path) or PUBLIC.search(path) or path in NO_DETAIL:
            continue
        detail = by_template[plain(path) + "/{}"]
        key = "code" if params(detail)[0] == "code" else "id"
        opened = cache(lambda client, value, d=detail: _status(client, d, value))
        for name, client in roles.items():
            response = fetch(client, API + path, page_size=200)
            if client is None:
                assert response.status_code == 401, path
                continue
            if response.status_code in (403, 404):
                continue  # the role may not list these at all
            assert response.status_code == 200, (path, name, response.content[:300])
            for item in spread(items_of(response)):
                status = opened(client, item[key])
                assert status == 200, f"{name} lists {path} item {item[key]} but gets {status}"
                checked += 1
    assert checked > 200


def _status(client: Client, detail: str, value: Any) -> int:
    return client.get(API + PARAM.sub(str(value), detail)).status_code


def test_a_nested_list_answers_only_to_who_may_open_its_parent(roles):
    operations = get_operations()
    templates = {plain(path): path for path in operations}
    office = roles["duchayuan"]
    checked = 0
    for path in operations:
        names = params(path)
        if len(names) != 1 or path.endswith("}") or PUBLIC.search(path):
            continue
        parent = templates.get(plain(path).split("{}")[0] + "{}")
        collection = plain(path).split("/{}")[0]
        if parent is None or collection not in templates:
            continue
        listed = fetch(office, API + templates[collection], page_size=200)
        if listed.status_code != 200:
            continue
        key = "code" if names[0] == "code" else "id"
        for item in list(spread(items_of(listed)))[:5]:
            parent_url = API + PARAM.sub(str(item[key]), parent)
            nested_url = API + PARAM.sub(str(item[key]), path)
            for name, client in roles.items():
                nested = fetch(client, nested_url).status_code
                if nested == 200:
                    assert fetch(client, parent_url).status_code == 200, (name, nested_url)
                checked += 1
    assert checked > 50


def test_an_export_holds_what_its_list_holds_for_every_role(roles):
    for export, listing in EXPORTS.items():
        for name, client in roles.items():
            exported = fetch(client, API + export)
            listed = fetch(client, API + listing, page_size=200)
            if client is None:
                assert exported.status_code == listed.status_code == 401
                continue
            if listed.status_code != 200:
                assert exported.status_code != 200, (name, export)
                continue
            assert exported.status_code == 200, (name, export)
            count = listed.json()["count"]
            assert _data_rows(exported.content) == count, (name, export, count)


def _data_rows(content: bytes) -> int:
    """Rows of an exported table: those below the header whose first cell holds a 序号."""
    sheet = load_workbook(BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and "序号" in [str(c) for c in row])
    return sum(1 for row in rows[header + 1 :] if row and row[0] not in (None, ""))


def test_every_search_hit_opens_for_the_user_who_searched(roles):
    checked = 0
    for name, client in roles.items():
        if client is None:
            continue
        for query in ("报告", "道路", "项目", "意见"):
            response = fetch(client, API + "/search", q=query, page_size=50)
            if response.status_code != 200:
                continue
            for hit in response.json()["items"]:
                # A public entry may send a reader on to its public page (an opinion to the
                # consultation's feedback): followed, it must open, and not at the sign-in page.
                page = client.get(hit["url"], follow=True)
                landed = page.redirect_chain[-1][0] if page.redirect_chain else hit["url"]
                found = f"{name} finds {hit['url']}"
                assert page.status_code == 200, f"{found} but gets {page.status_code}"
                assert "/accounts/login" not in landed, f"{found} but must sign in"
                checked += 1
    assert checked > 10


DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+%?$")
# Texts that may look like figures: a target's wording (5.5%), a task's outline number (8.1).
TEXT_FIELDS = {"wording", "number"}


def _texts_that_are_figures(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in TEXT_FIELDS:
                yield from _texts_that_are_figures(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value[:20]:
            yield from _texts_that_are_figures(inner, f"{path}[]")
    elif isinstance(value, str) and DECIMAL_TEXT.match(value):
        yield f"{path}={value!r}"


def test_figures_are_json_numbers_everywhere(roles):
    """Issue 12: amounts, rates and percents came out as strings in some endpoints."""
    client = roles["duchayuan"]
    found = []
    for path in get_operations():
        if params(path) or path in EXPORTS or path == "/openapi.json":
            continue
        response = fetch(client, f"/api/v1{path}")
        if response.status_code == 422:  # figures by region and year: the demo county's
            response = fetch(
                client, f"/api/v1{path}", year=DEMO_YEAR, region=dataset.DEMO_COUNTY_CODE
            )
        if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
            found += [f"{path}: {t}" for t in _texts_that_are_figures(response.json())]
    assert not found, "\n".join(found[:40])
