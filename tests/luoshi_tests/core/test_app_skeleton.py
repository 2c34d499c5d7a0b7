"""Every app has the same skeleton: each concrete model in the admin, and an app with pages
has its addresses and its menu entries. What is left out is listed here, with the reason, so
that leaving something out is a decision, not an accident.

Then the admin of tasks and imports, page by page, as a superuser: workflow records are shown,
never added or changed there, so the admin cannot go around the services that move them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import sys
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from luoshi.core.models import ActionLog
from luoshi.imports.models import (
    BatchStatus,
    CorpusFile,
    ImportBatch,
    ImportCorpus,
    ImportItem,
)
from luoshi.tasks.models import (
    ChangeRequest,
    ColourChange,
    InstructionReceipt,
    LeaderInstruction,
    Milestone,
    Notice,
    NoticeAttachment,
    NoticeEvent,
    Notification,
    ProgressAttachment,
    ProgressReport,
    StatusLabel,
    SupervisionBulletin,
    Task,
)

LUOSHI_APPS = [config for config in apps.get_app_configs() if config.name.startswith("luoshi.")]

# Models the admin shows as an inline of another model's page: "app.Model" → the owner.
SHOWN_AS_INLINE = {
    "reports.ReportVersion": "reports.WorkReport",  # read-only: versions are immutable
    "indicators.TargetAllocation": "indicators.Target",
    "indicators.StatedRank": "indicators.Observation",
    "engagement.MeetingPerson": "engagement.Meeting",
    "engagement.ParticipantGroup": "engagement.Meeting",
    "engagement.Speech": "engagement.Meeting",
    "engagement.Insight": "engagement.Meeting",
    "engagement.CooperationUpdate": "engagement.CooperationItem",
    "engagement.Instruction": "engagement.Meeting",
    "projects.MonthlyInvestment": "projects.Project",  # read-only: the import keeps the sums
    "projects.ProblemEscalation": "projects.ProjectProblem",  # read-only history
}

# Models not in the admin at all, and why.
NOT_IN_ADMIN = {
    # Derived data, rebuilt from the source objects at any time (`luoshi search_rebuild`).
    "core.SearchEntry": "derived search index",
    # A background job's own bookkeeping (progress, errors), shown on the job's page.
    "core.SheetJob": "background job state",
    # Rows of an immutable report version, written once with the version.
    "reports.ReportSection": "part of an immutable version",
    "reports.ReportParagraph": "part of an immutable version",
    # Recorded from the import review and offered to decomposition (reports.services).
    "reports.Commitment": "written by commitment_record",
    # A meeting's file: screened on upload, row and file written together by
    # engagement.meeting_file_services.
    "engagement.Attachment": "written by meeting_file_services",
}

# Apps with views that have no menu module, and why.
WITHOUT_MENU = {
    # The public site: the main menu is for signed-in users only (core.navigation.items_for).
    "portal": "public pages, reached without signing in",
}


def _label(model: Any) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _concrete_models() -> list[type[Model]]:
    return [
        model
        for config in LUOSHI_APPS
        for model in config.get_models()
        if not model._meta.abstract and not model._meta.proxy
    ]


def _has_module(config, name: str) -> bool:
    return importlib.util.find_spec(f"{config.name}.{name}") is not None


def test_every_concrete_model_is_in_the_admin_or_listed_with_its_reason():
    missing = [
        _label(model)
        for model in _concrete_models()
        if not admin.site.is_registered(model)
        and _label(model) not in SHOWN_AS_INLINE
        and _label(model) not in NOT_IN_ADMIN
    ]
    assert missing == [], "register these in their app's admin.py, or list them here with why"


def test_the_inline_and_exclusion_lists_are_not_stale():
    labels = {_label(model) for model in _concrete_models()}
    for label, owner in SHOWN_AS_INLINE.items():
        model, owner_model = apps.get_model(label), apps.get_model(owner)
        assert not admin.site.is_registered(model), f"{label} is registered: drop it here"
        owner_admin = admin.site._registry[owner_model]
        assert any(inline.model is model for inline in owner_admin.inlines), label
    for label in NOT_IN_ADMIN:
        assert label in labels, f"{label} is no model any more"
        assert not admin.site.is_registered(apps.get_model(label)), f"{label} is registered"


def test_every_app_with_views_has_urls_and_a_menu_and_its_menu_is_loaded():
    for config in LUOSHI_APPS:
        if not _has_module(config, "views"):
            continue
        assert _has_module(config, "urls"), f"{config.label} has views but no urls"
        if config.label in WITHOUT_MENU:
            assert not _has_module(config, "menu"), f"{config.label} has a menu: drop it here"
            continue
        assert _has_module(config, "menu"), f"{config.label} has views but no menu module"
        # Registered by the app's ready(), as the main menu reads only what was registered.
        assert f"{config.name}.menu" in sys.modules, f"{config.label}'s ready() skips its menu"


def test_no_app_keeps_its_menu_under_another_name():
    for config in LUOSHI_APPS:
        if config.label != "core":  # core.navigation is the menu's registry itself
            assert not _has_module(config, "navigation"), f"{config.label}: call it menu.py"


# --- the admin of tasks and imports ---------------------------------------------------------

TASKS_AND_IMPORTS = [
    *apps.get_app_config("tasks").get_models(),
    *apps.get_app_config("imports").get_models(),
]

# Records the services write: the admin shows them and never adds one.
NOT_ADDED_IN_ADMIN: set[type[Model]] = {
    ProgressReport,
    ProgressAttachment,
    ChangeRequest,
    ColourChange,
    Notice,
    NoticeEvent,
    NoticeAttachment,
    Notification,
    LeaderInstruction,
    InstructionReceipt,
    SupervisionBulletin,
    ImportBatch,
    ImportItem,
    ImportCorpus,
    CorpusFile,
}


def _admin_url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def records(world, superuser) -> dict[type[Model], Model]:
    """One row of each model of tasks and imports, written straight to the tables."""
    today = dt.date(2026, 6, 30)
    task = Task.objects.create(
        region=world.county,
        year=2026,
        number="1",
        title="新建改造农村公路120公里",
        lead_unit=world.bureau,
        deadline=dt.date(2026, 12, 31),
        percent=Decimal("40"),
    )
    report = ProgressReport.objects.create(
        task=task,
        unit=world.bureau,
        period_start=dt.date(2026, 6, 1),
        period_end=today,
        period_label="2026年6月",
        due_date=today,
        progress="完成40公里",
        state="consolidated",
    )
    notice = Notice.objects.create(
        task=task, unit=world.bureau, colour="yellow", reason="进度滞后", due_date=today
    )
    event = NoticeEvent.objects.create(notice=notice, step="issued", actor=superuser)
    instruction = LeaderInstruction.objects.create(
        task=task, notice=notice, text="请抓紧推进农村公路建设", given_by=superuser
    )
    content = "2026年政府工作报告".encode()
    corpus = ImportCorpus.objects.create(name="公路报告.zip", uploaded_by=superuser)
    batch = ImportBatch.objects.create(
        uploaded_by=superuser,
        file_name="报告.txt",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        status=BatchStatus.REVIEW,
        title="2026年政府工作报告",
    )
    return {
        Task: task,
        Milestone: Milestone.objects.create(
            task=task, quarter=2, text="完成60公里", due_date=today
        ),
        ProgressReport: report,
        ProgressAttachment: ProgressAttachment.objects.create(
            report=report, name="照片.jpg", file="progress/x.jpg", size=3
        ),
        ChangeRequest: ChangeRequest.objects.create(
            task=task, kind="extension", reason="雨季停工", new_deadline=dt.date(2027, 3, 31)
        ),
        StatusLabel: StatusLabel.objects.create(
            region=world.county, status="on_schedule", label="正常推进"
        ),
        ColourChange: ColourChange.objects.create(
            task=task, on=today, previous="green", colour="yellow", reason="落后序时"
        ),
        Notice: notice,
        NoticeEvent: event,
        NoticeAttachment: NoticeAttachment.objects.create(
            notice=notice, event=event, name="整改.pdf", file="notices/x.pdf", size=3
        ),
        Notification: Notification.objects.create(user=superuser, text="请签收督办单"),
        LeaderInstruction: instruction,
        InstructionReceipt: InstructionReceipt.objects.create(
            instruction=instruction, unit=world.bureau
        ),
        SupervisionBulletin: SupervisionBulletin.objects.create(
            region=world.county, kind="monthly", year=2026, period=6, title="6月通报", body="正文"
        ),
        ImportBatch: batch,
        ImportItem: ImportItem.objects.create(
            batch=batch, kind="commitment", position=1, extracted={"text": "建成10所学校"}
        ),
        ImportCorpus: corpus,
        CorpusFile: CorpusFile.objects.create(
            corpus=corpus, position=1, name="公路/报告.txt", outcome="new", batch=batch
        ),
    }


def test_the_records_fixture_covers_every_model_of_tasks_and_imports(records):
    assert set(records) == set(TASKS_AND_IMPORTS)


@pytest.mark.django_db
@pytest.mark.parametrize("model", TASKS_AND_IMPORTS, ids=_label)
def test_the_admin_lists_and_shows_each_model_of_tasks_and_imports(
    model, records, client_for, superuser
):
    client = client_for(superuser)
    listing = client.get(_admin_url(model, "changelist"))
    assert listing.status_code == 200
    assert str(model._meta.verbose_name_plural) in listing.content.decode()
    assert client.get(_admin_url(model, "changelist"), {"q": "公路"}).status_code == 200
    adding = client.get(_admin_url(model, "add"))
    assert adding.status_code == (403 if model in NOT_ADDED_IN_ADMIN else 200)
    assert client.get(_admin_url(model, "change", records[model].pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    # A batch under review may still have its metadata corrected: tested below.
    sorted((model for model in NOT_ADDED_IN_ADMIN if model is not ImportBatch), key=_label),
    ids=_label,
)
def test_records_the_services_write_cannot_be_changed_in_the_admin(
    model, records, client_for, superuser
):
    row = records[model]
    before = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
    client = client_for(superuser)
    url = _admin_url(model, "change", row.pk)
    assert 'name="_save"' not in client.get(url).content.decode()
    assert client.post(url, {"state": "approved", "text": "改过"}).status_code == 403
    row.refresh_from_db()
    assert {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields} == before


def test_a_tasks_state_is_shown_not_edited_in_the_admin(records, client_for, superuser):
    page = client_for(superuser).get(_admin_url(Task, "change", records[Task].pk))
    html = page.content.decode()
    assert 'name="title"' in html and 'name="exempt_reason"' in html  # the decomposition's
    for written_by_the_cycle in ("status", "colour", "percent", "completed_on", "region", "year"):
        assert f'name="{written_by_the_cycle}"' not in html


def test_a_task_with_progress_reports_cannot_be_deleted_in_the_admin(
    records, client_for, superuser
):
    client = client_for(superuser)
    task = records[Task]
    assert client.get(_admin_url(Task, "delete", task.pk)).status_code == 403
    child = Task.objects.create(
        region=task.region,
        year=2026,
        parent=task,
        title="分项",
        lead_unit=task.lead_unit,
        deadline=task.deadline,
    )
    assert client.get(_admin_url(Task, "delete", child.pk)).status_code == 200
    ProgressReport.objects.filter(task=task).update(task=child)
    assert client.get(_admin_url(Task, "delete", child.pk)).status_code == 403
    assert client.get(_admin_url(Task, "delete", task.pk)).status_code == 403  # its sub-item's


def test_an_import_under_review_lets_its_metadata_be_corrected_not_its_status(
    records, client_for, superuser
):
    client = client_for(superuser)
    batch = records[ImportBatch]
    url = _admin_url(ImportBatch, "change", batch.pk)
    html = client.get(url).content.decode()
    assert 'name="title"' in html and 'name="status"' not in html
    batch.status = BatchStatus.COMMITTED
    batch.save()
    assert 'name="title"' not in client.get(url).content.decode()
    assert client.post(url, {"title": "改过"}).status_code == 403


def test_a_task_added_in_the_admin_is_logged_with_its_author(world, client_for, superuser):
    formsets = {}
    for prefix in ("milestones", "colour_changes"):
        formsets |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client_for(superuser).post(
        _admin_url(Task, "add"),
        {
            "region": world.county.pk,
            "year": 2026,
            "number": "2",
            "order": 2,
            "source": "manual",
            "title": "建成10所学校",
            "lead_unit": world.bureau.pk,
            "deadline": "2026-12-31",
            "cadence": "monthly",
            # Not fields of the form: ignored.
            "status": "done",
            "percent": "100",
            **formsets,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    task = Task.objects.get(title="建成10所学校")
    assert (task.created_by, task.status, task.percent) == (superuser, "not_started", 0)
    entry = ActionLog.objects.get(verb="task.created")
    assert entry.actor == superuser
