"""Times in the region's time zone everywhere (issue 13).

The API answered `2026-12-04T14:58:25Z` where the page showed 22:58. Every moment the API
gives is now local with its offset (`2026-12-04T22:58:25+08:00`, settings.TIME_ZONE), dates
stay `2026-12-04`, exports write local wall time, and pages show local time.

The walk below opens every GET operation of the API the way the permission matrix does (every
collection, then the details and nested lists of its first items) as the office, a liaison
and the administrator, and fails on any text that is a UTC moment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from openpyxl import Workbook

from luoshi.accounts.models import Role, User
from luoshi.core.action_log import log_action
from luoshi.core.spreadsheets.writing import csv_safe, put
from luoshi.core.templatetags.chinese_dates import chinese_date, chinese_datetime
from luoshi.imports.services import import_batch_create, import_batch_read
from luoshi.tasks.models import Notification
from luoshi_tests.api.test_permission_matrix import (
    API,
    PARAM,
    fetch,
    get_operations,
    items_of,
    params,
    plain,
    roles,  # noqa: F401  (the demo world's clients, a fixture)
)
from luoshi_tests.conftest import user_with_role

pytestmark = pytest.mark.django_db

UTC_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)\b")
LOCAL_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?\+08:00$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_JSON = {"/openapi.json", "/docs", "/tasks/export"}
ITEMS_OPENED = 3


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from strings(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value[:50]:
            yield from strings(inner, f"{path}[]")
    elif isinstance(value, str):
        yield path, value


def walk(client: Client, known: dict[str, list[dict[str, Any]]]) -> Iterator[tuple[str, str, Any]]:
    """(operation, url, JSON body) of every GET operation the client may call: each
    collection, then the detail and nested lists of its first items (and of the `known`
    items of collections that have no list, such as /imports)."""
    operations = [path for path in get_operations() if path not in NOT_JSON]
    listed: dict[str, list[dict[str, Any]]] = dict(known)
    for path in operations:
        if params(path):
            continue
        response = fetch(client, API + path)
        if response.status_code == 200:
            body = response.json()
            yield path, path, body
            items = items_of(response)
            listed[path] = items if isinstance(items, list) else []
    for path in operations:
        names = params(path)
        if not names:
            continue
        collection = plain(path).split("/{}")[0]
        key = "code" if names[0] == "code" else "id"
        for item in listed.get(collection, [])[:ITEMS_OPENED]:
            if not isinstance(item, dict) or key not in item:
                continue
            url = PARAM.sub(str(item[key]), path, count=1)
            url = PARAM.sub("1", url)  # a version number
            response = fetch(client, API + url)
            if response.status_code == 200 and response["Content-Type"].startswith(
                "application/json"
            ):
                yield path, url, response.json()


def test_no_operation_answers_a_utc_time_and_dates_stay_dates(roles):  # noqa: F811
    office = User.objects.get(username="duchayuan")
    batch = import_batch_create(actor=office, file_name="简报.txt", content=BULLETIN)
    import_batch_read(batch_id=batch.batch.pk)
    known = {"/imports": [{"id": batch.batch.pk}]}
    utc, local, urls = [], 0, set()
    for name in ("duchayuan", "fgj_lianluo", "admin"):
        for operation, url, body in walk(roles[name], known):
            urls.add(plain(operation))
            for where, text in strings(body):
                if UTC_MOMENT.search(text):
                    utc.append(f"{name} {url} {where} = {text!r}")
                local += bool(LOCAL_MOMENT.match(text))
    assert not utc, "\n".join(utc[:40])
    # The walk reached what carries times: the caller, reports, notices, imports, opinions.
    for reached in ("/me", "/progress-reports/{}", "/notices/{}", "/imports/{}", "/opinions/{}"):
        assert reached in urls, reached
    assert local > 100, local
    # A date without a time stays a date.
    tasks = items_of(roles["duchayuan"].get(f"{API}/tasks", {"page_size": 5}))
    assert tasks and all(ISO_DATE.match(task["deadline"]) for task in tasks if task["deadline"])


def test_a_moment_is_local_with_its_offset(supervisor):
    with freeze_time("2026-12-04 14:58:25"):  # UTC
        Notification.objects.create(user=supervisor, text="测试消息")
    client = Client()
    client.force_login(supervisor)
    item = client.get(f"{API}/notifications").json()["items"][0]
    assert item["created_at"] == "2026-12-04T22:58:25+08:00"
    me = client.get(f"{API}/me").json()
    assert not [text for _where, text in strings(me) if UTC_MOMENT.search(text)]


def test_exports_write_local_time():
    moment = dt.datetime(2026, 12, 4, 14, 58, 25, tzinfo=dt.UTC)
    sheet = Workbook().active
    assert put(sheet, 1, 1, moment).value == dt.datetime(2026, 12, 4, 22, 58, 25)
    assert put(sheet, 1, 2, dt.date(2026, 12, 4)).value == dt.date(2026, 12, 4)
    assert csv_safe(moment) == "2026-12-04 22:58:25"
    assert csv_safe(Decimal("1.5")) == Decimal("1.5")


def test_the_action_log_page_shows_local_time(world):
    office = user_with_role("office_clerk", world.office, Role.SUPERVISOR)
    with freeze_time("2026-12-04 14:58:25"):  # UTC: 22:58 in the region
        log_action(actor=office, verb="unit.updated", target=world.bureau, after={"name": "x"})
    client = Client()
    client.force_login(office)
    page = client.get("/actions/").content.decode()
    assert "22:58" in page
    assert "14:58" not in page


def test_dates_read_as_words_are_written_the_chinese_way():
    moment = dt.datetime(2026, 12, 4, 14, 58, 25, tzinfo=dt.UTC)
    assert chinese_date(dt.date(2026, 12, 4)) == "2026年12月4日"
    assert chinese_date(dt.date(2026, 1, 9)) == "2026年1月9日"  # no leading zeros
    assert chinese_date(dt.datetime(2026, 12, 4, 17, 0, tzinfo=dt.UTC)) == "2026年12月5日"
    assert chinese_datetime(moment) == "2026年12月4日 22:58"
    template = Template(
        "{% load chinese_dates %}"
        "{{ day|cn_date }}|{{ moment|cn_datetime }}|{{ none|cn_date|default:'—' }}"
    )
    rendered = template.render(
        Context({"day": dt.date(2026, 6, 30), "moment": moment, "none": None})
    )
    assert rendered == "2026年6月30日|2026年12月4日 22:58|—"
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


BULLETIN = """清源县召开重点项目推进会
2026年11月20日，县政府召开重点项目推进会，听取各责任单位汇报。
""".encode()
