import io

import pytest
from django.core.management import call_command

from luoshi.accounts.models import Membership, Role, User
from luoshi.core.models import ActionLog, Region, Unit
from luoshi.demo import dataset
from luoshi.demo.services import demo_load

pytestmark = pytest.mark.django_db


def test_demo_world_has_a_county_a_dozen_units_and_every_role():
    result = demo_load()
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    assert [county.parent.name, county.parent.parent.name] == ["云泽市", "江岭省"]
    assert Unit.objects.filter(region=county).count() >= 12
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(result.admin_password)
    liaison = User.objects.get(username="fgj_lianluo")
    assert liaison.check_password(result.demo_password)
    assert ActionLog.objects.filter(verb="unit.created").count() == Unit.objects.count()


def test_loading_the_demo_twice_changes_nothing_and_prints_no_new_password():
    demo_load()
    counts = (
        Region.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    again = demo_load()
    assert again.admin_password is None and again.demo_password is None
    assert counts == (
        Region.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_demo_command_prints_the_credentials_once():
    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out)
    text = out.getvalue()
    assert "admin /" in text and "fgj_lianluo" in text
    assert Region.objects.filter(source="gazetteer").count() > 3000
    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out)
    assert "admin /" not in out.getvalue()
    assert "changepassword" in out.getvalue()


def test_demo_cycle_has_three_years_of_reports_targets_and_monthly_figures():
    from luoshi.demo.cycle import load_cycle
    from luoshi.indicators.models import Observation, Target
    from luoshi.indicators.selectors import indicator_table
    from luoshi.reports.models import ReportStatus, WorkReport
    from luoshi.reports.selectors import version_diff

    demo_load()
    created = load_cycle()
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    reports = WorkReport.objects.filter(region=county).order_by("year")
    assert [r.year for r in reports] == [2024, 2025, 2026]
    assert all(r.status == ReportStatus.ADOPTED for r in reports)
    latest = reports.last()
    draft, adopted = latest.versions.order_by("number")
    changes = [c.kind for c in version_diff(draft, adopted)]
    assert changes.count("changed") == 1 and changes.count("unchanged") == len(changes) - 1
    assert Target.objects.filter(region=county, year=2026).count() == 9
    peers = Region.objects.filter(parent=county.parent).count()
    assert Observation.objects.count() == created["observations"] == peers * 12 * (12 + 12 + 10 + 2)
    rows = indicator_table(region=county, year=2026, period_kind="month", period_index=10)
    gdp = next(r for r in rows if r.indicator.code == "gdp")
    assert gdp.peer_count == peers and gdp.peer_rank is not None and gdp.tier
    assert load_cycle() == {"reports": 0, "targets": 0, "observations": 0}


def test_demo_consultation_and_deliberation():
    from luoshi.demo.cycle import load_cycle
    from luoshi.demo.engagement_data import load_engagement
    from luoshi.engagement.models import Meeting, Opinion, Referral
    from luoshi.engagement.selectors import opinion_stats
    from luoshi.reports.models import ReportStatus, WorkReport

    demo_load()
    load_cycle()
    assert load_engagement() == {"meetings": 2, "opinions": 6}
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    stats = opinion_stats(WorkReport.objects.get(region=county, year=2026))
    assert (stats.total, stats.answered, stats.revisions) == (
        5,
        5,
        1,
    )  # roads and parks: one paragraph
    assert WorkReport.objects.get(region=county, year=2027).status == ReportStatus.CONSULTING
    deliberation = Meeting.objects.get(kind="deliberation")
    assert deliberation.instructions.count() == 3 and deliberation.speeches.count() == 2
    assert Referral.objects.count() == 3
    assert Opinion.objects.filter(channel="public").count() == 1
    assert load_engagement() == {"meetings": 0, "opinions": 0}


def test_demo_study_tour_and_deputies_suggestions():
    from luoshi.demo.cycle import load_cycle
    from luoshi.demo.engagement_data import load_engagement
    from luoshi.demo.study_tour_data import load_study_tours
    from luoshi.engagement.models import CooperationItem, Opinion
    from luoshi.engagement.suggestion_selectors import delegation_sessions, suggestion_statistics

    demo_load()
    load_cycle()
    load_engagement()
    assert load_study_tours() == {"items": 3, "suggestions": 2}
    items = CooperationItem.objects.order_by("pk")
    assert [i.status for i in items] == ["signed", "following", "following"]
    assert items[0].projects.count() == 1
    deputy = User.objects.get(username="daibiao")
    handed = Opinion.objects.filter(submitted_by=deputy, deadline__isnull=False)
    assert handed.count() == 2 and handed.filter(category="B").count() == 1
    assert [m.delegation for m in delegation_sessions(deputy)] == ["城关代表团"]
    _by_deputy, by_delegation = suggestion_statistics(
        User.objects.get(username="duchayuan"), year=None
    )
    assert [(r.delegation, r.total, r.answered) for r in by_delegation] == [("城关代表团", 2, 1)]
    assert load_study_tours() == {"items": 0, "suggestions": 0}
