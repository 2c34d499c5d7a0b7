"""Nothing on a page is a code (issue 13): a crawler signs in as every role of the demo, follows
every link it is offered from the home page, and reads each page's visible text — the words,
and the titles, placeholders and alt texts a user sees — for the machine underneath:

- an enumeration's stored value (`at_least`, `in_step`, `congress_session`, `drafting`…), taken
  from every field with choices in every model, so a new enumeration is checked the day it is
  added;
- an action-log verb code (`problem.raised`);
- a UTC timestamp (`2026-12-04T14:58:25Z`), where a page must show the region's local time;
- a link the user is offered but may not follow (403).

Links are followed within the site's pages (not the API, the Django admin, downloads, sign-out
or language switches); of the many pages of one shape (/tasks/17/, /tasks/18/…) a few are read.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from luoshi.accounts.models import User
from luoshi.core.action_verbs import VERB_LABELS
from luoshi.demo import dataset
from luoshi.demo.cycle import load_cycle
from luoshi.demo.engagement_data import load_engagement
from luoshi.demo.implementation_data import load_implementation
from luoshi.demo.services import demo_load

pytestmark = pytest.mark.django_db

PAGES_PER_ROLE = 160
PAGES_PER_SHAPE = 3
SKIPPED = re.compile(
    r"^/(api|admin|static|media|accounts/logout|i18n|healthz)\b|/(export|download)|"
    r"\.(xlsx|csv|json|pdf|docx|png|jpg)$|[?&](format|lang)="
)
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|\+00:?00)")
WORDLIKE = re.compile(r"^[a-z][a-z0-9_]*$")


class PageReader(HTMLParser):
    """The text a user sees on the page, and the links it offers."""

    SILENT = {"script", "style", "template", "noscript"}
    SEEN_ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SILENT:
            self._silent += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        self.text.extend(values[name] or "" for name in self.SEEN_ATTRIBUTES if values.get(name))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data: str) -> None:
        if not self._silent and data.strip():
            self.text.append(data.strip())


def enumeration_values() -> dict[str, str]:
    """Every stored value of every enumeration a luoshi model field offers, by value → where."""
    found: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("luoshi."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and WORDLIKE.match(value):
                    found.setdefault(value, f"{model._meta.label}.{field.name}")
    return found


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client: Client) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Visible text of each page reached from the home page; links that answered 403."""
    pages: dict[str, str] = {}
    refused: list[tuple[str, str]] = []
    shapes: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("/", "")])
    seen = {"/"}
    while queue and len(pages) < PAGES_PER_ROLE:
        url, came_from = queue.popleft()
        response = client.get(url)
        if response.status_code == 403:
            refused.append((url, came_from))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        reader = PageReader()
        reader.feed(response.content.decode())
        pages[url] = "\n".join(reader.text)
        for href in reader.links:
            link = urldefrag(href)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/") or SKIPPED.search(link):
                continue
            if link in seen:
                continue
            seen.add(link)
            key = shape(parts.path)
            if shapes.get(key, 0) >= PAGES_PER_SHAPE:
                continue
            shapes[key] = shapes.get(key, 0) + 1
            queue.append((link, url))
    return pages, refused


def codes_on(text: str, enumerations: dict[str, str]) -> list[str]:
    found = []
    for token in set(re.findall(r"(?<![\w./-])[a-z][a-z0-9_]*(?:\.[a-z_]+)?(?![\w/-])", text)):
        if token in VERB_LABELS:
            found.append(f"verb {token}")
        elif token in enumerations:
            found.append(f"{token} ({enumerations[token]})")
    found.extend(f"UTC time {m.group(0)}" for m in ISO_UTC.finditer(text))
    return sorted(found)


@pytest.fixture
def demo_clients(db) -> dict[str, Client]:
    demo_load()
    load_cycle()
    load_engagement()
    load_implementation()
    call_command("search_rebuild", stdout=StringIO())
    names = [user.username for user in dataset.USERS]
    clients = {}
    for user in User.objects.filter(username__in=names):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    assert len(clients) == len(names)
    return clients


def test_no_page_shows_a_code_a_utc_time_or_a_link_that_refuses(demo_clients):
    enumerations = enumeration_values()
    assert {"at_least", "in_step", "congress_session"} <= set(enumerations)
    problems: list[str] = []
    for username, client in demo_clients.items():
        pages, refused = crawl(client)
        assert len(pages) >= 5, f"{username} reached only {sorted(pages)}"
        for url, text in pages.items():
            codes = codes_on(text, enumerations)
            if codes:
                problems.append(f"{username} {url}: {', '.join(codes)}")
        problems.extend(f"{username} offered {url} on {came} but 403" for url, came in refused)
    assert not problems, "\n".join(problems)


def test_the_reader_finds_what_it_must():
    """The checks of the crawler themselves: each kind of leak is caught, Chinese passes."""
    enumerations = {"at_least": "indicators.Target.qualifier", "drafting": "reports.status"}
    reader = PageReader()
    reader.feed(
        '<p title="状态 drafting">目标 at_least</p><script>var x = "at_least";</script>'
        '<a href="/tasks/1/">problem.raised</a><span>2026-12-04T14:58:25Z</span>'
        "<p>不低于 6%，报告.xlsx，/api/v1/docs，team@example.gov.cn</p>"
    )
    text = "\n".join(reader.text)
    assert reader.links == ["/tasks/1/"]
    assert codes_on(text, enumerations) == [
        "UTC time 2026-12-04T14:58:25Z",
        "at_least (indicators.Target.qualifier)",
        "drafting (reports.status)",
        "verb problem.raised",
    ]
    assert codes_on("不低于 6%，完成时限 2026年12月4日 22:58", enumerations) == []


def test_a_log_entry_reads_as_names_and_local_times(world, supervisor, liaison):
    """The log's before/after: a person by name (not issued_by 2), a time in the region's
    local time (not UTC ISO text), a key that is no field in words (not `note`)."""
    from luoshi.core.action_log import log_action
    from luoshi.core.templatetags.action_log import _show, action_changes
    from luoshi.tasks.models import Notice

    entry = log_action(
        actor=supervisor,
        verb="notice.received",
        target=world.bureau,
        before={"issued_by_id": None},
        after={
            "parent_id": world.office.pk,
            "created_at": "2026-12-04T14:58:25Z",
            "note": "请补充照片",
            "mystery_key": 1,
        },
    )
    rows = {row["label"]: row for row in action_changes(entry)}
    assert rows["上级单位"]["after"] == str(world.office)
    assert "说明" in rows and rows["说明"]["after"] == "请补充照片"
    assert rows["其他"]["after"] == "1"
    assert "mystery_key" not in str(rows) and "note" not in rows
    # A time field of the target, stored as UTC text, reads in Asia/Shanghai.
    received = Notice._meta.get_field("received_at")
    assert _show("2026-12-04T14:58:25Z", received) == "2026-12-04 22:58"
    assert _show("2026-12-04T14:58:25+00:00") == "2026-12-04 22:58"
