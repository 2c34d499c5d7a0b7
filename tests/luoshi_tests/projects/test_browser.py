"""A liaison's month in a real browser: find the project, report the month's investment (a
wrong year to date is refused with the sum it should be), record the start, raise a problem."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from luoshi.projects.models import MonthlyInvestment, Project, ProjectProblem
from luoshi_tests.browser.conftest import chromium_browser, page  # noqa: F401  (fixtures)
from luoshi_tests.browser.test_sign_in_journey import sign_in

from .conftest import YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_reports_the_month_records_the_start_and_raises_a_problem(
    page,  # noqa: F811
    liaison,
    project,
):
    sign_in(page, "liaison1")
    page.goto(f"/projects/?year={YEAR}")
    expect(page.locator("#rate-start")).to_contain_text("开工率")
    page.click(f"#project-table >> text={project.name}")
    expect(page.locator("#project-name")).to_contain_text(project.name)

    page.click("#report-investment")
    page.select_option("#id_month", "1")
    page.fill("#id_completed", "300")
    page.fill("#id_year_to_date", "350")
    page.click("#investment-form button[type=submit]")
    expect(page.locator("#investment-form")).to_contain_text("1月的年度累计应等于本月完成")
    assert not MonthlyInvestment.objects.exists()
    page.fill("#id_year_to_date", "")
    page.click("#investment-form button[type=submit]")
    expect(page.locator("#investment-table")).to_contain_text("300.00")

    page.click("text=更新阶段")
    page.select_option("#stage-advance select[name=stage]", "started")
    page.fill("#stage-advance input[name=actual_on]", f"{YEAR}-03-09")
    page.click("#stage-advance button[type=submit]")
    expect(page.locator("#project-stage")).to_have_text("开工")

    page.click(".pagehead >> text=登记问题")
    page.select_option("#id_category", "land")
    page.fill("#id_description", "项目用地报批滞后")
    page.click("#problem-form button[type=submit]")
    expect(page.locator("#problems")).to_contain_text("项目用地报批滞后")

    stored = Project.objects.get(pk=project.pk)
    assert stored.started_actual == date(YEAR, 3, 9)
    assert MonthlyInvestment.objects.get().year_to_date == Decimal(300)
    assert ProjectProblem.objects.get().level == "county"
