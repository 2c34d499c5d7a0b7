"""The hand-over from an imported report to decomposition: the commitments accepted on the
review screen are stored with their paragraph and offered on 从报告分解 as task drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.accounts.models import Role
from luoshi.imports.committing import import_batch_commit
from luoshi.imports.models import Decision
from luoshi.imports.services import import_batch_create, import_batch_read, import_item_decide
from luoshi.reports.models import Commitment, WorkReport
from luoshi.reports.services import report_version_publish
from luoshi.tasks.models import Task, TaskSource
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jixian_units(jixian):
    return {
        "finance": UnitFactory(region=jixian, name="吉县财政局"),
        "housing": UnitFactory(region=jixian, name="吉县住房和城乡建设管理局"),
        "education": UnitFactory(region=jixian, name="吉县教育科技局"),
    }


def _imported_report(supervisor, content: bytes) -> WorkReport:
    created = import_batch_create(actor=supervisor, file_name="003.txt", content=content)
    batch = import_batch_read(batch_id=created.batch.pk)
    for item in batch.items.filter(kind="commitment"):
        import_item_decide(actor=supervisor, item=item, decision=Decision.ACCEPTED)
    result = import_batch_commit(actor=supervisor, batch=batch)
    assert result.report is not None and result.version is not None
    assert result.commitments == batch.items.filter(kind="commitment").count() > 20
    return result.report


def test_accepted_commitments_are_stored_with_their_paragraph_and_section(
    jixian, jixian_supervisor, seed_003
):
    report = _imported_report(jixian_supervisor, seed_003)
    version = report.versions.get()
    commitments = list(report.commitments.all())
    assert len(commitments) > 20
    for commitment in commitments:
        paragraph = version.paragraphs.get(anchor=commitment.anchor)
        assert commitment.text in paragraph.text
        assert commitment.version == version
    assert all(c.section for c in commitments)
    assert [c.order for c in commitments] == sorted(c.order for c in commitments)


def test_rejected_commitments_are_not_stored(jixian, jixian_supervisor, seed_003):
    created = import_batch_create(actor=jixian_supervisor, file_name="003.txt", content=seed_003)
    batch = import_batch_read(batch_id=created.batch.pk)
    for item in batch.items.filter(kind="commitment"):
        import_item_decide(actor=jixian_supervisor, item=item, decision=Decision.REJECTED)
    result = import_batch_commit(actor=jixian_supervisor, batch=batch)
    assert result.commitments == 0
    assert not Commitment.objects.exists()


def _decomposition_page(client: Client, report: WorkReport):
    return client.get(reverse("tasks:task_from_report"), {"report": report.pk})


def _adopt(supervisor, report: WorkReport) -> None:
    report_version_publish(actor=supervisor, version=report.versions.get())


def test_adopted_report_offers_commitments_as_drafts_and_they_become_tasks(
    jixian, jixian_supervisor, jixian_units, seed_003
):
    report = _imported_report(jixian_supervisor, seed_003)
    _adopt(jixian_supervisor, report)
    client = Client(enforce_csrf_checks=False)
    client.force_login(jixian_supervisor)
    page = _decomposition_page(client, report)
    assert page.status_code == 200
    form = page.context["drafts_form"]
    drafts = {row["draft"].commitment.text: row["draft"] for row in form.rows}
    # A commitment whose words name the finance bureau gets it as the suggested lead unit.
    funded = next(d for text, d in drafts.items() if text.startswith("县财政"))
    assert funded.lead_unit_id == jixian_units["finance"].pk
    # A stated deadline is read from the words; others default to the year's end.
    stated = [d for d in drafts.values() if d.deadline_stated]
    assert stated and all(d.deadline.year == 2024 for d in stated)
    assert all(d.deadline == dt.date(2024, 12, 31) for d in drafts.values())
    assert "年底前" in page.content.decode()

    chosen = [funded, *[d for d in drafts.values() if d is not funded][:2]]
    data = {"report": report.pk, "action": "commitments"}
    data["commitment"] = [str(d.commitment.pk) for d in chosen]
    for draft in form.open_drafts:
        key = draft.commitment.pk
        data[f"title_{key}"] = draft.title
        data[f"deadline_{key}"] = draft.deadline_text
        data[f"lead_{key}"] = str(draft.lead_unit_id or jixian_units["housing"].pk)
    key = chosen[1].commitment.pk
    data[f"deadline_{key}"] = "6月底前"
    response = client.post(reverse("tasks:task_from_report"), data)
    assert response.status_code == 302, response.context and response.context["drafts_form"].errors

    tasks = {t.commitment_id: t for t in Task.objects.filter(region=jixian, year=2024)}
    assert set(tasks) == {d.commitment.pk for d in chosen}
    first = tasks[funded.commitment.pk]
    assert first.lead_unit == jixian_units["finance"]
    assert first.source == TaskSource.REPORT and first.report == report
    assert first.source_anchor == funded.commitment.anchor
    assert funded.commitment.text in first.source_text
    second = tasks[chosen[1].commitment.pk]
    assert (second.deadline, second.deadline_text) == (dt.date(2024, 6, 30), "6月底前")
    assert sorted(t.number for t in tasks.values()) == ["1", "2", "3"]

    # Offered again, the same commitments are shown as done and cannot be made twice.
    again = _decomposition_page(client, report)
    done = {d.commitment.pk for d in again.context["done_drafts"]}
    assert done == set(tasks)
    response = client.post(reverse("tasks:task_from_report"), data)
    assert response.status_code == 200
    assert "已分解" in response.context["drafts_form"].non_field_errors()[0]
    assert Task.objects.filter(region=jixian).count() == 3


def test_bad_draft_input_is_refused_row_by_row_and_nothing_is_stored(
    jixian, jixian_supervisor, jixian_units, seed_003
):
    report = _imported_report(jixian_supervisor, seed_003)
    _adopt(jixian_supervisor, report)
    client = Client()
    client.force_login(jixian_supervisor)
    form = _decomposition_page(client, report).context["drafts_form"]
    unnamed = next(d for d in form.open_drafts if d.lead_unit_id is None)
    other = next(d for d in form.open_drafts if d is not unnamed)
    data = {
        "report": report.pk,
        "action": "commitments",
        "commitment": [str(unnamed.commitment.pk), str(other.commitment.pk)],
        f"title_{unnamed.commitment.pk}": unnamed.title,
        f"deadline_{unnamed.commitment.pk}": "年底前",
        f"lead_{unnamed.commitment.pk}": "",
        f"title_{other.commitment.pk}": "",
        f"deadline_{other.commitment.pk}": "13月底前",
        f"lead_{other.commitment.pk}": str(jixian_units["housing"].pk),
    }
    response = client.post(reverse("tasks:task_from_report"), data)
    assert response.status_code == 200
    errors = response.context["drafts_form"].errors
    assert errors[f"lead_{unnamed.commitment.pk}"] == ["请选择牵头单位。"]
    assert errors[f"title_{other.commitment.pk}"] == ["请填写具体工作。"]
    assert "不是有效的月份" in errors[f"deadline_{other.commitment.pk}"][0]
    assert not Task.objects.exists()

    nothing = client.post(reverse("tasks:task_from_report"), {**data, "commitment": []})
    assert "请至少选择一项承诺事项。" in nothing.content.decode()
    assert not Task.objects.exists()


def test_another_countys_office_does_not_see_the_report_or_its_drafts(
    jixian, jixian_supervisor, jixian_units, seed_003
):
    report = _imported_report(jixian_supervisor, seed_003)
    _adopt(jixian_supervisor, report)
    neighbour = RegionFactory(code="141029", name="乡宁县", parent=jixian.parent)
    outsider = user_with_role("xn_sup", UnitFactory(region=neighbour), Role.SUPERVISOR)
    client = Client()
    client.force_login(outsider)
    page = _decomposition_page(client, report)
    assert page.status_code == 200 and page.context["reports"] == []
    commitment = report.commitments.first()
    response = client.post(
        reverse("tasks:task_from_report"),
        {
            "report": report.pk,
            "action": "commitments",
            "commitment": [str(commitment.pk)],
            f"title_{commitment.pk}": "越权",
            f"deadline_{commitment.pk}": "年底前",
            f"lead_{commitment.pk}": str(jixian_units["finance"].pk),
        },
    )
    assert response.status_code == 200
    assert not Task.objects.exists()
