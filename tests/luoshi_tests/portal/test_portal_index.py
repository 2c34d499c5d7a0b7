"""The portal's index level by level: a few regions at once, many grouped by province and city,
each level read with its code prefix and cached."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.core.models import RegionLevel
from luoshi.portal import region_index
from luoshi_tests.factories import RegionFactory
from luoshi_tests.portal.conftest import YEAR, add_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_regions(world, monkeypatch):
    """Public tasks in 甲县 (930121) and in four counties of another province's two cities;
    the flat limit lowered to 3 so that five regions are 'many'."""
    monkeypatch.setattr(region_index, "FLAT_LIMIT", 3)
    RegionFactory(code="940000", name="乙省", level=RegionLevel.PROVINCE)
    RegionFactory(code="940100", name="丙市", level=RegionLevel.CITY)
    RegionFactory(code="940200", name="丁市", level=RegionLevel.CITY)
    for code in ("940101", "940102", "940201", "940202"):
        add_task(world, f"{code}的公开任务", region=RegionFactory(code=code, name=f"县{code}"))
    add_task(world, "甲县公开任务")
    add_task(world, "乙县未公开任务", region=world.other_county, is_public=False)


def test_a_few_regions_are_listed_at_once(client, world):
    add_task(world, "甲县公开任务")
    page = client.get("/portal/").content.decode()
    assert 'id="portal-regions"' in page and 'id="portal-groups"' not in page
    assert f"/portal/930121/{YEAR}/" in page


def test_many_regions_are_grouped_by_province_then_city(client, many_regions):
    top = client.get("/portal/").content.decode()
    assert 'id="portal-groups"' in top and 'id="portal-regions"' not in top
    assert 'href="/portal/?under=93"' in top and 'href="/portal/?under=94"' in top
    assert "乙省" in top and "/portal/940101/" not in top  # the regions wait a level down

    province = client.get("/portal/?under=94").content.decode()
    # Four counties under 乙省 are still many: its two cities, two counties each.
    assert 'href="/portal/?under=9401"' in province and 'href="/portal/?under=9402"' in province
    assert "丙市" in province and "丁市" in province and "甲县" not in province

    city = client.get("/portal/?under=9401").content.decode()
    assert 'id="portal-regions"' in city
    assert f"/portal/940101/{YEAR}/" in city and f"/portal/940102/{YEAR}/" in city
    assert "940201" not in city
    assert 'href="/portal/?under=94"' in city  # one level up

    # 甲县's province has one region with data, listed at once; 乙县's task is not public.
    own = client.get("/portal/?under=93").content.decode()
    assert f"/portal/930121/{YEAR}/" in own and "930122" not in own


@pytest.mark.parametrize("under", ["9", "940", "94x1", "940101", "<b>"])
def test_a_wrong_prefix_is_a_chinese_404(client, many_regions, under):
    response = client.get("/portal/", {"under": under})
    assert response.status_code == 404
    assert "不是省或市的区划代码前缀" in response.content.decode()


def test_each_level_is_read_once_then_served_from_the_cache(client, many_regions):
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert client.get("/portal/?under=94").status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get("/portal/?under=94").status_code == 200
    assert len(first) >= 4 and len(again) < len(first) - 3
    # The listing reads only the rows under the prefix.
    listing = [q["sql"] for q in first.captured_queries if "DISTINCT" in q["sql"]]
    assert len(listing) == 4 and all("94%" in sql for sql in listing), listing
