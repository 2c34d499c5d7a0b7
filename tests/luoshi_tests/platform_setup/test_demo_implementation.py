"""The demo county's 2026 implementation: tasks, progress, evaluation, projects, notices."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models

from luoshi.core.models import ActionLog, Region
from luoshi.demo import dataset
from luoshi.demo.cycle import load_cycle
from luoshi.demo.engagement_data import load_engagement
from luoshi.demo.implementation_data import EVALUATED_ON, load_implementation
from luoshi.demo.services import demo_load
from luoshi.projects.models import (
    InclusionState,
    MonthlyInvestment,
    ProblemEscalation,
    ProblemState,
    Project,
    ProjectPreset,
    ProjectProblem,
    StatisticsInclusion,
)
from luoshi.tasks.models import (
    ChangeKind,
    ChangeRequest,
    ColourChange,
    DecisionState,
    LeaderInstruction,
    Milestone,
    Notice,
    NoticeColour,
    NoticeState,
    Notification,
    ProgressReport,
    ReportState,
    SupervisionBulletin,
    Task,
    TaskSource,
    TaskStatus,
)

pytestmark = pytest.mark.django_db

EXPECTED = {
    "tasks": 16,
    "milestones": 59,
    "reports": 111,
    "change_requests": 1,
    "notices": 3,
    "instructions": 1,
    "bulletins": 1,
    "projects": 7,
    "investments": 33,
    "problems": 3,
}

# Everything the loader writes that has its own row in the action log.
LOGGED_MODELS: tuple[type[models.Model], ...] = (
    Task,
    Milestone,
    ProgressReport,
    ChangeRequest,
    Notice,
    LeaderInstruction,
    SupervisionBulletin,
    Project,
    ProjectPreset,
    MonthlyInvestment,
    StatisticsInclusion,
    ProjectProblem,
    ProblemEscalation,
)


def load_everything() -> dict[str, int]:
    demo_load()
    load_cycle()
    load_engagement()
    return load_implementation()


def county() -> Region:
    return Region.objects.get(code=dataset.DEMO_COUNTY_CODE)


def test_tasks_come_from_the_adopted_report_and_its_targets_and_are_counted():
    created = load_everything()
    assert created == EXPECTED
    tasks = Task.objects.filter(region=county(), year=2026)
    assert tasks.count() == created["tasks"]
    assert Milestone.objects.filter(task__in=tasks).count() == created["milestones"]
    assert ProgressReport.objects.filter(task__in=tasks).count() == created["reports"]
    assert Notice.objects.filter(task__in=tasks).count() == created["notices"]
    projects = Project.objects.filter(region=county(), year=2026)
    assert projects.count() == created["projects"]
    assert MonthlyInvestment.objects.filter(project__in=projects).count() == 33
    assert ProjectProblem.objects.filter(project__in=projects).count() == created["problems"]

    adopted = tasks.filter(source=TaskSource.REPORT, parent=None)
    assert adopted.count() == 2
    for task in adopted:
        assert task.source_version == task.report.adopted_version
        assert task.source_version.paragraphs.get(anchor=task.source_anchor).text == task.title
        assert task.children.count() == 2
    assert tasks.filter(source=TaskSource.TARGET, target__isnull=False).count() == 7
    assert tasks.filter(is_public=True).count() >= 2
    assert {t.cadence for t in tasks} == {"weekly", "monthly", "quarterly"}
    assert all(t.leader and t.deadline.year == 2026 for t in tasks)
    # A co-unit with its own people reported, and the lead unit consolidated its report.
    road = tasks.get(title="新建改造农村公路100公里")
    assert road.lead_unit.short_name == "县交通运输局"
    contribution = ProgressReport.objects.filter(
        task__title="固定资产投资达到56亿元以上", unit__short_name="县交通运输局"
    ).first()
    assert contribution is not None
    assert contribution.submitted_by.username == "jtj_lianluo"
    assert contribution.signed_by.username == "jtj_shenhe"
    consolidated = ProgressReport.objects.filter(
        task__in=tasks, consolidated_into__isnull=False
    ).select_related("consolidated_into")
    assert consolidated.exists()
    assert all(r.consolidated_into.unit_id == r.task.lead_unit_id for r in consolidated)


def test_reports_states_colours_notices_and_projects_are_varied():
    load_everything()
    tasks = Task.objects.filter(region=county(), year=2026)
    reports = ProgressReport.objects.filter(task__in=tasks)
    assert set(reports.values_list("state", flat=True)) == {
        ReportState.APPROVED,
        ReportState.CONSOLIDATED,
        ReportState.SIGNED,
        ReportState.SUBMITTED,
    }
    # Every report is for a period of the first three quarters, written against fixed dates.
    assert max(reports.values_list("period_end", flat=True)) == date(2026, 9, 30)
    returned = reports.get(returned_count__gt=0)
    assert returned.return_reason and returned.state == ReportState.APPROVED
    # Work waits in the inboxes: a head to sign, a lead unit to consolidate, the office.
    assert reports.filter(state=ReportState.SUBMITTED, unit__short_name="县发改局").exists()
    waiting_for_lead = reports.filter(state=ReportState.SIGNED).select_related("task")
    assert any(r.unit_id == r.task.lead_unit_id for r in waiting_for_lead)

    assert {t.evaluated_on for t in tasks} == {EVALUATED_ON}
    colours = [t.colour for t in tasks]
    assert colours.count("red") == 1 and colours.count("yellow") >= 2
    assert colours.count("green") > len(colours) // 2
    statuses = {t.status for t in tasks}
    assert {TaskStatus.DONE, TaskStatus.AHEAD, TaskStatus.LAGGING, TaskStatus.NOT_STARTED} <= (
        statuses
    )
    recovered = [c for c in ColourChange.objects.filter(task__in=tasks) if c.is_recovery]
    assert recovered and recovered[0].previous == "red"
    assert recovered[0].task.colour == "green"
    assert ColourChange.objects.filter(task__in=tasks, on__gt=EVALUATED_ON).count() == 0

    request = ChangeRequest.objects.get(task__in=tasks)
    assert (request.kind, request.state) == (ChangeKind.EXTENSION, DecisionState.PENDING)
    assert request.new_deadline > request.task.deadline

    notices = Notice.objects.filter(task__in=tasks)
    # Red only for what is overdue: a passed deadline, a missed quarterly node.
    red = {n.task.title: n for n in notices.filter(colour=NoticeColour.RED)}
    assert set(red) == {"9月底前完成城关镇老旧小区改造8个", "规模以上工业增加值增长8%以上"}
    assert all(n.state == NoticeState.ISSUED for n in red.values())
    assert "已逾期15天" in red["9月底前完成城关镇老旧小区改造8个"].reason
    assert "季度节点" in red["规模以上工业增加值增长8%以上"].reason
    # The pending extension holds the cold-chain centre's notice back.
    assert not notices.filter(task=request.task).exists()
    answered = notices.get(state=NoticeState.ANSWERED)
    assert answered.colour == NoticeColour.YELLOW and answered.answer
    assert answered.received_by.username == "nyj_lianluo"
    assert all(n.number.startswith("督办〔2026〕") for n in notices)
    assert Notification.objects.filter(user__username="nyj_lianluo").exists()

    # Key projects: stages, January–September investment, 纳统 and problems.
    projects = Project.objects.filter(region=county(), year=2026)
    assert len({p.stage for p in projects}) >= 4
    months = set(MonthlyInvestment.objects.values_list("month", flat=True))
    assert months == set(range(1, 10))
    inclusions = StatisticsInclusion.objects.filter(project__in=projects)
    accepted = inclusions.get(state=InclusionState.ACCEPTED)
    assert accepted.project.included_actual is not None and accepted.project.stage == "included"
    assert {i.state for i in inclusions} == {
        InclusionState.ACCEPTED,
        InclusionState.REVIEWED,
        InclusionState.REPORTED,
    }
    escalated = ProjectProblem.objects.get(project__in=projects, level="city")
    assert escalated.state == ProblemState.OPEN and escalated.escalations.count() == 1
    assert ProjectProblem.objects.filter(state=ProblemState.RESOLVED).count() == 1
    assert projects.exclude(task=None).count() >= 3
    assert ProjectPreset.objects.get(region=county()).statistics_unit.short_name == "县统计局"


def test_every_object_went_through_the_action_log_and_loading_again_changes_nothing():
    load_everything()
    for model in LOGGED_MODELS:
        ids = {str(pk) for pk in model._default_manager.values_list("pk", flat=True)}
        assert ids, model.__name__
        logged = set(
            ActionLog.objects.filter(
                target_type=ContentType.objects.get_for_model(model)
            ).values_list("target_id", flat=True)
        )
        assert ids <= logged, model.__name__
    assert ActionLog.objects.filter(verb="progress.returned").count() == 1
    assert ActionLog.objects.filter(verb="tasks.evaluated").count() == 1

    def snapshot() -> dict[str, int]:
        rows = {m.__name__: m._default_manager.count() for m in LOGGED_MODELS}
        rows["ActionLog"] = ActionLog.objects.count()
        rows["ColourChange"] = ColourChange.objects.count()
        rows["Notification"] = Notification.objects.count()
        return rows

    before = snapshot()
    assert load_implementation() == dict.fromkeys(EXPECTED, 0)
    assert load_everything() == dict.fromkeys(EXPECTED, 0)
    assert snapshot() == before
