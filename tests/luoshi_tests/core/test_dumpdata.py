"""`luoshi dumpdata` dumps the whole database although django_rq declares a model without a
table (its admin link, `Dashboard`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from luoshi.core.action_log import log_action
from luoshi.core.management.commands.dumpdata import tableless_models
from luoshi.core.models import ActionLog, Unit

pytestmark = pytest.mark.django_db


def test_the_models_without_a_table_are_found():
    assert tableless_models("default") == ["django_rq.Dashboard"]


def test_dumpdata_of_everything_succeeds_and_holds_the_data(world, tmp_path: Path):
    log_action(actor=None, verb="test.dumped", target=world.bureau)
    output = tmp_path / "everything.json"

    call_command("dumpdata", output=str(output), verbosity=0)

    objects = json.loads(output.read_text(encoding="utf-8"))
    by_model: dict[str, int] = {}
    for item in objects:
        by_model[item["model"]] = by_model.get(item["model"], 0) + 1
    assert by_model["core.unit"] == Unit.objects.count()
    assert by_model["core.actionlog"] == ActionLog.objects.count()
    assert "django_rq.dashboard" not in by_model
    entry = next(item for item in objects if item["model"] == "core.actionlog")
    assert len(entry["fields"]["entry_hash"]) == 64


def test_an_explicit_exclude_still_applies(world, tmp_path: Path):
    output = tmp_path / "some.json"
    call_command("dumpdata", "core", exclude=["core.region"], output=str(output), verbosity=0)
    models = {item["model"] for item in json.loads(output.read_text(encoding="utf-8"))}
    assert "core.unit" in models and "core.region" not in models
