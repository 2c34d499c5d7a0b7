"""Decomposition services: change, delete, sub-items, milestones, and tasks made from the
adopted report, from targets and from referrals (each only once)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from luoshi.core.models import ActionLog
from luoshi.engagement.models import Meeting, MeetingKind
from luoshi.engagement.services import referral_create
from luoshi.indicators.models import Indicator
from luoshi.indicators.services import target_set
from luoshi.reports.models import VersionKind
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import Block
from luoshi.tasks.models import Milestone, ProgressReport, Task, TaskSource
from luoshi.tasks.services import decomposition as services
from luoshi.tasks.services import decomposition_sources as sources
from luoshi_tests.tasks.conftest import make_task

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "改造提升县城老旧小区12个，加装电梯30部。",
    "建设智慧农业示范园2个，带动周边农户增收。",
    "新增城镇就业岗位3000个以上。",
]


@pytest.fixture
def adopted(world):
    report = report_create(actor=None, region=world.county, year=2026)
    blocks = [
        Block("heading", "今年工作安排", "一、", 1),
        *(Block("paragraph", p) for p in PARAGRAPHS),
    ]
    version = report_version_create(
        actor=None, report=report, kind=VersionKind.ADOPTED, blocks=blocks
    )
    report_version_publish(actor=None, version=version)
    version.refresh_from_db()
    return version


def test_update_changes_fields_and_co_units_with_log(task, supervisor, world, transport):
    services.task_update(
        actor=supervisor,
        task=task,
        changes={
            "title": "新建改造农村公路150公里",
            "co_units": [world.bureau],
            "deadline": date(2026, 11, 30),
        },
    )
    task.refresh_from_db()
    assert task.title == "新建改造农村公路150公里" and task.deadline == date(2026, 11, 30)
    assert list(task.co_units.all()) == []  # the lead unit is never its own co-unit
    assert ActionLog.objects.filter(verb="task.updated").exists()
    assert ActionLog.objects.filter(verb="task.co_units_changed").exists()


def test_update_is_refused_to_a_liaison_and_for_bad_input(task, liaison, supervisor, world):
    with pytest.raises(PermissionDenied):
        services.task_update(actor=liaison, task=task, changes={"title": "改掉"})
    with pytest.raises(ValidationError):
        services.task_update(actor=supervisor, task=task, changes={"title": "  "})
    with pytest.raises(ValidationError):
        services.task_update(actor=supervisor, task=task, changes={"lead_unit": world.other_bureau})
    task.refresh_from_db()
    assert task.title == "新建改造农村公路120公里" and task.lead_unit == world.bureau


def test_sub_items_are_numbered_under_their_parent(task, supervisor, world):
    def sub(title):
        data = services.TaskInput(
            region=world.county,
            year=2026,
            title=title,
            lead_unit=world.bureau,
            deadline=date(2026, 9, 30),
        )
        return services.subitem_create(actor=supervisor, parent=task, data=data)

    first, second = sub("完成路基"), sub("完成路面")
    assert (first.number, second.number) == ("1.1", "1.2")
    assert first.parent == task and first.order == task.order
    assert services.next_child_number(first) == "1.1.1"


def test_milestones_are_added_changed_and_removed(task, supervisor, liaison):
    services.milestones_set(
        actor=supervisor, task=task, texts={1: "完成设计", 2: "完成80公里", 3: "", 4: ""}
    )
    assert {(m.quarter, m.text) for m in task.milestones.all()} == {
        (1, "完成设计"),
        (2, "完成80公里"),
    }
    assert task.milestones.get(quarter=1).due_date == date(2026, 3, 31)
    services.milestones_set(actor=supervisor, task=task, texts={1: "", 2: "完成80公里"})
    assert [m.quarter for m in task.milestones.all()] == [2]
    with pytest.raises(PermissionDenied):
        services.milestone_add(actor=liaison, task=task, quarter=4, text="竣工")
    with pytest.raises(ValidationError):
        services.milestone_add(actor=supervisor, task=task, quarter=5, text="竣工")
    assert Milestone.objects.filter(task=task).count() == 1


def test_delete_only_without_progress_reports(task, supervisor, liaison, world):
    with pytest.raises(PermissionDenied):
        services.task_delete(actor=liaison, task=task)
    child = services.subitem_create(
        actor=supervisor,
        parent=task,
        data=services.TaskInput(
            region=world.county,
            year=2026,
            title="分项",
            lead_unit=world.bureau,
            deadline=date(2026, 6, 30),
        ),
    )
    ProgressReport.objects.create(
        task=child,
        unit=world.bureau,
        period_start=date(2026, 5, 1),
        period_end=date(2026, 5, 31),
        period_label="2026年5月",
        due_date=date(2026, 5, 25),
    )
    with pytest.raises(ValidationError, match="已有进展报告"):
        services.task_delete(actor=supervisor, task=task)
    assert Task.objects.count() == 2
    ProgressReport.objects.all().delete()
    services.task_delete(actor=supervisor, task=task)
    assert not Task.objects.exists()
    assert ActionLog.objects.filter(verb="task.deleted").count() == 1


def test_tasks_from_paragraphs_of_the_adopted_text_once(adopted, supervisor, world, transport):
    anchors = list(adopted.paragraphs.order_by("order").values_list("anchor", flat=True))
    assignment = sources.Assignment(lead_unit=world.bureau, co_units=[transport], leader="赵某")
    created = sources.tasks_from_paragraphs(
        actor=supervisor, version=adopted, anchors=anchors[:2], assignment=assignment
    )
    assert [t.number for t in created] == ["1", "2"]
    first = created[0]
    assert first.source == TaskSource.REPORT and first.source_text == PARAGRAPHS[0]
    assert (
        first.report == adopted.report
        and first.source_version == adopted
        and first.source_anchor == anchors[0]
    )
    assert first.deadline == date(2026, 12, 31) and first.deadline_text == "年底前"
    with pytest.raises(ValidationError, match="不能重复分解"):
        sources.tasks_from_paragraphs(
            actor=supervisor, version=adopted, anchors=anchors[1:], assignment=assignment
        )
    assert Task.objects.count() == 2


def test_paragraph_tasks_need_the_adopted_text_and_the_office(adopted, supervisor, liaison, world):
    draft = report_version_create(
        actor=None,
        report=adopted.report,
        kind=VersionKind.DRAFT,
        blocks=[Block("paragraph", "草稿段落")],
    )
    assignment = sources.Assignment(lead_unit=world.bureau)
    with pytest.raises(ValidationError, match="正式通过"):
        sources.tasks_from_paragraphs(
            actor=supervisor, version=draft, anchors=["p1"], assignment=assignment
        )
    anchor = adopted.paragraphs.first().anchor
    with pytest.raises(PermissionDenied):
        sources.tasks_from_paragraphs(
            actor=liaison, version=adopted, anchors=[anchor], assignment=assignment
        )
    with pytest.raises(ValidationError):
        sources.tasks_from_paragraphs(
            actor=supervisor, version=adopted, anchors=["nope"], assignment=assignment
        )
    assert not Task.objects.exists()


def test_one_task_per_target_once(supervisor, world):
    gdp = Indicator.objects.get(name="地区生产总值")
    target = target_set(
        actor=None,
        region=world.county,
        year=2026,
        indicator=gdp,
        measure="growth",
        low=Decimal("6"),
        high=None,
        qualifier="about",
    )
    [task] = sources.tasks_from_targets(
        actor=supervisor, assignments=[(target, sources.Assignment(lead_unit=world.bureau))]
    )
    assert task.target == target and task.source == TaskSource.TARGET
    assert task.title == "地区生产总值增长6%左右" and task.lead_unit == world.bureau
    with pytest.raises(ValidationError, match="已有任务"):
        sources.tasks_from_targets(
            actor=supervisor, assignments=[(target, sources.Assignment(lead_unit=world.bureau))]
        )
    assert Task.objects.count() == 1


def test_a_referral_becomes_one_task(supervisor, liaison, world, transport):
    deadline = timezone.localdate() + timedelta(days=40)  # a referral's deadline is not past
    meeting = Meeting.objects.create(
        kind=MeetingKind.DELIBERATION, title="甲县代表团审议", region=world.county
    )
    referral = referral_create(
        actor=supervisor,
        summary="研究解决城郊学校停车难问题",
        units=[transport, world.bureau],
        deadline=deadline,
        meeting=meeting,
    )
    with pytest.raises(PermissionDenied):
        sources.task_from_referral(actor=liaison, referral=referral)
    task = sources.task_from_referral(actor=supervisor, referral=referral)
    assert task.referral == referral and task.lead_unit == transport
    assert list(task.co_units.all()) == [world.bureau]
    assert (
        task.deadline == deadline
        and task.year == deadline.year
        and task.source == TaskSource.REFERRAL
    )
    with pytest.raises(ValidationError, match="不能重复"):
        sources.task_from_referral(actor=supervisor, referral=referral)
    assert Task.objects.count() == 1


def test_units_of_a_neighbouring_county_are_refused(supervisor, world):
    with pytest.raises(ValidationError, match="不属于甲县"):
        make_task(supervisor, world, lead_unit=world.other_bureau, co_units=[])
    assert not Task.objects.exists()
