"""Writes: projects, stage moves, monthly investment, 纳统 and problems — each validated,
logged, and refused with nothing changed."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.core.models import ActionLog
from luoshi.projects import services
from luoshi.projects.investment_rules import MonthFigures
from luoshi.projects.models import (
    InclusionState,
    MonthlyInvestment,
    ProblemEscalation,
    ProblemState,
    Project,
)
from luoshi.projects.stages import Stage

from .conftest import TODAY, YEAR, make_project, record

pytestmark = pytest.mark.django_db


def fresh(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


# --- projects ------------------------------------------------------------------------------


def test_the_office_adds_a_project_and_the_log_records_it(project):
    assert project.stage == Stage.RESERVE
    assert project.started_planned == date(YEAR, 3, 1)
    assert project.is_statistics_eligible
    assert ActionLog.objects.filter(verb="project.created", target_id=str(project.pk)).exists()


def test_only_the_office_adds_projects(liaison, leader, world):
    for actor in (liaison, leader):
        with pytest.raises(PermissionDenied):
            make_project(actor, world)
    assert not Project.objects.exists()


def test_bad_particulars_are_refused(supervisor, world):
    with pytest.raises(ValidationError) as refused:
        make_project(supervisor, world, annual_plan=Decimal("20000"))
    assert "年度计划投资不能大于总投资" in str(refused.value)
    with pytest.raises(ValidationError):
        make_project(supervisor, world, unit=world.other_bureau)  # a unit of 乙县
    make_project(supervisor, world)
    with pytest.raises(ValidationError):
        make_project(supervisor, world, code="JX-002")  # same name, same county and year
    assert Project.objects.count() == 1


# --- stages --------------------------------------------------------------------------------


def test_stages_move_forward_in_order_and_not_into_the_future(liaison, project):
    services.stage_advance(
        actor=liaison, project=project, stage=Stage.SIGNED, actual_on=date(YEAR, 1, 10), today=TODAY
    )
    services.stage_advance(
        actor=liaison,
        project=project,
        stage=Stage.STARTED,
        actual_on=date(YEAR, 3, 20),
        today=TODAY,
    )
    assert fresh(project).stage == Stage.STARTED
    with pytest.raises(ValidationError) as refused:
        services.stage_advance(
            actor=liaison,
            project=fresh(project),
            stage=Stage.COMPLETED,
            actual_on=date(YEAR, 2, 1),
            today=TODAY,
        )
    assert "不能早于" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.stage_advance(
            actor=liaison,
            project=fresh(project),
            stage=Stage.COMPLETED,
            actual_on=date(2026, 3, 1),
            today=TODAY,
        )
    assert "不能晚于今天" in str(refused.value)
    assert fresh(project).stage == Stage.STARTED
    assert fresh(project).completed_actual is None


def test_completion_needs_a_start_and_inclusion_needs_the_statistics_bureau(liaison, project):
    with pytest.raises(ValidationError) as refused:
        services.stage_advance(
            actor=liaison,
            project=project,
            stage=Stage.COMPLETED,
            actual_on=date(YEAR, 6, 1),
            today=TODAY,
        )
    assert "尚未开工" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.stage_advance(
            actor=liaison,
            project=fresh(project),
            stage=Stage.INCLUDED,
            actual_on=date(YEAR, 6, 1),
            today=TODAY,
        )
    assert "统计部门" in str(refused.value)
    assert fresh(project).stage == Stage.RESERVE


def test_going_back_needs_a_reason_which_is_logged(supervisor, project):
    services.stage_advance(
        actor=supervisor,
        project=project,
        stage=Stage.STARTED,
        actual_on=date(YEAR, 4, 1),
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        services.stage_revert(
            actor=supervisor, project=fresh(project), stage=Stage.APPROVED, reason=" "
        )
    assert fresh(project).stage == Stage.STARTED
    services.stage_revert(
        actor=supervisor,
        project=fresh(project),
        stage=Stage.APPROVED,
        reason="开工日期填错，实为续建准备",
    )
    reverted = fresh(project)
    assert reverted.stage == Stage.RESERVE  # 审批 itself has no date
    assert reverted.started_actual is None
    entry = ActionLog.objects.get(verb="project.stage_reverted")
    assert entry.after["note"] == "开工日期填错，实为续建准备"
    assert entry.before == {"started_actual": "2025-04-01", "stage": "started"}


def test_planned_dates_must_follow_the_stage_order(liaison, project):
    services.stage_plan(
        actor=liaison,
        project=project,
        planned={Stage.COMPLETED: date(YEAR, 11, 30), Stage.STARTED: date(YEAR, 4, 17)},
    )
    assert fresh(project).started_planned == date(YEAR, 4, 1)  # by the month
    with pytest.raises(ValidationError):
        services.stage_plan(
            actor=liaison, project=fresh(project), planned={Stage.OPERATING: date(YEAR, 5, 1)}
        )


def test_a_liaison_of_another_unit_moves_nothing(other_liaison, project):
    with pytest.raises(PermissionDenied):
        services.stage_advance(
            actor=other_liaison,
            project=project,
            stage=Stage.STARTED,
            actual_on=date(YEAR, 4, 1),
            today=TODAY,
        )
    assert fresh(project).started_actual is None


# --- monthly investment ----------------------------------------------------------------------


def test_monthly_figures_accumulate_and_corrections_move_later_months(liaison, project):
    record(liaison, project, 1, 100, planned=Decimal(120))
    record(liaison, project, 2, 200)
    record(liaison, project, 3, 300)
    rows = {r.month: r for r in MonthlyInvestment.objects.filter(project=project)}
    assert [rows[m].year_to_date for m in (1, 2, 3)] == [Decimal(100), Decimal(300), Decimal(600)]
    assert rows[3].since_start == Decimal(600)
    record(liaison, project, 1, 150)
    rows = {r.month: r for r in MonthlyInvestment.objects.filter(project=project)}
    assert [rows[m].year_to_date for m in (1, 2, 3)] == [Decimal(150), Decimal(350), Decimal(650)]
    assert ActionLog.objects.filter(verb="investment.recomputed").count() == 2
    assert ActionLog.objects.filter(verb="investment.corrected").count() == 1


def test_refused_figures_change_nothing(liaison, project):
    record(liaison, project, 1, 100)
    log_count = ActionLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        record(liaison, project, 2, -5)
    assert "本月完成投资不能为负数" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        record(liaison, project, 2, 50, year_to_date=Decimal(500))
    assert "年度累计应为" in str(refused.value)
    assert MonthlyInvestment.objects.count() == 1
    assert ActionLog.objects.count() == log_count


def test_a_month_not_yet_come_is_refused(liaison, world, supervisor):
    current = make_project(supervisor, world, year=2026, name="2026年项目", code="")
    with pytest.raises(ValidationError) as refused:
        services.investment_record(
            actor=liaison,
            project=current,
            figures=MonthFigures(month=12, completed=Decimal(1)),
            today=date(2026, 11, 22),
        )
    assert "还没有到" in str(refused.value)


def test_since_start_given_first_sets_the_carried_amount(liaison, project):
    record(liaison, project, 4, 100, year_to_date=Decimal(400), since_start=Decimal(5400))
    assert fresh(project).invested_before_year == Decimal(5000)
    record(liaison, project, 5, 50)
    assert MonthlyInvestment.objects.get(month=5).since_start == Decimal(5450)


def test_only_the_own_unit_or_the_office_reports(
    other_liaison, leader, representative, liaison, project
):
    for actor in (other_liaison, leader, representative):
        with pytest.raises(PermissionDenied):
            record(actor, project, 1, 100)
    assert not MonthlyInvestment.objects.exists()
    record(liaison, project, 1, 100)
    assert MonthlyInvestment.objects.count() == 1


# --- 纳统 --------------------------------------------------------------------------------------


def start(actor, project, day=date(YEAR, 3, 10)):
    return services.stage_advance(
        actor=actor, project=project, stage=Stage.STARTED, actual_on=day, today=TODAY
    )


def test_inclusion_flow_builder_department_statistics_bureau(
    liaison, unit_head, statistician, supervisor, project, world, statistics_bureau
):
    services.preset_set(actor=supervisor, region=world.county, statistics_unit=statistics_bureau)
    with pytest.raises(ValidationError) as refused:
        services.inclusion_report(actor=liaison, project=project, evidence=services.Evidence())
    assert "尚未开工" in str(refused.value)
    start(liaison, project)
    inclusion = services.inclusion_report(
        actor=liaison, project=fresh(project), evidence=services.Evidence(note="已签施工合同")
    )
    assert inclusion.state == InclusionState.REPORTED
    with pytest.raises(PermissionDenied):  # a liaison does not review
        services.inclusion_review(actor=liaison, inclusion=inclusion)
    services.inclusion_review(actor=unit_head, inclusion=inclusion)
    with pytest.raises(PermissionDenied):  # the department does not accept
        services.inclusion_accept(
            actor=unit_head, inclusion=inclusion, included_on=date(YEAR, 4, 20)
        )
    with pytest.raises(ValidationError):  # before the start
        services.inclusion_accept(
            actor=statistician, inclusion=inclusion, included_on=date(YEAR, 3, 1), today=TODAY
        )
    services.inclusion_accept(
        actor=statistician, inclusion=inclusion, included_on=date(YEAR, 4, 20), today=TODAY
    )
    included = fresh(project)
    assert included.included_actual == date(YEAR, 4, 20)
    assert included.stage == Stage.INCLUDED
    assert inclusion.state == InclusionState.ACCEPTED
    with pytest.raises(ValidationError):
        services.stage_revert(
            actor=supervisor, project=included, stage=Stage.STARTED, reason="误填"
        )


def test_a_returned_report_can_be_reported_again(liaison, unit_head, project):
    start(liaison, project)
    inclusion = services.inclusion_report(
        actor=liaison, project=fresh(project), evidence=services.Evidence()
    )
    with pytest.raises(ValidationError):
        services.inclusion_return(actor=unit_head, inclusion=inclusion, reason="")
    services.inclusion_return(actor=unit_head, inclusion=inclusion, reason="缺少施工合同")
    assert inclusion.state == InclusionState.RETURNED and inclusion.returned_count == 1
    with pytest.raises(ValidationError):
        services.inclusion_review(actor=unit_head, inclusion=inclusion)
    again = services.inclusion_report(
        actor=liaison, project=fresh(project), evidence=services.Evidence()
    )
    assert again.pk == inclusion.pk and again.state == InclusionState.REPORTED


def test_projects_below_500_wan_are_not_included(supervisor, liaison, world):
    small = make_project(
        supervisor,
        world,
        name="小项目",
        code="",
        total_investment=Decimal(300),
        annual_plan=Decimal(100),
    )
    start(liaison, small)
    with pytest.raises(ValidationError) as refused:
        services.inclusion_report(actor=liaison, project=fresh(small), evidence=services.Evidence())
    assert "500万元" in str(refused.value)


# --- problems ------------------------------------------------------------------------------


def test_problems_escalate_county_city_province_and_resolve(liaison, supervisor, project, world):
    problem = services.problem_create(
        actor=liaison,
        project=project,
        data=services.ProblemInput(
            category="land",
            description="项目用地指标未落实",
            unit=world.office,
            deadline=date(YEAR, 6, 30),
        ),
    )
    assert problem.level == "county" and problem.state == ProblemState.OPEN
    with pytest.raises(ValidationError):
        services.problem_escalate(actor=liaison, problem=problem, note="")
    services.problem_escalate(actor=liaison, problem=problem, note="县级无法调剂指标")
    services.problem_escalate(actor=supervisor, problem=problem, note="市级指标已用尽")
    assert problem.level == "province"
    with pytest.raises(ValidationError) as refused:
        services.problem_escalate(actor=supervisor, problem=problem, note="再提")
    assert "省级" in str(refused.value)
    assert list(
        ProblemEscalation.objects.filter(problem=problem).values_list("from_level", "to_level")
    ) == [("county", "city"), ("city", "province")]
    with pytest.raises(ValidationError):
        services.problem_resolve(actor=liaison, problem=problem, resolution="  ")
    services.problem_resolve(actor=liaison, problem=problem, resolution="省自然资源厅调剂指标50亩")
    assert problem.state == ProblemState.RESOLVED
    with pytest.raises(ValidationError):
        services.problem_escalate(actor=liaison, problem=problem, note="再提")
    services.problem_reopen(actor=supervisor, problem=problem, reason="指标未到位")
    assert problem.state == ProblemState.OPEN
    verbs = set(ActionLog.objects.values_list("verb", flat=True))
    assert {"problem.raised", "problem.escalated", "problem.resolved", "problem.reopened"} <= verbs


def test_a_leader_reads_but_does_not_raise_problems(leader, project, world):
    assert leader.has_perm("projects.view_project", project)
    with pytest.raises(PermissionDenied):
        services.problem_create(
            actor=leader,
            project=project,
            data=services.ProblemInput(category="funds", description="资金缺口", unit=world.office),
        )
