"""A provincial-style report (the team's own test document) yields its main-targets table."""

from decimal import Decimal
from pathlib import Path

import pytest

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel
from luoshi.imports.committing import import_batch_commit
from luoshi.imports.services import (
    import_batch_create,
    import_batch_read,
    import_items_accept_pending,
)
from luoshi.indicators.models import Target
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db

DOCUMENT = Path(__file__).resolve().parents[2] / "zhtext" / "documents" / "own_province_report.txt"


def test_the_main_targets_paragraph_becomes_a_targets_table():
    province = RegionFactory(code="340000", name="安徽省", level=RegionLevel.PROVINCE, kind="省")
    supervisor = user_with_role(
        "ah_sup", UnitFactory(region=province, name="安徽省人民政府督查室"), Role.SUPERVISOR
    )
    created = import_batch_create(
        actor=supervisor, file_name=DOCUMENT.name, content=DOCUMENT.read_bytes()
    )
    batch = import_batch_read(batch_id=created.batch.pk)
    assert (batch.doc_type, batch.region, batch.year) == ("work_report", province, 2026)
    import_items_accept_pending(actor=supervisor, batch=batch)
    import_batch_commit(actor=supervisor, batch=batch)

    table = {
        (t.indicator.code, t.measure): (t.qualifier, t.low, t.high, t.direction)
        for t in Target.objects.filter(region=province, year=2026).select_related("indicator")
    }
    assert table[("gdp", "growth")] == ("about", Decimal("5.5"), Decimal("5.5"), "up")
    assert table[("industry-value-added", "growth")][:2] == ("at_least", Decimal("6"))
    assert table[("cpi", "growth")][0] == "at_most" and table[("cpi", "growth")][2] == Decimal("2")
    assert table[("energy-intensity", "growth")] == (
        "about",
        Decimal("2.5"),
        Decimal("2.5"),
        "down",
    )
    assert any(qualifier == "in_step" for qualifier, *_rest in table.values())
    assert (
        Target.objects.get(region=province, year=2026, indicator__code="gdp").describe()
        == "5.5%左右"
    )
