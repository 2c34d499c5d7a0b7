import pytest
from django.core.exceptions import ValidationError

from luoshi.core.gazetteer import gazetteer_entries
from luoshi.core.models import ActionLog, Region, RegionLevel
from luoshi.core.services import region_create, regions_load_from_gazetteer

pytestmark = pytest.mark.django_db


def test_gazetteer_has_every_province_city_and_county_with_full_codes():
    entries = list(gazetteer_entries())
    by_code = {e.code: e for e in entries}
    provinces = [e for e in entries if e.level == RegionLevel.PROVINCE]
    assert len(provinces) == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, HK, Macao
    assert all(len(e.code) == 6 and e.code.isdigit() for e in entries)
    assert len(by_code) == len(entries), "codes are unique"
    # A county under a prefecture-level city, with its full parent chain.
    jixian = by_code["141028"]
    assert (jixian.name, jixian.level) == ("吉县", RegionLevel.COUNTY)
    assert by_code[jixian.parent_code].name == "临汾市"
    assert by_code[by_code[jixian.parent_code].parent_code].name == "山西省"
    # Municipality districts and 省直辖县 hang straight under the province.
    assert by_code["110105"].parent_code == "110000"
    assert by_code["429004"].parent_code == "420000"
    assert by_code["710000"].name == "台湾省"
    # Parents always come before their children.
    seen: set[str] = set()
    for entry in entries:
        assert entry.parent_code is None or entry.parent_code in seen
        seen.add(entry.code)


def test_loading_the_gazetteer_is_complete_and_idempotent():
    first = regions_load_from_gazetteer()
    assert first.created > 3000
    assert first.updated == 0
    yixian = Region.objects.select_related("parent__parent").get(code="210727")
    assert (yixian.name, yixian.parent.name, yixian.parent.parent.name) == (
        "义县",
        "锦州市",
        "辽宁省",
    )
    assert Region.objects.filter(name="朝阳区").count() == 2  # Beijing's and Changchun's

    Region.objects.filter(code="210727").update(name="旧名")
    second = regions_load_from_gazetteer()
    assert (second.created, second.updated) == (0, 1)
    assert Region.objects.get(code="210727").name == "义县"
    assert ActionLog.objects.filter(verb="regions.loaded").count() == 2


def test_a_region_must_sit_under_a_parent_of_the_right_level(world, admin_user):
    with pytest.raises(ValidationError) as error:
        region_create(
            actor=admin_user,
            code="930199",
            name="错位县",
            level=RegionLevel.COUNTY,
            parent=world.county,
        )
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        region_create(actor=admin_user, code="93A", name="坏代码", level=RegionLevel.PROVINCE)
    assert not Region.objects.filter(name__in=["错位县", "坏代码"]).exists()
