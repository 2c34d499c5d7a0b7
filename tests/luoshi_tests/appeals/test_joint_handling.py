"""Joint handling and dispatch suggestions: the office sends an appeal to a lead unit with
co-units; a co-unit sees it (and the contact, to act on it), gives its opinion, but neither
signs nor answers; a co-unit outside the appeal's reach is refused; the suggestion learns from
who answered such appeals before, from the units' names, and from the township."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.accounts.models import Role
from luoshi.appeals.handling import (
    appeal_answer,
    appeal_assist,
    appeal_dispatch,
    appeal_return,
    appeal_sign,
)
from luoshi.appeals.models import AppealStatus
from luoshi.appeals.services import AppealInput, appeal_record_call
from luoshi.appeals.suggest import suggested_units
from luoshi_tests.api.test_token_writes import bearer, system_client, token_for
from luoshi_tests.appeals.conftest import PHONE, REPLY
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db

OPINION = "经现场核查，该路段电缆老化，已列入明年改造计划。"


@pytest.fixture
def housing(world):
    return UnitFactory(region=world.county, name="甲县住房和城乡建设局", short_name="县住建局")


@pytest.fixture
def helper(housing):
    return user_with_role("jia-housing", housing, Role.LIAISON)


def test_a_co_unit_sees_and_helps_but_the_lead_answers(
    client, world, people, appeal, housing, helper
):
    client.force_login(people["office"])
    client.post(
        f"/appeals/{appeal.number}/dispatch/",
        {"unit": world.bureau.pk, "co_units": [housing.pk], "note": ""},
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DISPATCHED
    assert list(appeal.co_units.all()) == [housing]
    assert "协办：甲县住房和城乡建设局" in appeal.events.get(step="dispatched").note

    client.force_login(helper)
    assert appeal.number in client.get("/appeals/").content.decode()
    page = client.get(f"/appeals/{appeal.number}/").content.decode()
    assert PHONE in page and 'id="assist-form"' in page and 'id="sign-form"' not in page
    assert client.post(f"/appeals/{appeal.number}/sign/").status_code == 403
    client.post(f"/appeals/{appeal.number}/assist/", {"note": OPINION})
    assert appeal.events.get(step="assisted").unit == housing

    appeal_sign(people["bureau"], appeal)
    with pytest.raises(PermissionDenied):
        appeal_answer(helper, appeal, REPLY)
    appeal_answer(people["bureau"], appeal, REPLY)
    with pytest.raises(ValidationError, match="不能再提协办意见"):
        appeal_assist(helper, appeal, housing, OPINION)

    # The other county's bureau sees none of it, in the list or the API.
    client.force_login(people["other"])
    assert appeal.number not in client.get("/appeals/").content.decode()
    api = system_client()
    other = bearer(token_for(people["other"]))
    listed = api.get("/api/v1/appeals", **other).json()
    assert all(item["number"] != appeal.number for item in listed["items"])
    assert api.get(f"/api/v1/appeals/{appeal.number}", **other).status_code == 404


def test_co_units_outside_the_reach_are_refused_and_a_return_takes_them_back(
    world, people, appeal, housing
):
    with pytest.raises(ValidationError, match="协办单位只能是"):
        appeal_dispatch(people["office"], appeal, world.bureau, co_units=[world.other_bureau])
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.RECEIVED and not appeal.events.exists()
    api = system_client()
    office = bearer(token_for(people["office"]))
    url = f"/api/v1/appeals/{appeal.number}/steps"
    refused = api.post(
        url,
        {"step": "dispatch", "unit": world.bureau.pk, "co_units": [world.other_bureau.pk]},
        content_type="application/json",
        **office,
    )
    assert refused.status_code == 422 and "协办单位" in refused.json()["detail"]
    sent = api.post(
        url,
        {"step": "dispatch", "unit": world.bureau.pk, "co_units": [housing.pk]},
        content_type="application/json",
        **office,
    )
    assert sent.json()["co_units"] == [housing.name] and sent.json()["sign_due"]
    appeal_return(people["bureau"], appeal, "路灯归住建局管理，不属于发改局职责，请改派。")
    appeal.refresh_from_db()
    assert appeal.co_units.count() == 0 and appeal.sign_due is None


def test_suggestions_learn_from_history_names_and_the_township(world, people, housing):
    def call(region, topic="housing"):
        return appeal_record_call(
            people["office"],
            AppealInput(topic=topic, region=region, content="小区电梯经常停运，老人上下楼很困难。"),
        ).appeal

    first = call(world.county)
    names = [s.unit for s in suggested_units(first)]
    assert names[0] == housing  # 住房和城乡建设局 carries housing
    assert "职责对口" in suggested_units(first)[0].reason

    # The bureau answered such an appeal before: it comes first, with its count.
    appeal_dispatch(people["office"], first, world.bureau)
    appeal_sign(people["bureau"], first)
    appeal_answer(people["bureau"], first, REPLY)
    second = call(world.county)
    top = suggested_units(second)[0]
    assert top.unit == world.bureau and "1 件" in top.reason

    # A unit that sent this appeal back is not suggested for it again.
    appeal_dispatch(people["office"], second, world.bureau)
    appeal_return(people["bureau"], second, "电梯归住建局监管，不属于发改局职责，请改派。")
    assert world.bureau not in [s.unit for s in suggested_units(second)]

    town = RegionFactory(code="930121102", name="东关街道", level="township", parent=world.county)
    local = UnitFactory(region=town, name="东关街道办事处", kind="township")
    placed = call(town, topic="other")
    assert [s.unit for s in suggested_units(placed)] == [local]
