"""The feedback page's "查看修改" opens a public comparison of published versions only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.engagement.models import AnswerState
from luoshi.engagement.services import opinion_answer, opinion_link_change, opinion_submit_public
from luoshi.reports.services import report_version_publish
from luoshi_tests.engagement.conftest import revise

pytestmark = pytest.mark.django_db


def _answered_with_change(consultation, supervisor):
    revised = revise(supervisor, consultation)
    opinion = opinion_submit_public(
        report=consultation.report, text="公路里程还可以再多一些", client_key="a"
    )
    opinion_answer(
        actor=supervisor, opinion=opinion, state=AnswerState.ADOPTED, reply="已采纳", is_public=True
    )
    changed = revised.paragraphs.get(text__startswith="新建改造农村公路150")
    opinion_link_change(actor=supervisor, opinion=opinion, version=revised, anchor=changed.anchor)
    return revised, opinion, changed


def test_no_link_to_a_version_that_is_not_published(consultation, supervisor):
    _answered_with_change(consultation, supervisor)
    feedback = Client().get(reverse("engagement:feedback", args=[consultation.report.pk]))
    page = feedback.content.decode()
    assert "已采纳" in page
    assert "查看第 2 版中的修改" not in page
    assert "/reports/" not in page


def test_a_citizen_follows_the_link_to_the_public_comparison(consultation, supervisor):
    revised, opinion, changed = _answered_with_change(consultation, supervisor)
    report_version_publish(actor=supervisor, version=revised)
    citizen = Client()
    page = citizen.get(reverse("engagement:feedback", args=[consultation.report.pk]))
    url = reverse("engagement:public_changes", args=[consultation.report.pk])
    link = f"{url}?to={revised.number}#p-{changed.anchor}"
    assert link in page.content.decode()

    comparison = citizen.get(f"{url}?to={revised.number}")
    assert comparison.status_code == 200
    html = comparison.content.decode()
    assert f'id="p-{changed.anchor}"' in html
    assert "<ins>" in html and "优先安排山区乡镇" in html
    assert f"?opinion={opinion.pk}#opinion-{opinion.pk}" in html  # back to the answer


def test_an_unpublished_version_is_never_shown_publicly(consultation, supervisor):
    revised = revise(supervisor, consultation)
    url = reverse("engagement:public_changes", args=[consultation.report.pk])
    page = Client().get(f"{url}?to={revised.number}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "优先安排山区乡镇" not in html  # the unpublished revision's words
    assert "只公开了一个版本" in html
    assert Client().get(reverse("engagement:public_changes", args=[999999])).status_code == 404
