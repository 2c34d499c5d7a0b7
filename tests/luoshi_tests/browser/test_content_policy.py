"""The Content-Security-Policy in a real browser: the main pages, seen by each role and by the
public, run with no violation reported (a listener installed before any page script records
every `securitypolicyviolation`), and what depends on scripts still works — the charts draw,
plotly.js's stylesheet applies, the text selection on the consultation page, HTMX swaps,
confirmations, the language switch, the admin and Swagger UI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from luoshi.accounts.models import Role, User
from luoshi.demo import dataset
from luoshi.demo.cycle import load_cycle
from luoshi.demo.engagement_data import load_engagement
from luoshi.demo.implementation_data import load_implementation
from luoshi.demo.services import demo_load
from luoshi.engagement.models import Meeting, Opinion
from luoshi.projects.models import Project
from luoshi.reports.models import ReportStatus, WorkReport
from luoshi.tasks.models import Notice, Task
from luoshi_tests.browser.supervision_fixtures import switch_to
from luoshi_tests.browser.test_sign_in_journey import sign_in
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import TEST_PASSWORD, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installed before any script of the page runs, on every page the context opens.
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


@dataclass
class Watch:
    """What went wrong on the pages of one browser tab, page by page."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.add_init_script(LISTENER)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "CSP" in text:
            self.problems.append(f"console {message.type}: {text}")
        elif message.type == "error" and "favicon.ico" not in str(message.location):
            self.problems.append(f"console error: {text} {message.location}")

    def check(self, where: str) -> None:
        """Every violation reported on the page shown now (and anything logged so far)."""
        violations = self.page.evaluate("window.__cspViolations || []")
        found = [f"{where}: {v}" for v in violations] + [f"{where}: {p}" for p in self.problems]
        self.problems.clear()
        assert not found, "\n".join(found)

    def visit(self, path: str, *, expect_status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == expect_status, (path, response)
        header = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in header and "style-src 'self'" in header, (path, header)
        self.page.wait_for_load_state("load")
        self.check(path)


@pytest.fixture
def demo(db: None) -> dict[str, Any]:
    """The demo county (reports, consultation, tasks, notices, projects, figures) with every
    demo user's password set to the test password."""
    demo_load()
    load_cycle()
    load_engagement()
    load_implementation()
    for user in User.objects.all():
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])
    county = dataset.DEMO_COUNTY_CODE
    return {
        "county": county,
        "adopted": WorkReport.objects.filter(status=ReportStatus.ADOPTED).order_by("-year").first(),
        "consulting": WorkReport.objects.get(status=ReportStatus.CONSULTING),
        "task": Task.objects.filter(region__code=county).order_by("pk").first(),
        "notice": Notice.objects.order_by("pk").first(),
        "project": Project.objects.filter(region__code=county).order_by("pk").first(),
        "meeting": Meeting.objects.order_by("pk").first(),
    }


def charts_drawn(page: Page, selector: str, count: int = 1) -> None:
    """Each chart has plotly's svg, laid out by plotly's own stylesheet (served as a file):
    without it the svg layers would not be absolutely positioned."""
    expect(page.locator(f"{selector} .main-svg").first).to_be_visible()
    assert page.locator(f"{selector} svg.main-svg").count() >= count
    position = page.evaluate(
        f"getComputedStyle(document.querySelector('{selector} .main-svg')).position"
    )
    assert position == "absolute"


def test_staff_pages_run_under_the_policy_for_each_role(page: Page, demo: dict[str, Any]) -> None:
    watch = Watch(page)
    county, task = demo["county"], demo["task"]

    # The supervision office: the cycle from report to projects.
    sign_in(page, "duchayuan")
    expect(page.locator("#logout-button")).to_be_visible()
    watch.check("home")
    for path in (
        "/",
        f"/reports/{demo['adopted'].pk}/",
        "/reports/",
        "/indicators/",
        "/tasks/",
        "/tasks/progress/",
        "/tasks/notices/",
        "/engagement/opinions/",
        "/engagement/meetings/",
        "/projects/",
        f"/projects/{demo['project'].pk}/",
        "/actions/",
        "/regions/",
        "/search/?q=项目",
    ):
        watch.visit(path)

    # Charts: an indicator over time and across peers, and the dashboard's three.
    watch.visit(f"/indicators/{county}/gdp/")
    charts_drawn(page, "#chart")
    # Plotly's "download as PNG" (an image drawn from a blob: it made) works under the policy;
    # no button offers to upload the figure to Plotly's cloud.
    page.hover("#chart")
    buttons = page.locator("#chart .modebar-btn")
    titles = [button.get_attribute("data-title") for button in buttons.all()]
    assert "Download plot as a PNG" in titles and "Share chart..." not in titles
    with page.expect_download() as download:
        buttons.nth(titles.index("Download plot as a PNG")).click()
    assert download.value.suggested_filename.endswith(".png")
    watch.check("chart downloaded as PNG")
    watch.visit(f"/indicators/{county}/gdp/peers/")
    charts_drawn(page, "#chart")
    watch.visit("/dashboard/")
    for chart in ("#chart-status", "#chart-colour", "#chart-units"):
        charts_drawn(page, chart)
    watch.check("dashboard charts")

    # The notices' stylesheet is a file now, and it applies.
    watch.visit(f"/tasks/notices/{demo['notice'].pk}/")
    colour = page.locator(".notice-colour").first
    expect(colour).to_have_css("display", "inline-block")

    # A task's page; deleting asks first (data-confirm, no inline onsubmit): saying no keeps it.
    watch.visit(f"/tasks/{task.pk}/")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("form[data-confirm] button[type=submit]").first.click()
    page.wait_for_timeout(300)
    assert questions == ["确定删除这项任务及其分项吗？"]
    assert Task.objects.filter(pk=task.pk).exists()
    watch.check("task delete refused")

    # A meeting's page with its files form.
    watch.visit(f"/engagement/meetings/{demo['meeting'].pk}/")
    expect(page.locator("#meeting-files-form")).to_be_visible()

    # The language switch submits on change (data-autosubmit, no inline onchange).
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    watch.check("language switch")

    # The county head reads the dashboard; a liaison writes progress; a deputy records an
    # opinion.
    switch_to(page, "xianzhang")
    watch.visit("/dashboard/")
    charts_drawn(page, "#chart-status")
    switch_to(page, "fgj_lianluo")
    for path in ("/", "/tasks/", "/tasks/progress/", f"/tasks/{task.pk}/progress/"):
        watch.visit(path)
    switch_to(page, "daibiao")
    watch.visit(f"/engagement/reports/{demo['consulting'].pk}/opinions/new/")


def test_public_pages_run_under_the_policy(page: Page, demo: dict[str, Any]) -> None:
    watch = Watch(page)
    report = demo["consulting"]
    watch.visit("/portal/")
    watch.visit(f"/portal/{demo['county']}/2026/")
    watch.visit(f"/engagement/consult/{demo['adopted'].pk}/feedback/")
    watch.visit("/accounts/login/")

    # The consultation page's script (a file now): selecting words in a paragraph quotes
    # them, and the opinion is sent with its passage.
    watch.visit(f"/engagement/consult/{report.pk}/")
    paragraph = page.locator("p.selectable").first
    anchor = paragraph.get_attribute("data-anchor")
    paragraph.evaluate(
        """p => {
          const range = document.createRange();
          range.setStart(p.firstChild, 0);
          range.setEnd(p.firstChild, 6);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          p.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }"""
    )
    expect(page.locator("#quote-box")).to_be_visible()
    quote = page.locator("#quote-text").inner_text()
    assert len(quote) == 6
    page.fill("#id_text", "建议把农村公路养护写得更具体。")
    page.click("#submit-opinion")
    expect(page.locator(".messages")).to_contain_text("感谢您的意见")
    watch.check("consultation sent")
    sent = Opinion.objects.get(text="建议把农村公路养护写得更具体。")
    assert (sent.anchor, sent.start, sent.end, sent.quote) == (anchor, 0, 6, quote)


def test_the_import_review_and_its_htmx_swaps_run_under_the_policy(
    page: Page, world: Any, seeds_dir: Any
) -> None:
    user_with_role("csp_sup", UnitFactory(region=world.county, name="甲县督查室"), Role.SUPERVISOR)
    watch = Watch(page)
    sign_in(page, "csp_sup")
    watch.visit("/imports/")
    page.set_input_files("input[name=file]", str(next(seeds_dir.glob("003_*.txt"))))
    page.click("#upload-button")
    expect(page.locator("#progress progress.progressbar")).to_be_visible()
    watch.check("import progress")

    call_command("worker", burst=True)  # the background worker reads the document
    expect(page.locator("#meta-form")).to_be_visible(timeout=15_000)  # htmx polled, swapped
    watch.check("import review")
    target = page.locator("li.item[data-kind=target]").first
    target.get_by_role("button", name=re.compile("不采用")).click()  # an HTMX post and swap
    expect(page.locator("li.item-rejected").first).to_be_visible()
    watch.check("import decision swapped")


def test_the_admin_and_the_api_docs_need_no_exception(page: Page, world: Any) -> None:
    UserFactory(username="csp_root", is_superuser=True, is_staff=True)
    meeting = Meeting.objects.create(kind="symposium", title="座谈会", region=world.county)
    watch = Watch(page)
    sign_in(page, "csp_root")
    for path in (
        "/admin/",
        "/admin/core/unit/",
        "/admin/core/unit/add/",
        f"/admin/engagement/meeting/{meeting.pk}/change/",
        "/admin/core/actionlog/",
    ):
        watch.visit(path)
    watch.visit("/api/v1/docs")
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    watch.check("swagger ui")
