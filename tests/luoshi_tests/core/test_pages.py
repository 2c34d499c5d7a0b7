import pytest
from django.urls import reverse

from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_region_pages_walk_down_the_tree(client_for, liaison, world):
    client = client_for(liaison)
    provinces = client.get(reverse("core:region_list")).content.decode()
    assert "测试省" in provinces and "甲县" not in provinces
    county = client.get(reverse("core:region_detail", args=["930121"])).content.decode()
    assert "测试省" in county and "测试市" in county  # breadcrumbs
    assert "甲县发展和改革局" in county
    city = client.get(reverse("core:region_detail", args=["930100"])).content.decode()
    assert "甲县" in city and "乙县" in city


def test_region_search_by_name_or_code(client_for, liaison, world):
    client = client_for(liaison)
    by_name = client.get(reverse("core:region_list"), {"q": "乙县"}).content.decode()
    assert "930122" in by_name and "930121" not in by_name
    by_code = client.get(reverse("core:region_list"), {"q": "930121"}).content.decode()
    assert "甲县" in by_code
    nothing = client.get(reverse("core:region_list"), {"q": "<script>alert(1)</script>"})
    assert nothing.status_code == 200
    assert "<script>alert(1)</script>" not in nothing.content.decode()
    assert "没有找到匹配的行政区划" in nothing.content.decode()


def test_unknown_region_or_unit_is_a_404_page(client_for, liaison, world):
    client = client_for(liaison)
    assert client.get(reverse("core:region_detail", args=["999999"])).status_code == 404
    assert client.get(reverse("core:unit_detail", args=[999999])).status_code == 404


def test_unit_list_filters_by_region_kind_and_name(client_for, liaison, world):
    client = client_for(liaison)
    page = client.get(reverse("core:unit_list"), {"region": "930100"}).content.decode()
    assert "甲县发展和改革局" in page and "乙县发展和改革局" in page
    page = client.get(reverse("core:unit_list"), {"q": "乙县"}).content.decode()
    assert "乙县发展和改革局" in page and "甲县发展和改革局" not in page
    page = client.get(reverse("core:unit_list"), {"kind": "government"}).content.decode()
    assert "没有找到符合条件的单位" in page
    page = client.get(reverse("core:unit_list"), {"kind": "nonsense", "page": "abc"})
    assert page.status_code == 200


def test_unit_detail(client_for, liaison, world):
    page = (
        client_for(liaison)
        .get(reverse("core:unit_detail", args=[world.bureau.pk]))
        .content.decode()
    )
    assert "县发改局" in page and "甲县" in page


def test_list_pages_use_a_fixed_number_of_queries(
    client_for, liaison, world, django_assert_max_num_queries
):
    client = client_for(liaison)
    for n in range(40):
        region = RegionFactory(code=f"9303{n:02d}", name=f"丁县{n}", parent=world.city)
        UnitFactory(region=region, name=f"丁县{n}局")
    client.get(reverse("home"))  # session and roles are warm from here on
    with django_assert_max_num_queries(12):
        units = client.get(reverse("core:unit_list"))
    with django_assert_max_num_queries(12):
        regions = client.get(reverse("core:region_list"), {"q": "丁县"})
    with django_assert_max_num_queries(12):
        detail = client.get(reverse("core:region_detail", args=["930100"]))
    # The pages counted are the real pages, not a refusal answered in few queries.
    assert (units.status_code, regions.status_code, detail.status_code) == (200, 200, 200)
    assert "丁县39" in regions.content.decode()


def test_action_log_page_shows_entries(client_for, admin_user, world):
    from luoshi.core.services import unit_update

    unit_update(actor=admin_user, unit=world.bureau, changes={"phone": "0901-7654321"})
    page = client_for(admin_user).get(reverse("core:action_log")).content.decode()
    # The verb is named in words; its code never reaches the page.
    assert "修改单位" in page and "unit.updated" not in page and "0901-7654321" in page
