"""On the review screen, an indicator the report names that the catalogue lacks is added to
the catalogue in place, and its figures then commit like any other."""

from __future__ import annotations

import pytest
from django.test import Client

from luoshi.imports.committing import import_batch_commit
from luoshi.imports.models import Decision
from luoshi.imports.selectors import item_problems
from luoshi.imports.services import import_batch_create, import_batch_read, import_item_decide
from luoshi.indicators.models import Indicator, Observation, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(jixian, jixian_supervisor, seed_003):
    created = import_batch_create(actor=jixian_supervisor, file_name="003.txt", content=seed_003)
    return import_batch_read(batch_id=created.batch.pk)


def _unknown(batch):
    items = list(batch.items.filter(kind__in=["indicator", "target"]))
    problems = item_problems(items)
    return next(i for i in items if i.pk in problems and "指标目录中没有" in problems[i.pk])


def test_the_review_screen_offers_to_add_an_unknown_indicator_and_then_it_matches(
    batch, jixian, jixian_supervisor
):
    client = Client(enforce_csrf_checks=False)
    client.force_login(jixian_supervisor)
    item = _unknown(batch)
    name = item.value["name"]
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "加入指标目录" in page and f"/items/{item.pk}/catalogue/" in page
    assert ">growth<" not in page and ">at_least<" not in page  # vocabulary shown in Chinese

    response = client.post(
        f"/imports/{batch.pk}/items/{item.pk}/catalogue/",
        {
            "name": name,
            "code": "test_new_indicator",
            "unit": item.value.get("unit") or "",
            "measure": "level",
            "direction": "up",
            "synonyms": "试验别名、另一个叫法",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "指标目录中没有" not in html and "加入指标目录" not in html
    added = Indicator.objects.get(code="test_new_indicator")
    assert (added.name, added.synonyms, added.is_builtin) == (
        name,
        ["另一个叫法", "试验别名"],
        False,
    )
    import_item_decide(actor=jixian_supervisor, item=item, decision=Decision.ACCEPTED)
    import_batch_commit(actor=jixian_supervisor, batch=batch)
    committed = (
        Observation.objects.filter(indicator=added).count()
        + Target.objects.filter(indicator=added).count()
    )
    assert committed == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "gdp"}, "代码"),  # the key is taken
        ({"code": "has space"}, "代码"),
        ({"synonyms": "GDP"}, "已是指标“地区生产总值”的名称或别名"),
        ({"measure": "bogus"}, "请选择考核方式和方向"),
    ],
)
def test_bad_catalogue_input_says_why_and_adds_nothing(batch, jixian_supervisor, fields, message):
    client = Client()
    client.force_login(jixian_supervisor)
    item = _unknown(batch)
    before = Indicator.objects.count()
    data = {
        "name": item.value["name"],
        "code": "fresh_code",
        "unit": "",
        "measure": "level",
        "direction": "up",
        "synonyms": "",
        **fields,
    }
    response = client.post(
        f"/imports/{batch.pk}/items/{item.pk}/catalogue/", data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Indicator.objects.count() == before


def test_a_liaison_cannot_add_to_the_catalogue(batch, jixian, liaison):
    client = Client()
    client.force_login(liaison)
    item = _unknown(batch)
    before = Indicator.objects.count()
    response = client.post(
        f"/imports/{batch.pk}/items/{item.pk}/catalogue/",
        {"name": "某指标", "code": "x_y", "measure": "level", "direction": "up"},
    )
    assert response.status_code == 403
    assert Indicator.objects.count() == before
