"""Versions are immutable snapshots whose paragraph anchors survive revisions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.core.models import ActionLog
from luoshi.reports.models import (
    ImmutableContentError,
    ReportParagraph,
    ReportStatus,
    ReportVersion,
    VersionKind,
    WorkReport,
)
from luoshi.reports.paragraph_mapping import carry_anchors
from luoshi.reports.services import report_create, report_version_create, report_version_publish
from luoshi.reports.text_layout import join_report_text, split_report_text
from luoshi.reports.version_diff import diff_paragraphs

pytestmark = pytest.mark.django_db

DRAFT = """一、过去一年的工作回顾
全县地区生产总值完成52.6亿元，增长6.1%。
一般公共预算收入3.2亿元，增长8.4%。
二、今年的主要目标
（一）经济发展目标
地区生产总值增长6%左右。
（二）民生目标
城镇新增就业1500人以上。
"""

REVISED = """一、过去一年的工作回顾
全县地区生产总值完成52.6亿元，增长6.1%，增速居全市第2位。
一般公共预算收入3.2亿元，增长8.4%。
二、今年的主要目标
（一）经济发展目标
地区生产总值增长6%左右。
规模以上工业增加值增长8%。
（二）民生目标
"""


def test_text_layout_reads_headings_and_paragraphs_and_writes_them_back():
    blocks = split_report_text(DRAFT)
    assert [(b.kind, b.number, b.level) for b in blocks[:2]] == [
        ("heading", "一", 1),
        ("paragraph", "", 0),
    ]
    assert blocks[4] == blocks[4].__class__("heading", "经济发展目标", "（一）", 2)
    assert split_report_text(join_report_text(blocks)) == blocks


def test_carry_anchors_keeps_unchanged_and_revised_paragraphs():
    old = [("a1", "甲段原文内容很长"), ("a2", "乙段讲就业"), ("a3", "丙段讲财政收入")]
    anchors = carry_anchors(
        old, ["甲段原文内容很长，补充一句", "新增的一段完全不同的话", "丙段讲财政收入"]
    )
    assert anchors[0] == "a1"  # revised
    assert anchors[2] == "a3"  # unchanged
    assert anchors[1] not in {"a1", "a2", "a3"}  # new
    assert len(set(anchors)) == 3


def test_diff_paragraphs_reports_added_removed_changed_in_order():
    old = [("a", "一"), ("b", "二"), ("c", "三")]
    new = [("a", "一"), ("c", "三改"), ("d", "四")]
    kinds = [(c.kind, c.anchor) for c in diff_paragraphs(old, new)]
    assert kinds == [("unchanged", "a"), ("removed", "b"), ("changed", "c"), ("added", "d")]


def test_a_revision_keeps_anchors_and_the_old_version_never_changes(world, supervisor):
    report = report_create(actor=supervisor, region=world.county, year=2025)
    assert report.title == "2025年甲县政府工作报告"
    draft = report_version_create(
        actor=supervisor, report=report, kind=VersionKind.DRAFT, blocks=split_report_text(DRAFT)
    )
    revised = report_version_create(
        actor=supervisor, report=report, kind=VersionKind.REVISED, blocks=split_report_text(REVISED)
    )
    assert (draft.number, revised.number, revised.based_on_id) == (1, 2, draft.pk)
    old = {p.text: p.anchor for p in draft.paragraphs.all()}
    new = {p.text: p.anchor for p in revised.paragraphs.all()}
    assert new["地区生产总值增长6%左右。"] == old["地区生产总值增长6%左右。"]
    assert (
        new["全县地区生产总值完成52.6亿元，增长6.1%，增速居全市第2位。"]
        == old["全县地区生产总值完成52.6亿元，增长6.1%。"]
    )
    assert new["规模以上工业增加值增长8%。"] not in old.values()
    assert "城镇新增就业1500人以上。" not in new
    # Sections nest and keep their anchors too.
    economy = revised.sections.get(title="经济发展目标")
    assert economy.parent.title == "今年的主要目标"
    assert economy.anchor == draft.sections.get(title="经济发展目标").anchor

    paragraph = draft.paragraphs.first()
    paragraph.text = "篡改"
    with pytest.raises(ImmutableContentError):
        paragraph.save()
    with pytest.raises(ImmutableContentError):
        ReportParagraph.objects.filter(version=draft).update(text="篡改")
    assert ActionLog.objects.filter(verb="report_version.created").count() == 2


def test_a_version_needs_text(world, supervisor):
    report = report_create(actor=supervisor, region=world.county, year=2025)
    with pytest.raises(ValidationError):
        report_version_create(actor=supervisor, report=report, kind=VersionKind.DRAFT, blocks=[])
    with pytest.raises(ValidationError):
        report_version_create(
            actor=supervisor,
            report=report,
            kind=VersionKind.DRAFT,
            blocks=split_report_text("一、只有标题"),
        )
    assert not ReportVersion.objects.exists()


def test_publishing_a_draft_opens_consultation_and_the_adopted_text_closes_the_report(
    world, supervisor
):
    report = report_create(actor=supervisor, region=world.county, year=2025)
    draft = report_version_create(
        actor=supervisor, report=report, kind="draft", blocks=split_report_text(DRAFT)
    )
    report_version_publish(actor=supervisor, version=draft)
    report.refresh_from_db()
    assert report.status == ReportStatus.CONSULTING
    adopted = report_version_create(
        actor=supervisor, report=report, kind="adopted", blocks=split_report_text(REVISED)
    )
    report_version_publish(actor=supervisor, version=adopted)
    report.refresh_from_db()
    assert (report.status, report.adopted_version_id) == (ReportStatus.ADOPTED, adopted.pk)
    with pytest.raises(ValidationError):
        report_version_publish(actor=supervisor, version=adopted)
    assert ActionLog.objects.filter(verb="report.status_changed").count() == 2


@pytest.mark.parametrize("who", ["liaison", "leader", "representative", "other_supervisor"])
def test_only_supervisors_of_the_region_write_and_publish(request, world, supervisor, who):
    from luoshi.accounts.models import Role
    from luoshi_tests.conftest import user_with_role

    report = report_create(actor=supervisor, region=world.county, year=2025)
    draft = report_version_create(
        actor=supervisor, report=report, kind="draft", blocks=split_report_text(DRAFT)
    )
    if who == "other_supervisor":
        actor = user_with_role("sup_other", world.other_bureau, Role.SUPERVISOR)
    else:
        actor = request.getfixturevalue(who)
    log_before = ActionLog.objects.count()
    with pytest.raises(PermissionDenied):
        report_version_publish(actor=actor, version=draft)
    with pytest.raises(PermissionDenied):
        report_version_create(
            actor=actor, report=report, kind="revised", blocks=split_report_text(REVISED)
        )
    with pytest.raises(PermissionDenied):
        report_create(actor=actor, region=world.county, year=2026)
    draft.refresh_from_db()
    assert draft.published_at is None
    assert report.versions.count() == 1
    assert WorkReport.objects.count() == 1
    assert ActionLog.objects.count() == log_before


def test_a_city_supervisor_may_write_a_county_report(world):
    from luoshi.accounts.models import Role
    from luoshi_tests.conftest import user_with_role
    from luoshi_tests.factories import UnitFactory

    city_office = UnitFactory(region=world.city, name="测试市人民政府督查室")
    city_supervisor = user_with_role("city_sup", city_office, Role.SUPERVISOR)
    report = report_create(actor=city_supervisor, region=world.county, year=2025)
    assert report.pk
