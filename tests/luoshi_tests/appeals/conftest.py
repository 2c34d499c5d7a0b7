"""The people and the appeal the handling tests share: a county office, a bureau of the
county, a bureau of another county, and a hotline call about a street light."""

from __future__ import annotations

import pytest

from luoshi.accounts.models import Role
from luoshi.appeals.services import AppealInput, appeal_record_call
from luoshi_tests.conftest import user_with_role

PHONE = "13912345678"
REPLY = "已安排维修班组，路灯于12月8日修复，今后纳入每月巡查。"


@pytest.fixture
def people(world):
    return {
        "office": user_with_role("jia-office", world.office, Role.SUPERVISOR),
        "bureau": user_with_role("jia-bureau", world.bureau, Role.LIAISON),
        "other": user_with_role("yi-bureau", world.other_bureau, Role.LIAISON),
    }


@pytest.fixture
def appeal(world, people):
    return appeal_record_call(
        people["office"],
        AppealInput(
            topic="urban",
            region=world.county,
            content="村口的路灯坏了两个多月，晚上出行很不方便。",
            contact_name="王小明",
            contact_phone=PHONE,
        ),
    ).appeal
