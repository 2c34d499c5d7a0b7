"""'写入报告草稿': the drafted review becomes a version of next year's report — in the review
section, below the title, once — never touching an adopted text or another region's report.
And every figure of the draft links to a page its reader may open."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.core.models import ActionLog
from luoshi.indicators.models import Indicator
from luoshi.indicators.review_services import REVIEW_WRITTEN_VERB, review_draft_write
from luoshi.indicators.services import SourceRef, observation_record
from luoshi.reports.models import ReportVersion, VersionKind, WorkReport
from luoshi.reports.selectors import version_blocks
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import split_report_text

pytestmark = pytest.mark.django_db

DRAFT_URL = "indicators:review_draft"
WRITE_URL = "indicators:review_to_next_report"
PARAMS = {"region": "930121", "year": 2024}

NEXT_YEAR_DRAFT = """政府工作报告
——2025年1月14日在甲县第十八届人民代表大会第四次会议上
各位代表：
一、2024年工作回顾
一年来，全县上下砥砺奋进，各项事业取得新成效。
二、2025年工作安排
新培育规模以上工业企业10家。
"""


def paragraphs(version: ReportVersion) -> list[str]:
    return list(version.paragraphs.order_by("order").values_list("text", flat=True))


def drafted(texts: list[str]) -> list[str]:
    return [t for t in texts if t.startswith("2024年，全县")]


def stored_state():
    """Everything the write could touch, to prove a refusal changed nothing."""
    return (
        list(WorkReport.objects.values_list("pk", "status", "updated_at")),
        list(ReportVersion.objects.values_list("pk", "number", "kind", "published_at")),
        ActionLog.objects.count(),
    )


def test_writing_creates_next_years_report_and_a_draft_with_the_review_below_the_title(
    client_for, supervisor, world, figures
):
    client = client_for(supervisor)
    response = client.post(reverse(WRITE_URL), PARAMS)
    report = WorkReport.objects.get(region=world.county, year=2025)
    version = report.versions.get()
    assert version.kind == VersionKind.DRAFT and not version.is_published
    blocks = version_blocks(version)
    assert [(b.kind, b.number, b.text) for b in blocks[:2]] == [
        ("paragraph", "", "政府工作报告"),
        ("heading", "一", "2024年工作回顾"),
    ]
    assert blocks[2].text.startswith("2024年，全县地区生产总值完成45.2亿元，同比增长8.1%")
    anchor = version.paragraphs.get(text=blocks[2].text).anchor
    assert response["Location"] == (
        reverse("reports:version_detail", args=[report.pk, 1]) + f"#p-{anchor}"
    )
    # Logged: the report, the version, and the marker that finds the paragraph next time.
    verbs = set(ActionLog.objects.values_list("verb", flat=True))
    assert {"report.created", "report_version.created", REVIEW_WRITTEN_VERB} <= verbs
    page = client.get(response["Location"]).content.decode()
    assert f'id="p-{anchor}"' in page and "已写入2025年报告第 1 版的工作回顾部分。" in page


def test_writing_into_an_existing_draft_adds_a_version_with_the_paragraph_in_its_review(
    supervisor, world, figures
):
    report = report_create(actor=supervisor, region=world.county, year=2025)
    first = report_version_create(
        actor=supervisor,
        report=report,
        kind=VersionKind.DRAFT,
        blocks=split_report_text(NEXT_YEAR_DRAFT),
    )
    written = review_draft_write(actor=supervisor, region=world.county, year=2024)
    assert written.version.number == 2 and written.version.based_on == first
    assert written.version.kind == VersionKind.DRAFT  # an unpublished draft stays a draft
    texts = paragraphs(written.version)
    review_heading = written.version.sections.get(title="2024年工作回顾")
    paragraph = written.version.paragraphs.get(anchor=written.anchor)
    assert paragraph.section == review_heading
    assert texts[:3] == paragraphs(first)[:3]  # title and opening first, untouched
    assert texts[3] == paragraph.text  # the review section opens with the figures
    assert texts[4] == "一年来，全县上下砥砺奋进，各项事业取得新成效。"
    assert paragraphs(first) == [t for t in texts if t != paragraph.text]  # v1 as it was


def test_writing_twice_leaves_one_drafted_paragraph(client_for, supervisor, world, figures):
    client = client_for(supervisor)
    client.post(reverse(WRITE_URL), PARAMS)
    # The figures are corrected, then the review is written again.
    observation_record(
        actor=None,
        region=world.county,
        indicator=Indicator.objects.get(code="gdp"),
        year=2024,
        value=Decimal("45.6"),
        growth=Decimal("8.3"),
    )
    response = client.post(reverse(WRITE_URL), PARAMS, follow=True)
    report = WorkReport.objects.get(region=world.county, year=2025)
    latest = report.versions.order_by("-number")[0]
    assert latest.number == 2
    assert len(drafted(paragraphs(latest))) == 1
    assert "同比增长8.3%" in drafted(paragraphs(latest))[0]
    assert latest.sections.filter(title="2024年工作回顾").count() == 1
    assert "已更新回顾段落" in response.content.decode()
    # Unchanged figures: nothing new is written.
    client.post(reverse(WRITE_URL), PARAMS)
    assert report.versions.count() == 2


def test_writing_twice_finds_the_paragraph_after_a_person_edited_the_draft(
    supervisor, world, figures
):
    first = review_draft_write(actor=supervisor, region=world.county, year=2024)
    # A person polishes the drafted sentence and adds a paragraph above it.
    blocks = version_blocks(first.version)
    edited = [
        *blocks[:2],
        type(blocks[0])("paragraph", "过去一年，我们顶住压力、真抓实干。"),
        type(blocks[0])("paragraph", blocks[2].text.replace("。", "，实现稳中有进。")),
    ]
    report_version_create(
        actor=supervisor, report=first.report, kind=VersionKind.DRAFT, blocks=edited
    )
    second = review_draft_write(actor=supervisor, region=world.county, year=2024)
    texts = paragraphs(second.version)
    assert texts[1] == "过去一年，我们顶住压力、真抓实干。"
    assert len(drafted(texts)) == 1 and second.replaced


def test_a_published_draft_is_not_changed_a_revision_is_written_on_it(supervisor, world, figures):
    report = report_create(actor=supervisor, region=world.county, year=2025)
    published = report_version_create(
        actor=supervisor,
        report=report,
        kind=VersionKind.DRAFT,
        blocks=split_report_text(NEXT_YEAR_DRAFT),
    )
    report_version_publish(actor=supervisor, version=published)
    before = paragraphs(published)
    written = review_draft_write(actor=supervisor, region=world.county, year=2024)
    assert written.version.kind == VersionKind.REVISED and not written.version.is_published
    assert paragraphs(ReportVersion.objects.get(pk=published.pk)) == before


def test_an_adopted_next_year_text_is_never_changed(client_for, supervisor, world, figures):
    report = report_create(actor=supervisor, region=world.county, year=2025)
    adopted = report_version_create(
        actor=supervisor,
        report=report,
        kind=VersionKind.ADOPTED,
        blocks=split_report_text(NEXT_YEAR_DRAFT),
    )
    report_version_publish(actor=supervisor, version=adopted)
    before = stored_state()
    client = client_for(supervisor)
    page = client.get(reverse(DRAFT_URL), PARAMS).content.decode()
    assert 'id="next-adopted"' in page and 'id="to-next-report"' not in page
    response = client.post(reverse(WRITE_URL), PARAMS, follow=True)
    assert "2025年报告的最新版本是正式文本，正式文本不能修改" in response.content.decode()
    assert stored_state() == before
    with pytest.raises(ValidationError):
        review_draft_write(actor=supervisor, region=world.county, year=2024)
    assert stored_state() == before


def test_another_countys_office_cannot_write_into_this_regions_report(
    client_for, other_supervisor, supervisor, world, figures
):
    before = stored_state()
    response = client_for(other_supervisor).post(reverse(WRITE_URL), PARAMS, follow=True)
    assert "您不能写入这个区划的报告。" in response.content.decode()
    assert stored_state() == before and not WorkReport.objects.exists()
    # Nor into an existing draft.
    report = report_create(actor=supervisor, region=world.county, year=2025)
    report_version_create(
        actor=supervisor,
        report=report,
        kind=VersionKind.DRAFT,
        blocks=split_report_text(NEXT_YEAR_DRAFT),
    )
    before = stored_state()
    with pytest.raises(PermissionDenied):
        review_draft_write(actor=other_supervisor, region=world.county, year=2024)
    client_for(other_supervisor).post(reverse(WRITE_URL), PARAMS)
    assert stored_state() == before


def test_a_year_without_any_figure_is_refused_with_a_message(client_for, supervisor, world):
    response = client_for(supervisor).post(reverse(WRITE_URL), PARAMS, follow=True)
    assert "2024年还没有完成数据，无法起草回顾。" in response.content.decode()
    assert not WorkReport.objects.exists()


@pytest.fixture
def november_only(world):
    """2024's industry figure is published up to November only; last year's is complete."""
    industry = Indicator.objects.get(code="industry-value-added")
    observation_record(
        actor=None,
        region=world.county,
        indicator=industry,
        year=2024,
        period_kind="month",
        period_index=10,
        growth=Decimal("7.7"),
    )
    observation_record(
        actor=None,
        region=world.county,
        indicator=industry,
        year=2024,
        period_kind="month",
        period_index=11,
        growth=Decimal("8.2"),
    )
    observation_record(
        actor=None,
        region=world.other_county,
        indicator=industry,
        year=2024,
        period_kind="month",
        period_index=11,
        growth=Decimal("6.0"),
    )


def test_a_missing_full_year_is_drafted_from_the_latest_period_and_says_so(
    client_for, supervisor, world, figures, november_only
):
    client = client_for(supervisor)
    page = client.get(reverse(DRAFT_URL), PARAMS).content.decode()
    assert "；1–11月，规模以上工业增加值同比增长" in page
    assert "8.2%</a>" in page and "7.7%" not in page
    assert "第1位</a>" in page.split("1–11月，")[1]  # ranked among the peers' 1–11月
    assert 'id="partial-note"' in page and "规模以上工业增加值（1–11月）" in page
    assert 'href="/indicators/930121/industry-value-added/#period-2024-month-11"' in page
    # The computed rank links to the comparison it was computed from, in the same period.
    peers = "/indicators/930121/industry-value-added/peers/?year=2024&amp;period=month-11"
    assert f'href="{peers}" title="查看出处">第1位</a>' in page
    comparison = client.get(peers.replace("&amp;", "&"))
    assert comparison.status_code == 200 and "乙县" in comparison.content.decode()
    client.post(reverse(WRITE_URL), PARAMS)
    version = WorkReport.objects.get(region=world.county, year=2025).versions.get()
    (text,) = drafted(paragraphs(version))
    assert "；1–11月，规模以上工业增加值同比增长8.2%" in text


def test_only_part_year_figures_put_the_period_in_the_opening(
    client_for, supervisor, world, november_only
):
    page = client_for(supervisor).get(reverse(DRAFT_URL), PARAMS).content.decode()
    assert "2024年1–11月，全县规模以上工业增加值同比增长" in page
    assert "1–11月，规模" not in page.split("2024年1–11月，")[1]  # said once, in the opening


@pytest.fixture
def sourced_figures(world, supervisor):
    """2024's GDP read from a paragraph of an unpublished text, revenue from a published one."""
    report = report_create(actor=None, region=world.county, year=2024)
    working = report_version_create(
        actor=None,
        report=report,
        kind=VersionKind.DRAFT,
        blocks=split_report_text("一、工作回顾\n全县地区生产总值增长8.1%。\n"),
    )
    published = report_version_create(
        actor=None,
        report=report,
        kind=VersionKind.REVISED,
        blocks=split_report_text("一、工作回顾\n一般公共预算收入完成3.1亿元，增长9.4%。\n"),
    )
    report_version_publish(actor=None, version=published)
    for code, version, growth in (
        ("gdp", working, "8.1"),
        ("general-budget-revenue", published, "9.4"),
    ):
        observation_record(
            actor=None,
            region=world.county,
            indicator=Indicator.objects.get(code=code),
            year=2024,
            growth=Decimal(growth),
            source=SourceRef("document", version, version.paragraphs.get().anchor),
        )
    observation_record(
        actor=None,
        region=world.county,
        indicator=Indicator.objects.get(code="tax-revenue"),
        year=2024,
        growth=Decimal("3.0"),
    )
    return working, published


def figure_links(page: str) -> list[str]:
    return re.findall(r'class="figure" href="([^"]+)"', page)


@pytest.mark.parametrize("reader", ["supervisor", "liaison"])
def test_every_figure_links_to_an_in_app_page_its_reader_can_open(
    request, client_for, world, sourced_figures, reader
):
    user = request.getfixturevalue(reader)
    assert not user.is_staff
    working, published = sourced_figures
    client = client_for(user)
    links = figure_links(client.get(reverse(DRAFT_URL), PARAMS).content.decode())
    assert len(links) == 3
    gdp_paragraph = reverse("reports:version_detail", args=[working.report_id, working.number])
    revenue_paragraph = reverse(
        "reports:version_detail", args=[published.report_id, published.number]
    )
    expected = {
        f"{revenue_paragraph}#p-{published.paragraphs.get().anchor}",
        "/indicators/930121/tax-revenue/#period-2024-year",
        # The unpublished text is open to the people preparing the report only; a liaison
        # is sent to the indicator's page instead.
        f"{gdp_paragraph}#p-{working.paragraphs.get().anchor}"
        if reader == "supervisor"
        else "/indicators/930121/gdp/#period-2024-year",
    }
    assert set(links) == expected
    for link in links:
        assert "/admin/" not in link
        path, fragment = link.split("#")
        page = client.get(path)
        assert page.status_code == 200, link
        assert f'id="{fragment}"' in page.content.decode()


def test_the_draft_page_reads_the_same_number_of_times_whatever_the_figures(
    client_for, supervisor, world, sourced_figures
):
    client = client_for(supervisor)
    client.get(reverse(DRAFT_URL), PARAMS)  # sessions, content types: read once
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(DRAFT_URL), PARAMS)
    for code in ("retail-sales", "fixed-asset-investment", "exports"):
        observation_record(
            actor=None,
            region=world.county,
            indicator=Indicator.objects.get(code=code),
            year=2024,
            period_kind="month",
            period_index=11,
            growth=Decimal("5.0"),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse(DRAFT_URL), PARAMS)
    assert len(figure_links(page.content.decode())) == 6
    assert len(many.captured_queries) == len(few.captured_queries)
