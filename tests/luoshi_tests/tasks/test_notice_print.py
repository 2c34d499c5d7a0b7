"""The printable 督办单 (`/tasks/notices/<id>/print/`) and the site's print style sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from luoshi.core.templatetags.chinese_dates import chinese_date
from luoshi.tasks.models import Task
from luoshi.tasks.services.supervision import notice_answer, notice_receive, notice_review

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def print_page(client, notice) -> str:
    response = client.get(reverse("tasks:notice_print", args=[notice.pk]))
    assert response.status_code == 200
    return response.content.decode()


def document(html: str) -> str:
    """The printed sheet only (the page around it has the site's header)."""
    return html[html.index('<article class="document') : html.index("</article>")]


def test_the_sheet_holds_what_an_office_sends(client_for, notice, supervisor, world):
    Task.objects.filter(pk=notice.task_id).update(
        source_text="新建改造农村公路120公里，实施危桥改造8座。"
    )
    sheet = document(print_page(client_for(supervisor), notice))
    assert "甲县人民政府督查室" in sheet and "督办单" in sheet
    assert re.search(r"督办〔\d{4}〕1号", sheet) and notice.number in sheet
    assert world.bureau.name in sheet  # 督办对象
    assert notice.task.title in sheet and "实施危桥改造8座" in sheet  # 督办事项 and its paragraph
    assert "黄色督办（进度滞后）" in sheet  # 督办等级
    assert "进度滞后于序时进度" in sheet and "三日内反馈整改措施" in sheet  # 事由, 要求
    assert f"请于{chinese_date(notice.due_date)}前反馈办理情况" in sheet  # 反馈时限
    assert supervisor.display_name in sheet and chinese_date(notice.created_at) in sheet  # 签发
    assert "签收人" in sheet and "doc-blank" in sheet  # a line to sign on
    assert "（尚未反馈）" in sheet
    assert not ISO_DATE.search(sheet)
    for label in ("督办对象", "督办事项", "督办等级", "督办事由", "办理要求", "反馈时限", "签发"):
        assert f'<th scope="row">{label}</th>' in sheet


def test_the_answer_history_is_printed_once_answered(client_for, notice, supervisor, liaison):
    notice_receive(actor=liaison, notice=notice)
    notice_answer(actor=liaison, notice=notice, answer="已召开专题会，倒排工期。")
    notice_review(actor=supervisor, notice=notice, close=False, note="措施不具体")
    notice_answer(actor=liaison, notice=notice, answer="已明确10月底前完工。")
    sheet = document(print_page(client_for(liaison), notice))
    assert sheet.index("已召开专题会") < sheet.index("措施不具体") < sheet.index("10月底前完工")
    assert "退回重办" in sheet and liaison.display_name in sheet
    assert "（尚未反馈）" not in sheet and "doc-blank" not in sheet.split("签收")[-1][:200]


def test_the_print_page_has_the_same_permission_as_the_notice(
    client_for, notice, unit_head, other_liaison, other_supervisor, transport_liaison, client
):
    assert "督办单" in print_page(client_for(unit_head), notice)
    url = reverse("tasks:notice_print", args=[notice.pk])
    for outsider in (other_liaison, other_supervisor, transport_liaison):
        assert client_for(outsider).get(url).status_code == 403
    assert client.get(url).status_code == 302  # to sign-in
    missing = client_for(unit_head).get(reverse("tasks:notice_print", args=[notice.pk + 999]))
    assert missing.status_code == 404


def test_the_notice_page_links_to_its_print_view(client_for, notice, liaison):
    page = client_for(liaison).get(reverse("tasks:notice_detail", args=[notice.pk]))
    html = page.content.decode()
    assert reverse("tasks:notice_print", args=[notice.pk]) in html and "打印督办单" in html


def test_printing_needs_no_inline_script(client_for, notice, supervisor):
    html = print_page(client_for(supervisor), notice)
    assert "print_button.js" in html and "data-print" in html
    assert "onclick" not in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    script = finders.find("luoshi/print_button.js")
    assert script and "window.print()" in Path(script).read_text(encoding="utf-8")


def test_every_page_loads_the_print_style_sheet(client_for, supervisor):
    html = client_for(supervisor).get("/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*luoshi/print\.css" media="print">', html)
    sheet = Path(finders.find("luoshi/print.css")).read_text(encoding="utf-8")
    assert "@page { size: A4; margin: 2.5cm 2.2cm; }" in sheet
    for hidden in (".topbar", ".footer", ".pager", "form", "button", ".langswitch"):
        assert hidden in sheet.split("{ display: none !important; }")[0]
    assert "break-inside: avoid" in sheet and "a[href]::after { content: none" in sheet
