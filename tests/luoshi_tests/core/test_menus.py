"""The main menu (issue 13): grouped by job, and never a link its reader cannot follow.

On the demo, as every role (the demo's people and the administrator): every entry of the
menu answers 200; an entry a role is not offered is a page that refuses it (403), except the
few the menu offers to fewer people than the page admits, listed here with the reason; the
supervision office's menu has at most six entries in its top row. The header names each
language in itself. And the messages the demo writes read as written Chinese: no "。，".
"""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from luoshi.accounts.models import User
from luoshi.core.models import Region
from luoshi.core.navigation import NavGroup, NavItem, groups_for, items_for, registered_items
from luoshi.core.sentences import clause
from luoshi.demo import dataset
from luoshi.demo.cycle import load_cycle
from luoshi.demo.engagement_data import load_engagement
from luoshi.demo.implementation_data import YEAR as DEMO_YEAR
from luoshi.demo.implementation_data import load_implementation
from luoshi.demo.services import demo_load
from luoshi.tasks.models import Notice, NoticeEvent, Notification, Task
from luoshi.tasks.services.reminders import send_reminders
from luoshi.tasks.services.supervision import notices_generate

pytestmark = pytest.mark.django_db

OFFICE = "duchayuan"
TOP_ROW_AT_MOST = 6

# Entries shown to fewer people than their page admits (never to more), and why.
OFFERED_TO_FEWER = {
    # The inbox opens to every signed-in user (each sees what is theirs, often nothing); the
    # menu offers it to those with progress reports to write, sign, review or read.
    "progress": "tasks.view_progressreport",
    # The dashboard admits unit staff too (tasks.view_task, limited to their scope); the menu
    # offers it to those it is for: leaders, the office, administrators.
    "dashboard": "tasks.view_ranking",
    # The API documentation is open, as an OpenAPI contract is; the menu offers it to those
    # who connect other systems: administrators and the supervision office.
    "api_docs": "api.view_docs",
}
# "。，" and its kin: a piece ending a sentence set before a clause, or the reverse.
BROKEN_PUNCTUATION = re.compile(r"。，|。；|，。|；。|。。")


@pytest.fixture
def demo_users(db) -> dict[str, User]:
    demo_load()
    load_cycle()
    load_engagement()
    load_implementation()
    call_command("search_rebuild", stdout=StringIO())
    names = [user.username for user in dataset.USERS] + [dataset.ADMIN_USERNAME]
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    assert set(users) == set(names)
    return users


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _menu(client: Client) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    context = client.get("/").context
    return context["nav_items"], context["nav_groups"]


def test_every_menu_entry_answers_every_role_that_is_offered_it(demo_users):
    problems: list[str] = []
    offered: dict[str, set[str]] = {}
    for username, user in demo_users.items():
        client = _client(user)
        items, _groups = _menu(client)
        offered[username] = {item["key"] for item in items}
        for item in items:
            status = client.get(item["url"]).status_code
            if status != 200:
                problems.append(f"{username}: {item['label']} {item['url']} answers {status}")
        # An entry not offered is a page that refuses the role, unless listed above.
        for entry in registered_items():
            if entry.key in offered[username] or entry.key in OFFERED_TO_FEWER:
                continue
            url = reverse(entry.url_name)
            status = client.get(url).status_code
            if status == 200:
                problems.append(f"{username}: {entry.label} {url} opens but is not offered")
    assert not problems, "\n".join(problems)
    # The roles' menus differ as their work does.
    assert "ranking" in offered[OFFICE] and "ranking" not in offered["fgj_lianluo"]
    assert "users" in offered[dataset.ADMIN_USERNAME] and "users" not in offered[OFFICE]
    assert "dashboard" in offered["xianzhang"] and "progress" not in offered["daibiao"]


def test_the_api_documentation_is_offered_to_the_office_and_administrators_only(demo_users):
    for username, user in demo_users.items():
        keys = {item["key"] for item in _menu(_client(user))[0]}
        expected = username in {OFFICE, dataset.ADMIN_USERNAME}
        assert ("api_docs" in keys) is expected, username


def test_menus_are_grouped_by_job_in_one_short_row(demo_users):
    items, groups = _menu(_client(demo_users[OFFICE]))
    assert len(items) > 12  # the office does much …
    assert len(groups) <= TOP_ROW_AT_MOST, [str(row["label"]) for row in groups]  # … in few
    rows = {str(row["label"]): [str(item["label"]) for item in row["items"]] for row in groups}
    assert rows["落实"] == [
        "任务",
        "进展填报",
        "延期审批",
        "未报送",
        "督查督办",
        "红黑榜",
        "督查通报",
        "领导批示",
        "诉求",
        "合作事项",
    ]
    assert rows["报告"][0] == "工作报告" and "意见建议" in rows["报告"]
    assert "操作日志" in rows["系统"] and "接口文档" in rows["系统"]
    assert "首页" in rows and rows["首页"] == []  # an entry of its own
    # A group with one entry is that entry's plain link: 项目 is 重点项目 for everyone today.
    assert "重点项目" in rows and rows["重点项目"] == []
    # Every entry is in the row once, grouped or alone.
    listed = [key for row in groups for key in ([i["key"] for i in row["items"]] or [row["key"]])]
    assert sorted(listed) == sorted(item["key"] for item in items)

    # A deputy's menu is short and has no 落实 dropdown it cannot use.
    deputy = {str(row["label"]) for row in _menu(_client(demo_users["daibiao"]))[1]}
    assert "落实" not in deputy and "系统后台" not in deputy


def test_the_current_page_marks_its_entry_and_its_group(demo_users):
    client = _client(demo_users[OFFICE])
    context = client.get(reverse("tasks:ranking")).context
    assert [item["key"] for item in context["nav_items"] if item["active"]] == ["ranking"]
    active = [row for row in context["nav_groups"] if row["active"]]
    assert [str(row["label"]) for row in active] == ["落实"]
    html = client.get(reverse("tasks:ranking")).content.decode()
    assert 'aria-current="page">红黑榜</a>' in html
    assert 'aria-controls="navgroup-implement"' in html and 'id="navgroup-implement"' in html


class AllowedEverything:
    is_authenticated = True
    is_staff = False

    def has_perm(self, permission: str) -> bool:
        return True


def test_grouping_rules():
    """A lone entry of a group is that entry's link; groups and lone entries keep their order;
    an entry naming a group nobody registered stands alone."""
    from luoshi.core import navigation

    saved = dict(navigation._registry), dict(navigation._groups)
    try:
        navigation._registry.clear()
        navigation._groups.clear()
        navigation.register_group(NavGroup("g", "甲组", order=20))
        navigation.register_group(NavGroup("h", "乙组", order=30))
        navigation.register(NavItem("home", "首页", "home", order=0))
        navigation.register(NavItem("a", "甲一", "home", order=31, group="g"))
        navigation.register(NavItem("b", "甲二", "home", order=5, group="g"))
        navigation.register(NavItem("c", "乙一", "home", order=1, group="h"))
        navigation.register(NavItem("d", "无组", "home", order=25, group="missing"))
        rows = groups_for(items_for(AllowedEverything(), "/"))
    finally:
        navigation._registry.clear()
        navigation._registry.update(saved[0])
        navigation._groups.clear()
        navigation._groups.update(saved[1])
    assert [(str(row["label"]), [i["key"] for i in row["items"]]) for row in rows] == [
        ("首页", []),
        ("甲组", ["b", "a"]),
        ("无组", []),
        ("乙一", []),
    ]


def test_each_language_is_named_in_itself(db):
    """English, 简体中文, 繁體中文 whatever the page's language (Django's own catalogue would
    turn "English" into 英语 in a Chinese page), signed in (the user menu) or not."""
    from luoshi_tests.factories import UserFactory

    user = UserFactory()
    for language in ("zh-hans", "en", "zh-hant"):
        anonymous, signed_in = Client(), Client()
        signed_in.force_login(user)
        for client, address in ((anonymous, reverse("accounts:login")), (signed_in, "/")):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            text = client.get(address).content.decode()
            assert f'<html lang="{language}">' in text
            for code, name in (("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")):
                option = rf'<option value="{code}" lang="{code}"( selected)?>{name}</option>'
                assert re.search(option, text), (language, name)
            assert "英语" not in text and "英語" not in text and "Simplified" not in text
    translation.activate(settings.LANGUAGE_CODE)


def test_a_piece_set_into_a_sentence_loses_its_closing_punctuation():
    assert clause("年内建成城市口袋公园10个。") == "年内建成城市口袋公园10个"
    assert clause(" 推进改革；") == "推进改革"
    assert clause("新建5G基站。", 3) == "新建5…"
    assert clause("一二三四五六。", 6) == "一二三四五六"
    assert clause("") == ""


def test_the_demos_messages_read_as_written_chinese(demo_users):
    """Every message the demo writes (notifications, reminders of every kind, notices and
    their steps) is free of "。，", "。；", "，。", "；。" and "。。"."""
    send_reminders()
    # And late in the year, when the tasks due on 31 December are reminded of and the rules
    # issue notices for what lags: the titles that are whole sentences are among them.
    late = dt.date(DEMO_YEAR, 12, 29)
    send_reminders(as_of=late)
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    notices_generate(actor=demo_users[OFFICE], region=county, as_of=late)
    texts: list[tuple[str, str]] = []
    texts += [
        ("notification", text) for text in Notification.objects.values_list("text", flat=True)
    ]
    for notice in Notice.objects.all():
        texts += [(f"notice {notice.number}", notice.reason), (notice.number, notice.requirement)]
    texts += [("notice step", text) for text in NoticeEvent.objects.values_list("text", flat=True)]
    assert len(texts) > 20
    assert any("请于" in text for _where, text in texts)
    assert any("请抓紧推进" in text for _where, text in texts)
    # The case is met: titles that are whole sentences of the report are set into messages.
    sentences = [
        title for title in Task.objects.values_list("title", flat=True) if title.endswith("。")
    ]
    assert any(clause(title, 40) in text for title in sentences for _where, text in texts)
    broken = [f"{where}: {text}" for where, text in texts if BROKEN_PUNCTUATION.search(text)]
    assert not broken, "\n".join(broken)


def test_task_pages_offer_no_link_that_refuses(demo_users):
    """Found by a crawl of the demo beyond the menu: 填报进展 on every task page for the
    administrator (a superuser passes every has_perm, but the report form opens only to the
    task's own units), and a unit's task page linking to the parts other units lead."""
    task_link = re.compile(r'href="(/tasks/\d+/(?:progress/)?)[?"]')
    problems: list[str] = []
    opened = 0
    for username in (dataset.ADMIN_USERNAME, "fgj_lianluo", "jtj_lianluo", "nyj_shenhe"):
        client = _client(demo_users[username])
        for task in Task.objects.order_by("pk"):
            page = client.get(reverse("tasks:task_detail", args=[task.pk]))
            if page.status_code != 200:
                continue
            opened += 1
            for link in sorted(set(task_link.findall(page.content.decode()))):
                status = client.get(link).status_code
                if status == 403:
                    problems.append(f"{username} offered {link} on task {task.pk}, but 403")
    assert opened > 20
    assert not problems, "\n".join(problems)
