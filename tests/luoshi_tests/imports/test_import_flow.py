"""A raw report page becomes a reviewed report with targets and results, all or nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from luoshi.core.models import ActionLog
from luoshi.imports.committing import import_batch_commit
from luoshi.imports.models import BatchStatus, Decision, ImportBatch, ImportItem
from luoshi.imports.services import (
    import_batch_create,
    import_batch_read,
    import_item_decide,
    import_items_accept_pending,
)
from luoshi.imports.tasks import read_import_batch_task
from luoshi.indicators.models import Observation, Target
from luoshi.reports.models import ReportVersion, VersionKind, WorkReport

pytestmark = pytest.mark.django_db


def read(actor, content: bytes, name: str = "report.txt") -> ImportBatch:
    created = import_batch_create(actor=actor, file_name=name, content=content)
    return import_batch_read(batch_id=created.batch.pk)


def test_seed_003_becomes_jixians_2024_report_with_results_and_targets(
    jixian, jixian_supervisor, seed_003
):
    batch = read(jixian_supervisor, seed_003, "003.txt")
    assert batch.status == BatchStatus.REVIEW
    assert (batch.doc_type, batch.region, batch.year) == ("work_report", jixian, 2024)
    assert batch.items.filter(kind="target").exists()

    accepted = import_items_accept_pending(actor=jixian_supervisor, batch=batch)
    assert accepted > 20
    # Figures whose names are not in the catalogue wait for the reviewer.
    assert batch.items.filter(decision=Decision.PENDING, kind="indicator").exists()
    result = import_batch_commit(actor=jixian_supervisor, batch=batch)

    report = WorkReport.objects.get(region=jixian, year=2024)
    assert report.speaker_name == "牛永福"
    assert str(report.delivered_on) == "2024-04-08"
    version = report.versions.get()
    assert version.kind == VersionKind.ADOPTED
    assert version.sections.filter(level=1).count() >= 2
    assert version.paragraphs.count() > 50
    assert result.targets >= 6 and result.observations >= 8

    gdp = Observation.objects.get(
        region=jixian, indicator__code="gdp", year=2023, period_kind="year"
    )
    assert (gdp.value, gdp.growth, gdp.unit) == (Decimal("40.3"), Decimal("11.8"), "亿元")
    ranks = {(r.scope, r.rank, r.change) for r in gdp.stated_ranks.all()}
    assert ("全市", 3, 2) in ranks and ("全省", 3, 21) in ranks
    # The figure links back to the paragraph it was read from, in the stored version.
    paragraph = version.paragraphs.get(anchor=gdp.source_anchor)
    assert "40.3亿元" in paragraph.text
    assert gdp.source_text and "11.8%" in gdp.source_text

    gdp_target = Target.objects.get(
        region=jixian, year=2024, indicator__code="gdp", measure="growth"
    )
    assert gdp_target.low == Decimal("7.5") and gdp_target.qualifier == "at_least"
    assert version.paragraphs.filter(anchor=gdp_target.source_anchor).exists()

    batch.refresh_from_db()
    assert (batch.status, batch.report, batch.version) == (BatchStatus.COMMITTED, report, version)
    with pytest.raises(ValidationError):
        import_batch_commit(actor=jixian_supervisor, batch=batch)  # not twice


def test_the_same_file_twice_is_recognised(jixian_supervisor, seed_003):
    first = import_batch_create(actor=jixian_supervisor, file_name="a.txt", content=seed_003)
    second = import_batch_create(actor=jixian_supervisor, file_name="b.txt", content=seed_003)
    assert (first.duplicate, second.duplicate) == (False, True)
    assert second.batch.pk == first.batch.pk
    assert ImportBatch.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02\xff" * 500, ""),
        (b"<html><body><nav>\xe9\xa6\x96\xe9\xa1\xb5</nav></body></html>", ""),
        (b"   \n  ", ""),
    ],
)
def test_unreadable_files_fail_with_a_message_and_store_no_items(
    jixian_supervisor, content, message
):
    batch = read(jixian_supervisor, content, "bad.html")
    assert batch.status == BatchStatus.FAILED
    assert batch.error
    assert not batch.items.exists()
    assert not WorkReport.objects.exists()


def test_an_empty_upload_is_refused(jixian_supervisor):
    with pytest.raises(ValidationError):
        import_batch_create(actor=jixian_supervisor, file_name="x.txt", content=b"")
    assert not ImportBatch.objects.exists()


def test_a_crash_midway_through_commit_leaves_nothing(
    jixian, jixian_supervisor, seed_003, monkeypatch
):
    batch = read(jixian_supervisor, seed_003)
    import_items_accept_pending(actor=jixian_supervisor, batch=batch)

    def fail(**kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr("luoshi.imports.committing.observation_record", fail)
    with pytest.raises(RuntimeError):
        import_batch_commit(actor=jixian_supervisor, batch=batch)
    assert not WorkReport.objects.exists()
    assert not ReportVersion.objects.exists()
    assert not Target.objects.exists()
    assert not Observation.objects.exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REVIEW


def test_an_accepted_figure_without_a_catalogue_indicator_blocks_the_commit(
    jixian, jixian_supervisor, seed_003
):
    batch = read(jixian_supervisor, seed_003)
    item = batch.items.filter(kind="indicator").first()
    import_item_decide(
        actor=jixian_supervisor, item=item, decision="edited", edited={"name": "不存在的指标"}
    )
    with pytest.raises(ValidationError) as error:
        import_batch_commit(actor=jixian_supervisor, batch=batch)
    assert "不存在的指标" in str(error.value)
    assert not WorkReport.objects.exists()
    # Renaming it to a catalogue name (or a synonym) fixes it.
    import_item_decide(
        actor=jixian_supervisor, item=item, decision="edited", edited={"name": "GDP"}
    )
    import_batch_commit(actor=jixian_supervisor, batch=batch)
    assert Observation.objects.filter(indicator__code="gdp").exists()


def test_rejected_items_are_not_committed(jixian, jixian_supervisor, seed_003):
    batch = read(jixian_supervisor, seed_003)
    import_items_accept_pending(actor=jixian_supervisor, batch=batch)
    for item in batch.items.filter(kind="target"):
        import_item_decide(actor=jixian_supervisor, item=item, decision="rejected")
    result = import_batch_commit(actor=jixian_supervisor, batch=batch)
    assert result.targets == 0
    assert not Target.objects.exists()


def test_someone_else_cannot_review_or_commit_my_import(
    jixian, jixian_supervisor, supervisor, liaison, seed_003
):
    batch = read(jixian_supervisor, seed_003)
    item = batch.items.first()
    for intruder in (supervisor, liaison):
        with pytest.raises(PermissionDenied):
            import_item_decide(actor=intruder, item=item, decision="rejected")
        with pytest.raises(PermissionDenied):
            import_batch_commit(actor=intruder, batch=batch)
    with pytest.raises(PermissionDenied):
        import_batch_create(actor=liaison, file_name="x.txt", content=b"abc")
    item.refresh_from_db()
    assert item.decision == Decision.PENDING
    assert not WorkReport.objects.exists()


def test_a_supervisor_of_another_county_cannot_commit_into_jixian(jixian, supervisor, seed_003):
    """The uploader may review, but writing 吉县's report needs rights on 吉县."""
    batch = read(supervisor, seed_003)
    import_items_accept_pending(actor=supervisor, batch=batch)
    with pytest.raises(PermissionDenied):
        import_batch_commit(actor=supervisor, batch=batch)
    assert not WorkReport.objects.exists() and not Observation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_reading_runs_as_a_background_task(jixian_supervisor, seed_003):
    created = import_batch_create(actor=jixian_supervisor, file_name="003.txt", content=seed_003)
    read_import_batch_task.enqueue(created.batch.pk)
    assert ImportBatch.objects.get().status == BatchStatus.QUEUED
    call_command("worker", burst=True)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.progress) == (BatchStatus.REVIEW, 100)
    assert ImportItem.objects.filter(batch=batch).count() > 30
    assert ActionLog.objects.filter(verb="import.read").exists()


def test_import_pages_use_a_fixed_number_of_queries(
    client_for, jixian, jixian_supervisor, seed_003, django_assert_max_num_queries
):
    from django.urls import reverse

    batch = read(jixian_supervisor, seed_003)
    for n in range(12):
        import_batch_create(
            actor=jixian_supervisor, file_name=f"{n}.txt", content=f"第{n}份".encode()
        )
    client = client_for(jixian_supervisor)
    client.get(reverse("home"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("imports:batch_list")).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(reverse("imports:batch_detail", args=[batch.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('class="item ') == batch.items.count()


def test_the_uploader_is_told_at_once_when_the_region_is_not_theirs(jixian, supervisor, seed_003):
    """The region is read with the document: the review page and the API say straight away
    that this uploader cannot commit for 吉县, and the commit button is off."""
    from django.test import Client

    batch = read(supervisor, seed_003)
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'id="write-refusal"' in page and "您没有为吉县录入政府工作报告的权限" in page
    assert 'id="commit-button" disabled' in page
    detail = client.get(f"/api/v1/imports/{batch.pk}").json()
    assert detail["write_refusal"].startswith("您没有为吉县录入政府工作报告的权限")
    import_items_accept_pending(actor=supervisor, batch=batch)
    with pytest.raises(PermissionDenied, match="吉县"):
        import_batch_commit(actor=supervisor, batch=batch)
    assert not WorkReport.objects.exists()


def test_the_regions_own_office_sees_no_refusal(jixian, jixian_supervisor, seed_003):
    from django.test import Client

    batch = read(jixian_supervisor, seed_003)
    client = Client()
    client.force_login(jixian_supervisor)
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'id="write-refusal"' not in page and 'id="commit-button" disabled' not in page
    assert client.get(f"/api/v1/imports/{batch.pk}").json()["write_refusal"] == ""
