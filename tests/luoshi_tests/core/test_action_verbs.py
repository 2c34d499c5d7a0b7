"""Action-log verbs reach pages as words, never as codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType

from luoshi.core.action_verbs import VERB_LABELS, verb_label
from luoshi.core.models import Unit

LUOSHI = Path(__file__).resolve().parents[3] / "luoshi"
DOTTED = re.compile(r'"([a-z_]+\.[a-z_]+)"')
# A line that writes a verb (verb=…, VERB = …) or a helper's `return "x.y"` choosing one.
WRITES_A_VERB = re.compile(r"verb\s*=|VERB\s*=|^\s*return\s+\"", re.IGNORECASE)


def verbs_in_the_code() -> set[str]:
    found = set()
    for source in LUOSHI.rglob("*.py"):
        if "migrations" in source.parts or source.name == "action_verbs.py":
            continue
        for line in source.read_text(encoding="utf-8").splitlines():
            if WRITES_A_VERB.search(line):
                found.update(DOTTED.findall(line))
    return found


def test_every_verb_the_services_write_has_a_label():
    verbs = verbs_in_the_code()
    assert "user.sign_in_failed" in verbs and "progress.saved" in verbs  # the scan finds them
    unlabelled = sorted(verbs - set(VERB_LABELS))
    assert not unlabelled, f"add these to luoshi.core.action_verbs.VERB_LABELS: {unlabelled}"


@pytest.mark.django_db
def test_a_verb_nobody_labelled_is_still_named_in_words():
    unit_type = ContentType.objects.get_for_model(Unit)
    assert verb_label("unit.deleted", unit_type) == "删除单位"
    assert verb_label("something.deleted") == "删除"
    assert verb_label("something.happened", unit_type) == "其他操作"
    assert verb_label("user.sign_in_failed") == "登录失败"


def test_no_label_is_a_code():
    for verb, label in VERB_LABELS.items():
        assert "." not in str(label) and "_" not in str(label), verb
