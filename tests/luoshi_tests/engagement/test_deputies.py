"""A deputy's own page (我的建议): reached from the menu, it offers the report open for
comments, lists the deputy's opinions with their answers, and takes the deputy's verdict on
an answer — 不满意 only with the reason; before an answer, or on another's opinion, nothing
changes. The office reads the verdict on the opinion's page."""

from __future__ import annotations

import pytest

from luoshi.engagement.models import Opinion
from luoshi.engagement.services import opinion_answer, opinion_record
from luoshi_tests.conftest import user_with_role

pytestmark = pytest.mark.django_db

TEXT = "建议在山区乡镇优先安排农村公路改造资金，解决群众出行难。"


def test_a_deputy_hands_in_reads_the_answer_and_rates_it(
    client, world, consultation, supervisor, representative
):
    client.force_login(representative)
    home = client.get("/").content.decode()
    assert "/engagement/mine/" in home  # the menu entry
    page = client.get("/engagement/mine/").content.decode()
    assert consultation.report.title in page and "您还没有提出意见建议" in page
    opinion = opinion_record(
        actor=representative, report=consultation.report, channel="written", text=TEXT
    )
    early = client.post(f"/engagement/opinions/{opinion.pk}/rate/", {"rating": "satisfied"})
    assert early.status_code == 302
    opinion.refresh_from_db()
    assert opinion.author_rating == ""  # not answered yet: refused
    opinion_answer(
        actor=supervisor,
        opinion=opinion,
        state="adopted",
        reply="已在报告中增加“优先安排山区乡镇”的表述。",
        is_public=False,
    )
    page = client.get("/engagement/mine/").content.decode()
    assert "优先安排山区乡镇" in page and 'class="stacked rate-form"' in page
    client.post(f"/engagement/opinions/{opinion.pk}/rate/", {"rating": "unsatisfied"})
    opinion.refresh_from_db()
    assert opinion.author_rating == ""  # 不满意 needs the reason
    client.post(
        f"/engagement/opinions/{opinion.pk}/rate/",
        {"rating": "unsatisfied", "note": "资金安排没有落到具体乡镇。"},
    )
    opinion.refresh_from_db()
    assert opinion.author_rating == "unsatisfied"
    client.force_login(supervisor)
    detail = client.get(f"/engagement/opinions/{opinion.pk}/").content.decode()
    assert 'id="author-rating"' in detail and "资金安排没有落到具体乡镇" in detail


def test_nobody_rates_anothers_opinion(client, world, consultation, supervisor, representative):
    opinion = opinion_record(
        actor=representative, report=consultation.report, channel="written", text=TEXT
    )
    opinion_answer(
        actor=supervisor, opinion=opinion, state="noted", reply="留作参考。", is_public=False
    )
    other = user_with_role("deputy2", world.office, "representative")
    client.force_login(other)
    assert (
        client.post(f"/engagement/opinions/{opinion.pk}/rate/", {"rating": "satisfied"}).status_code
        == 404
    )
    assert TEXT not in client.get("/engagement/mine/").content.decode()
    client.force_login(supervisor)
    assert client.get("/engagement/mine/").status_code == 403
    assert Opinion.objects.get(pk=opinion.pk).author_rating == ""
