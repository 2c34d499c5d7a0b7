"""The catalogue has its own page to browse, add and edit, with each entry's history."""

from __future__ import annotations

import pytest

from luoshi.indicators.models import Indicator
from luoshi.indicators.services import indicator_create

pytestmark = pytest.mark.django_db


def test_browse_and_find_by_synonym(client_for, liaison):
    page = client_for(liaison).get("/indicators/catalogue/", {"q": "GDP"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "地区生产总值" in html and "城镇调查失业率" not in html
    assert 'id="catalogue-add"' not in html  # a liaison may read, not add


def test_the_office_adds_an_entry_and_edits_it_with_history(client_for, supervisor):
    client = client_for(supervisor)
    form = client.get("/indicators/catalogue/new/", {"name": "苹果产量", "next": "//evil.example"})
    assert 'value="ping_guo_chan_liang"' in form.content.decode()
    assert 'name="next" value="//evil.example"' not in form.content.decode()
    created = client.post(
        "/indicators/catalogue/new/",
        {
            "code": "apple_output",
            "name": "苹果产量",
            "unit": "万吨",
            "measure": "level",
            "direction": "up",
            "binding": "expected",
            "synonyms_text": "苹果总产量",
            "next": "https://evil.example/",
        },
    )
    assert created.status_code == 302 and created["Location"] == "/indicators/catalogue/"
    apple = Indicator.objects.get(code="apple_output")
    response = client.post(
        "/indicators/catalogue/apple_output/",
        {
            "name": "苹果产量",
            "unit": "万吨",
            "measure": "growth",
            "direction": "up",
            "binding": "expected",
            "synonyms_text": "苹果总产量、水果产量",
            "code": "changed_key",  # ignored: the key is fixed
        },
    )
    assert response.status_code == 302
    apple.refresh_from_db()
    assert (apple.code, apple.measure, apple.synonyms) == (
        "apple_output",
        "growth",
        ["水果产量", "苹果总产量"],
    )
    history = client.get("/indicators/catalogue/apple_output/").content.decode()
    assert "加入目录" in history and "修改" in history
    assert "总量" in history and "增速" in history  # labels, never the codes level/growth


def test_built_in_entries_are_the_administrators(client_for, supervisor, admin_user):
    gdp = Indicator.objects.get(code="gdp")
    data = {
        "name": "地区生产总值",
        "unit": "亿元",
        "measure": "growth",
        "direction": "down",
        "binding": "expected",
        "synonyms_text": "",
    }
    refused = client_for(supervisor).post("/indicators/catalogue/gdp/", data)
    assert refused.status_code == 403
    gdp.refresh_from_db()
    assert gdp.direction == "up" and gdp.synonyms
    page = client_for(supervisor).get("/indicators/catalogue/gdp/").content.decode()
    assert 'id="indicator-form"' not in page and "只有系统管理员可以修改" in page
    data["synonyms_text"] = "、".join(gdp.synonyms)
    assert client_for(admin_user).post("/indicators/catalogue/gdp/", data).status_code == 302
    gdp.refresh_from_db()
    assert gdp.direction == "down"


def test_a_name_already_used_is_refused_with_nothing_stored(client_for, supervisor):
    indicator_create(actor=supervisor, code="pear_output", name="梨产量", measure="level")
    response = client_for(supervisor).post(
        "/indicators/catalogue/new/",
        {
            "code": "pear_again",
            "name": "另一个梨",
            "measure": "level",
            "direction": "up",
            "binding": "expected",
            "synonyms_text": "梨产量",
        },
    )
    assert response.status_code == 200
    assert "已是指标“梨产量”的名称或别名" in response.content.decode()
    assert not Indicator.objects.filter(code="pear_again").exists()
