"""The accountability rates, computed from the appeals themselves: a month of a county's
appeals with known histories gives known rates, in total and by unit, topic, region and month;
an appeal still within its limits is left out of a rate rather than counted as failed; the
office reads its region's rates, a unit's liaison does not."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from luoshi.accounts.models import Role
from luoshi.appeals import rates
from luoshi.appeals.handling import appeal_answer, appeal_dispatch, appeal_sign, appeal_visit
from luoshi.appeals.selectors import appeals_in
from luoshi.appeals.services import AppealInput, appeal_record_call
from luoshi_tests.api.test_token_writes import bearer, system_client, token_for
from luoshi_tests.appeals.conftest import REPLY
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db

WHY = "问题依旧没有解决，希望再核实一次。"


def _at(day: str):
    return freeze_time(f"{day} 02:00:00")  # 10:00 in Beijing


@pytest.fixture
def november(world, people):
    """Received on Monday 2 November 2026 (signing due the 3rd, answering the 9th) unless
    said: A on time and satisfied; B late and fairly satisfied; R reopened once and still
    not satisfied; C in a township, never signed; D received on the 19th, not yet due; E in
    the other county."""
    office, bureau = people["office"], people["bureau"]
    town = RegionFactory(code="930121103", name="西关镇", level="township", parent=world.county)

    def call(region=world.county, topic="urban"):
        return appeal_record_call(
            None if region == world.other_county else office,
            AppealInput(topic=topic, region=region, content="路面坑洼积水，行人车辆通行困难。"),
        ).appeal

    with _at("2026-11-02"):
        a, b, r, c = call(), call(), call(topic="traffic"), call(region=town)
        for appeal in (a, b, r, c):
            appeal_dispatch(office, appeal, world.bureau)
        appeal_sign(bureau, a)
        appeal_sign(bureau, r)
        e = call(region=world.other_county)
    with _at("2026-11-04"):
        appeal_answer(bureau, a, REPLY)
        appeal_visit(office, a, "satisfied", resolved=True)
        appeal_answer(bureau, r, REPLY)
        appeal_visit(office, r, "unsatisfied", resolved=False, reason=WHY)
        appeal_sign(bureau, r)
        appeal_answer(bureau, r, REPLY)
        appeal_visit(office, r, "unsatisfied", resolved=False, reason=WHY)
    with _at("2026-11-05"):
        appeal_sign(bureau, b)
    with _at("2026-11-10"):
        appeal_answer(bureau, b, REPLY)
        appeal_visit(office, b, "basic", resolved=False)
    with _at("2026-11-19"):
        d = call(topic="education")
    return {"a": a, "b": b, "r": r, "c": c, "d": d, "e": e, "town": town}


TODAY = dt.date(2026, 11, 20)


def _county_month(world):
    return rates.received_between(appeals_in(world.county), dt.date(2026, 11, 1), TODAY)


def test_the_county_month(world, november):
    total = rates.totals(_county_month(world), TODAY)
    assert total.received == 5 and total.open == 2
    assert (total.response.part, total.response.whole) == (2, 4)  # A, R on time; B, C late
    assert (total.on_time.part, total.on_time.whole) == (2, 4)  # A, R; B late, C overdue
    assert (total.solved.part, total.solved.whole) == (1, 3)
    assert (total.satisfied.part, total.satisfied.whole) == (2, 3)
    assert (total.reopened.part, total.reopened.whole) == (1, 3)
    assert total.satisfied.value == 66.7 and total.response.value == 50.0


def test_grouped_by_topic_region_unit_and_month(world, november):
    appeals = _county_month(world)
    by_topic = {row.key: row for row in rates.grouped(appeals, "topic", TODAY)}
    assert by_topic["traffic"].reopened.value == 100.0
    assert by_topic["education"].received == 1 and by_topic["education"].on_time.whole == 0
    assert by_topic["education"].on_time.value is None  # not yet due: no rate, not 0 %
    by_region = {
        row.key: row.received
        for row in rates.grouped(appeals, "region", TODAY, region_level="township")
    }
    assert by_region == {world.county.pk: 4, november["town"].pk: 1}
    by_unit = rates.grouped(appeals, "unit", TODAY)
    assert [(row.key, row.received) for row in by_unit] == [(world.bureau.pk, 4)]
    by_month = rates.grouped(appeals, "month", TODAY)
    assert [(row.key.month, row.received) for row in by_month] == [(11, 5)]
    city = rates.received_between(appeals_in(world.city), dt.date(2026, 11, 1), TODAY)
    counties = {
        row.key: row.received for row in rates.grouped(city, "region", TODAY, region_level="county")
    }
    assert counties == {world.county.pk: 5, world.other_county.pk: 1}


def test_the_page_for_the_office_and_not_for_a_liaison(client, world, people, november):
    client.force_login(people["office"])
    page = client.get("/appeals/rates/?period=2026-11&by=topic").content.decode()
    assert "2026年11月" in page and "66.7%" in page and "2/3" in page
    assert "交通出行" in page and "教育" in page
    by_region = client.get("/appeals/rates/?period=2026-11&by=region").content.decode()
    assert "西关镇" in by_region
    # Another region's code in the address falls back to the user's own.
    other = client.get(
        f"/appeals/rates/?region={world.other_county.code}&period=2026-11"
    ).content.decode()
    assert world.county.name in other and world.other_county.name not in other
    client.force_login(people["bureau"])
    assert client.get("/appeals/rates/").status_code == 403
    city_office = UnitFactory(region=world.city, name="测试市人民政府办公室")
    leader = user_with_role("city-leader", city_office, Role.LEADER)
    client.force_login(leader)
    city = client.get(f"/appeals/rates/?region={world.city.code}&period=2026-11&by=region")
    html = city.content.decode()
    assert world.county.name in html and world.other_county.name in html


def test_the_units_in_the_red_and_black_list_beside_the_tasks(client, world, people, november):
    client.force_login(people["office"])
    page = client.get(f"/tasks/ranking/?region={world.county.pk}&year=2026").content.decode()
    assert 'id="appeal-ranking"' in page and "诉求办理" in page
    table = page[page.index('id="appeal-ranking-table"') :]
    # The bureau: on time 2/4 (50.0), satisfied 2/3 (66.7), solved 1/3 (33.3) → 50.0.
    assert world.bureau.name in table and "<strong>50.0</strong>" in table
    assert world.bureau.name in page[page.index('id="appeal-honour-list"') :]
    empty = client.get(f"/tasks/ranking/?region={world.county.pk}&year=2025").content.decode()
    assert 'id="appeal-ranking"' not in empty


def test_the_dashboard_shows_the_appeals_beside_the_tasks(client, world, people, november):
    leader = user_with_role("jia-leader", world.office, Role.LEADER)
    client.force_login(leader)
    page = client.get("/dashboard/?year=2026").content.decode()
    assert 'id="appeals"' in page and "66.7%" in page
    # Seen today (December): C, never signed, and D, never dispatched, are past their limits.
    assert "超期未办 2 件" in page
    api = system_client()
    body = api.get("/api/v1/dashboard?year=2026", **bearer(token_for(leader))).json()
    year = body["appeals"]["year"]
    assert year["received"] == 5 and year["satisfied"] == {"part": 2, "whole": 3, "percent": 66.7}
    assert body["appeals"]["overdue"] == 2
    assert client.get("/dashboard/?year=2025").content.decode().count('id="appeals"') == 0


def test_the_rates_through_the_api(world, people, november):
    api = system_client()
    office = bearer(token_for(people["office"]))
    body = api.get("/api/v1/appeal-rates?period=2026-11&by=topic", **office).json()
    assert body["region"]["code"] == world.county.code and body["period"]["value"] == "2026-11"
    assert body["total"]["satisfied"] == {"part": 2, "whole": 3, "percent": 66.7}
    topics = {row["key"]: row for row in body["rows"]}
    assert topics["traffic"]["reopened"]["percent"] == 100.0
    assert topics["education"]["on_time"]["percent"] in (None, 0.0)
    months = api.get("/api/v1/appeal-rates?period=2026&by=month", **office).json()
    assert [row["key"] for row in months["rows"]] == ["2026-11"]
    other = api.get(f"/api/v1/appeal-rates?region={world.other_county.code}", **office)
    assert other.status_code == 403
    bureau = bearer(token_for(people["bureau"]))
    assert api.get("/api/v1/appeal-rates", **bureau).status_code == 403
    assert api.get("/api/v1/appeal-rates?by=nothing", **office).status_code == 422
