"""News pages about meetings (seeds 000, 001, 004) become meeting records."""

from datetime import date

import pytest

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel
from luoshi.engagement.models import Meeting, MeetingKind
from luoshi.imports.committing import import_batch_commit
from luoshi.imports.services import (
    import_batch_create,
    import_batch_read,
    import_items_accept_pending,
)
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaoning():
    province = RegionFactory(code="210000", name="辽宁省", level=RegionLevel.PROVINCE, kind="省")
    jinzhou = RegionFactory(code="210700", name="锦州市", level=RegionLevel.CITY, parent=province)
    RegionFactory(code="210727", name="义县", parent=jinzhou)
    return province


@pytest.fixture
def shanxi():
    province = RegionFactory(code="140000", name="山西省", level=RegionLevel.PROVINCE, kind="省")
    RegionFactory(code="141100", name="吕梁市", level=RegionLevel.CITY, parent=province)
    return province


def commit_seed(seeds_dir, prefix, user):
    content = next(seeds_dir.glob(f"{prefix}_*.txt")).read_bytes()
    batch = import_batch_read(
        batch_id=import_batch_create(
            actor=user, file_name=f"{prefix}.txt", content=content
        ).batch.pk
    )
    assert batch.create_meetings and not batch.create_version
    import_items_accept_pending(actor=user, batch=batch)
    return import_batch_commit(actor=user, batch=batch)


def test_seed_000_is_a_symposium_with_groups_and_two_site_visits(seeds_dir, liaoning):
    user = user_with_role(
        "ln_sup", UnitFactory(region=liaoning, name="辽宁省人民政府督查室"), Role.SUPERVISOR
    )
    result = commit_seed(seeds_dir, "000", user)
    kinds = sorted(m.kind for m in result.meetings)
    assert kinds == ["inspection", "inspection", "symposium"]
    symposium = Meeting.objects.get(kind=MeetingKind.SYMPOSIUM)
    assert symposium.date == date(2024, 12, 25)
    assert symposium.region.name == "义县" and symposium.region.parent.name == "锦州市"
    host = symposium.people.get(role="host")
    assert (host.name, host.titles) == ("李乐成", ["省委副书记", "省长"])
    sectors = set(symposium.groups.values_list("sector", flat=True))
    assert "企业干部群众代表" in sectors and len(sectors) >= 4


def test_seed_001_is_a_deliberation_with_deputies_topics_and_six_instructions(seeds_dir, shanxi):
    user = user_with_role(
        "sx_sup", UnitFactory(region=shanxi, name="山西省人民政府督查室"), Role.SUPERVISOR
    )
    result = commit_seed(seeds_dir, "001", user)
    meeting = next(m for m in result.meetings if m.kind == MeetingKind.DELIBERATION)
    assert meeting.date == date(2024, 1, 23)
    assert meeting.delegation == "吕梁代表团"
    assert meeting.people.get(role="host").name == "金湘军"
    assert meeting.speeches.count() >= 5
    assert [i.ordinal for i in meeting.instructions.all()] == [1, 2, 3, 4, 5, 6]
    assert "高标准农田建设" in meeting.topics


def test_seed_004_is_a_summary_meeting_on_may_11_without_a_year(seeds_dir, liaoning):
    user = user_with_role(
        "ln_sup", UnitFactory(region=liaoning, name="辽宁省人民政府督查室"), Role.SUPERVISOR
    )
    result = commit_seed(seeds_dir, "004", user)
    meeting = next(m for m in result.meetings if m.kind == MeetingKind.SUMMARY)
    assert (meeting.date, meeting.date_text) == (None, "5月11日")
    names = dict(meeting.people.values_list("name", "role"))
    assert names["郝鹏"] == "host" and "李乐成" in names
    assert meeting.people.get(name="郝鹏").titles == ["省委书记", "省人大常委会主任"]
    assert meeting.groups.filter(sector__contains="负责同志").exists()
