"""开放数据包: a region's year and the whole instance as a Frictionless Data Package — public
rows only, Chinese headers and English field names, numbers as numbers, a licence — kept by
the daily job with its date shown, and the same rows through the API."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from luoshi.indicators.models import Observation, Target
from luoshi.portal.models import OpenDataPackage
from luoshi_tests.portal.conftest import SECRET_TASK, YEAR

pytestmark = pytest.mark.django_db


def _unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel on Windows reads the Chinese right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def unpublished(world, portal_data):
    """A neighbouring county's target from a report not yet adopted: never published."""
    Target.objects.create(
        region=world.other_county,
        year=YEAR,
        indicator=portal_data.indicator,
        measure="growth",
        low=Decimal("9"),
        high=Decimal("9"),
        qualifier="about",
    )
    Observation.objects.create(
        region=world.other_county,
        indicator=portal_data.indicator,
        year=YEAR,
        period_kind="month",
        period_index=6,
        growth=Decimal("9.9"),
    )


def test_a_region_year_package_holds_its_public_rows_described(client, world, portal_data):
    response = client.get(f"/portal/{world.county.code}/{YEAR}/open-data.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    files = _unzip(b"".join(response.streaming_content))
    assert set(files) == {
        "datapackage.json",
        "regions.csv",
        "indicators.csv",
        "targets.csv",
        "results.csv",
        "tasks.csv",
    }
    meta = json.loads(files["datapackage.json"])
    assert meta["profile"] == "tabular-data-package"
    assert meta["licenses"][0]["name"] == "CC-BY-4.0"
    assert meta["created"].endswith("+08:00")  # the region's time, never UTC
    targets = next(r for r in meta["resources"] if r["name"] == "targets")
    fields = targets["schema"]["fields"]
    header = _rows(files["targets.csv"])[0]
    assert [f["title"] for f in fields] == header  # Chinese headers, by position
    assert {"name": "low", "title": "下限", "type": "number"} in fields
    rows = _rows(files["targets.csv"])[1:]
    assert len(rows) == 1
    row = dict(zip([f["name"] for f in fields], rows[0], strict=True))
    assert row["region_code"] == world.county.code and row["low"] == "6"
    assert row["wording"] == "6%左右"
    results = _rows(files["results.csv"])
    assert results[1][results[0].index("增速（%）")] == "6.4"  # a number, not "6.4%"
    tasks = "\n".join(",".join(r) for r in _rows(files["tasks.csv"]))
    assert "新建改造农村公路120公里" in tasks and SECRET_TASK not in tasks


def test_the_whole_instance_leaves_out_what_is_not_published(
    client, world, portal_data, unpublished
):
    response = client.get("/portal/open-data.zip")
    files = _unzip(b"".join(response.streaming_content))
    assert "tasks.csv" not in files
    targets = _rows(files["targets.csv"])
    assert [r[0] for r in targets[1:]] == [world.county.code]  # not the other county's
    results = _rows(files["results.csv"])
    assert "9.9" not in {cell for row in results for cell in row}


def test_the_daily_job_builds_every_package_and_the_date_is_shown(
    client, world, portal_data, django_capture_on_commit_callbacks
):
    call_command("open_data", stdout=io.StringIO())
    keys = set(OpenDataPackage.objects.values_list("key", flat=True))
    assert keys == {"all", f"{world.county.code}-{YEAR}"}
    html = client.get(f"/portal/{world.county.code}/{YEAR}/").content.decode()
    assert "数据更新于" in html and "open-data.zip" in html
    assert "+00:00" not in html and "UTC" not in html
    first = OpenDataPackage.objects.get(key="all")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("open_data", stdout=io.StringIO())
    again = OpenDataPackage.objects.get(key="all")
    assert again.built_at >= first.built_at and again.file.name != first.file.name
    assert not again.file.storage.exists(first.file.name)  # the old file went


def test_the_api_lists_packages_and_gives_the_same_rows(world, portal_data):
    call_command("open_data", stdout=io.StringIO())
    client = Client(enforce_csrf_checks=True)  # nobody signed in: open data is public
    packages = client.get("/api/v1/open-data/packages").json()
    assert {p["key"] for p in packages["items"]} == {"all", f"{world.county.code}-{YEAR}"}
    assert all(p["built_at"].endswith("+08:00") for p in packages["items"])
    body = client.get(f"/api/v1/open-data/{world.county.code}/{YEAR}/records/targets").json()
    assert body["items"][0]["low"] == 6 and body["items"][0]["year"] == YEAR
    assert body["fields"][0] == {"name": "region_code", "title": "区划代码", "type": "string"}
    missing = client.get(f"/api/v1/open-data/{world.county.code}/{YEAR}/records/secrets")
    assert missing.status_code == 404 and "没有“secrets”这张表" in missing.json()["detail"]


def test_an_unknown_region_is_named_in_chinese(client):
    response = client.get("/portal/999999/2026/open-data.zip")
    assert response.status_code == 404
    assert OpenDataPackage.objects.count() == 0
