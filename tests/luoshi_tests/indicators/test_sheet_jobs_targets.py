"""A large target sheet goes through the background worker like the 分解表 (see
tasks/test_sheet_jobs.py): upload → job page with progress → preview → confirmation → a job
that applies it → the indicator table, with the same message as a small file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from luoshi.core.sheet_jobs.models import SheetJob
from luoshi.indicators.models import Target

from .conftest import TARGET_HEADER, xlsx

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def background_settings(settings) -> None:
    settings.LUOSHI_SHEET_INLINE_ROWS = 2
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_a_large_target_sheet_is_previewed_and_applied_in_the_background(
    supervisor, world, catalogue
):
    content = xlsx(
        [
            TARGET_HEADER,
            ["930121", 2026, "地区生产总值", "增速", 5, None, "%", "左右"],
            ["930121", 2026, "城镇新增就业", "数量", "4,500", None, "人", "以上"],
            ["930121", 2026, "城镇调查失业率", "占比", None, 5.5, "%", "以内"],
        ]
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    client.get("/indicators/import/targets/")
    csrf = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    uploaded = client.post(
        "/indicators/import/targets/",
        {**csrf, "file": SimpleUploadedFile("2026年目标.xlsx", content)},
    )
    assert uploaded.status_code == 302 and uploaded["Location"].startswith("/sheet-imports/")
    call_command("worker", burst=True)
    page = client.get(uploaded["Location"])
    html = page.content.decode()
    assert "新增 3 项" in html and "文件：2026年目标.xlsx" in html
    assert not Target.objects.filter(year=2026).exists()

    confirm = {
        **csrf,
        "token": page.context["token"],
        "digest": page.context["digest"],
        "filename": "2026年目标.xlsx",
    }
    applying = client.post("/indicators/import/targets/apply/", confirm)
    assert applying.status_code == 302 and applying["Location"] != uploaded["Location"]
    call_command("worker", burst=True)
    done = client.get(applying["Location"], follow=True)
    assert done.redirect_chain[-1][0] == "/indicators/?region=930121&year=2026"
    assert "已导入 3 行（新增 3 条，更新 0 条）。" in done.content.decode()
    assert Target.objects.filter(year=2026).count() == 3
    assert SheetJob.objects.filter(status="done").count() == 2
