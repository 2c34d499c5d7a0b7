"""The world of the supervision journeys: 甲县's supervision office, the lead unit (县发改局)
with its liaison and head, a co-unit (县交通局) whose head writes and signs, and an outsider
(县教育局's liaison) who has no part in any task; plus a 分解表 workbook in the published
column layout and a task with approved progress, made through the services."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from luoshi.accounts.models import Role, User
from luoshi.core.models import Unit
from luoshi.tasks.excel.columns import COLUMNS
from luoshi.tasks.models import Task
from luoshi.tasks.services.decomposition import TaskInput, task_create
from luoshi.tasks.services.progress_flow import (
    ProgressInput,
    progress_approve,
    progress_save,
    progress_sign,
)
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import World, user_with_role
from luoshi_tests.factories import UnitFactory


@dataclass(frozen=True)
class People:
    supervisor: User  # 甲县人民政府办公室 (督查室)
    liaison: User  # 县发改局, the lead unit
    head: User  # 县发改局
    co_head: User  # 县交通局, the co-unit: writes and signs its own reports
    outsider: User  # 县教育局's liaison: same county, no part in the tasks
    lead_unit: Unit
    co_unit: Unit
    outsider_unit: Unit


def people_of(world: World) -> People:
    co_unit = UnitFactory(region=world.county, name="甲县交通运输局", short_name="县交通局")
    outsider_unit = UnitFactory(region=world.county, name="甲县教育局", short_name="县教育局")
    return People(
        supervisor=user_with_role("supervisor1", world.office, Role.SUPERVISOR),
        liaison=user_with_role("liaison1", world.bureau, Role.LIAISON),
        head=user_with_role("head1", world.bureau, Role.UNIT_HEAD),
        co_head=user_with_role("head_transport", co_unit, Role.UNIT_HEAD),
        outsider=user_with_role("liaison_edu", outsider_unit, Role.LIAISON),
        lead_unit=world.bureau,
        co_unit=co_unit,
        outsider_unit=outsider_unit,
    )


def switch_to(page: Page, username: str) -> None:
    """Sign out whoever is signed in, then sign in as `username`."""
    page.goto("/")
    logout = page.locator("#logout-button")
    if logout.count():
        logout.click()
    sign_in(page, username)
    expect(page.locator("#logout-button")).to_be_visible()


def decomposition_workbook(path: Path, rows: list[dict[str, Any]], *, title: str) -> Path:
    """A 分解表 as offices send it: a title row over the header, then one row per task, in
    the published column order (序号 · 报告任务原文 · 具体工作 · 责任领导 · 牵头单位 ·
    配合单位 · 完成时限 · 季度节点)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.append([column.heading for column in COLUMNS])
    for row in rows:
        sheet.append([row.get(column.key) for column in COLUMNS])
    book.save(path)
    return path


def task_on_track(
    people: People, world: World, *, title: str, deadline: dt.date, percent: str
) -> Task:
    """A task of 甲县 led by 县发改局 whose report of this period went the whole way through
    the flow (written, signed, approved), so that it was evaluated once, as of today."""
    task = task_create(
        actor=people.supervisor,
        data=TaskInput(
            region=world.county,
            year=timezone.localdate().year,
            title=title,
            lead_unit=people.lead_unit,
            deadline=deadline,
            leader="赵某（副县长）",
            number="1",
        ),
    )
    report = progress_save(
        actor=people.liaison,
        task=task,
        unit=people.lead_unit,
        data=ProgressInput(
            progress="主体工程已基本完成，正在进行设备调试。",
            next_steps="组织竣工验收。",
            percent=Decimal(percent),
        ),
        submit=True,
    )
    report = progress_sign(actor=people.head, report=report)  # no co-units: on to the office
    progress_approve(actor=people.supervisor, report=report)
    task.refresh_from_db()
    return task


def csrf_token(page: Page) -> str:
    """The form token of the page on screen (every signed-in page has the sign-out form)."""
    return page.locator("input[name=csrfmiddlewaretoken]").first.input_value()


def post_from_page(page: Page, url: str, data: dict[str, str]) -> tuple[int, str]:
    """POST a form from the signed-in browser, as a hand-made request would (status, body);
    redirects are not followed, so a redirect answers with status 0."""
    result = page.evaluate(
        """async ([url, data, token]) => {
            const response = await fetch(url, {
                method: 'POST',
                body: new URLSearchParams(data),
                headers: {'X-CSRFToken': token},
                credentials: 'same-origin',
                redirect: 'manual',
            });
            const redirected = response.type === 'opaqueredirect';
            return [response.status, redirected ? '' : await response.text()];
        }""",
        [url, data, csrf_token(page)],
    )
    return int(result[0]), str(result[1])


NOT_ALLOWED = re.compile("没有权限|页面不存在")
