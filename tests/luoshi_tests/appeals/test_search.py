"""Appeals in the search box: staff who may open an appeal find it by its words, nobody else
does, and a contact — the name left, or a phone the citizen typed into the text — is never in
the index."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from luoshi.appeals.handling import appeal_dispatch
from luoshi.appeals.services import AppealInput, appeal_record_call
from luoshi.core.models import SearchEntry
from luoshi_tests.search.test_search_kinds import found

pytestmark = pytest.mark.django_db

TEXT = "我是王小明，电话13912345678，东关村灌溉水渠堵塞，农田浇不上水。"


@pytest.fixture
def appeal(world, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeal_record_call(
            people["office"],
            AppealInput(
                topic="rural",
                region=world.county,
                content=TEXT,
                contact_name="王小明",
                contact_phone="13912345678",
            ),
        ).appeal
        appeal_dispatch(people["office"], appeal, world.bureau)
    return appeal


def test_found_by_those_who_open_it_without_the_contact(client, world, people, appeal):
    key = f"appeal:{appeal.pk}"
    assert key in found(people["office"], "灌溉水渠")
    assert key in found(people["bureau"], "灌溉水渠")  # the unit it was sent to
    assert key not in found(people["other"], "灌溉水渠")  # another county's bureau
    assert key not in found(AnonymousUser(), "灌溉水渠")  # the public
    assert found(people["office"], "13912345678") == []
    assert found(people["office"], "王小明") == []
    entry = SearchEntry.objects.get(kind="appeal", key=str(appeal.pk))
    stored = entry.title + entry.body
    assert "13912345678" not in stored and "王小明" not in stored and "灌溉" in stored
    client.force_login(people["office"])
    page = client.get("/search/", {"q": "灌溉水渠"}).content.decode()
    assert appeal.number in page and "13912345678" not in page
    assert appeal.number not in Client().get("/search/", {"q": "灌溉水渠"}).content.decode()


def test_the_rebuild_writes_them_again(world, people, appeal):
    SearchEntry.objects.filter(kind="appeal").delete()
    call_command("search_rebuild", verbosity=0)
    assert f"appeal:{appeal.pk}" in found(people["office"], "农田浇不上水")
