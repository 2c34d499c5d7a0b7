"""History you can read (issue 13): the action log in sentences, filtered by person, unit, kind
of action, object and local date, paged to any depth, exported; and every task, progress
report, notice, opinion, report version and key project with its own 变更记录, shown to those
who may see the object and to no one else."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import translation
from freezegun import freeze_time
from openpyxl import load_workbook

from luoshi.accounts.models import Role
from luoshi.core.action_log import log_action
from luoshi.core.action_verbs import VERB_LABELS
from luoshi.core.log_changes import change_rows
from luoshi.core.log_filters import FAMILIES, OTHER, LogFilterForm, family_of, kind_value
from luoshi.core.log_sentences import sentence_of
from luoshi.core.models import ActionLog, Unit
from luoshi.core.selectors import action_log_filtered
from luoshi.engagement.services import opinion_record
from luoshi.projects.services import ProjectInput, project_create
from luoshi.reports.services import report_create, report_version_create
from luoshi.reports.text_layout import split_report_text
from luoshi.tasks.models import ProgressReport, Task
from luoshi.tasks.services.progress_flow import ProgressInput, progress_return, progress_save
from luoshi_tests.conftest import user_with_role
from luoshi_tests.tasks.conftest import issue_notice, make_task

pytestmark = pytest.mark.django_db

REASON = "请补充8月以来的工程照片和节点完成情况"
TEXT = "一、今年安排\n新建改造农村公路120公里。\n"


@pytest.fixture(autouse=True)
def _urls_loaded_before_the_clock_is_frozen() -> None:
    """The API's schemas must not first be built under freezegun's date class."""
    get_resolver().url_patterns  # noqa: B018


def named(user, full_name):
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


def returned_report(supervisor, world, liaison, unit_head) -> ProgressReport:
    """A task of 甲县 led by 县发改局; its liaison reports, the unit head (王丽) returns it."""
    named(unit_head, "王丽")
    task = make_task(supervisor, world)
    report = progress_save(
        actor=liaison,
        task=task,
        unit=world.bureau,
        data=ProgressInput(progress="完成路基60公里", percent=Decimal("50")),
        submit=True,
    )
    return progress_return(actor=unit_head, report=report, reason=REASON)


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def history_section(html: str) -> str:
    return html.split('id="history"', 1)[1].split("</section>", 1)[0]


def history_of(html: str) -> str:
    return visible_text(history_section(html))


# --- sentences ---------------------------------------------------------------------------------


def test_a_return_reads_as_who_did_what_to_which_report_and_why(
    client_for, world, supervisor, liaison, unit_head
):
    report = returned_report(supervisor, world, liaison, unit_head)
    entry = ActionLog.objects.get(verb="progress.returned")
    assert sentence_of(entry).text() == f"王丽 退回了进展报告「{report}」：{REASON}"
    page = client_for(supervisor).get(reverse("core:action_log")).content.decode()
    text = visible_text(page)
    assert f"王丽 退回了进展报告「{report}」：{REASON}" in text
    # The changed fields stay under the sentence, in words.
    assert "退办理由" in text and "已退办" in text
    assert "progress.returned" not in text and "return_reason" not in text
    # The name leads to that person's entries.
    assert 'href="?person=head1"' in page
    # No verb code anywhere in the page, not even in the filter's options.
    assert not [verb for verb in VERB_LABELS if verb in page]


def test_in_english_a_model_name_is_lower_case_mid_sentence(world, supervisor, liaison, unit_head):
    returned_report(supervisor, world, liaison, unit_head)
    entry = ActionLog.objects.get(verb="progress.returned")
    with translation.override("en"):
        text = sentence_of(entry).text()
    assert " progress report" in text and "Progress report" not in text


def test_every_labelled_verb_reads_as_a_sentence_and_belongs_to_a_kind(world):
    unit_type = ContentType.objects.get_for_model(Unit)
    for verb in VERB_LABELS:
        entry = ActionLog(verb=verb, target_type=unit_type, target_id="1", target_repr="县发改局")
        text = sentence_of(entry).text()
        # Who: 系统 or 公众 (no one signed in), or the account that tried to sign in.
        assert text.startswith(("系统 ", "公众 ", "县发改局 ")) and verb not in text, (verb, text)
        assert not re.search(r"[a-z]+[._][a-z]", text), (verb, text)
        assert family_of(verb) != OTHER, verb


def test_who_did_it_when_no_account_did(world, liaison):
    named(liaison, "李联络")
    entry = log_action(
        actor=None, verb="user.sign_in_failed", target=liaison, after={"address": "10.1.2.3"}
    )
    assert sentence_of(entry).text() == "李联络 登录失败"
    unknown = log_action(actor=None, verb="user.sign_in_failed", after={"username": "nobody"})
    assert sentence_of(unknown).text() == "nobody 登录失败"
    # An opinion sent from the public page: the public, not 系统.
    public = log_action(actor=None, verb="opinion.submitted", target=world.county)
    assert sentence_of(public).text() == "公众 提交了行政区划「甲县」"
    assert sentence_of(log_action(actor=None, verb="tasks.evaluated")).text() == (
        "系统 评价了任务状态和颜色"
    )


def test_a_stored_rule_name_reads_in_words(world, supervisor):
    notice = issue_notice(supervisor, make_task(supervisor, world))
    entry = log_action(
        actor=None, verb="notice.generated", target=notice, after={"rule": "colour_yellow"}
    )
    assert change_rows(entry) == [
        {"label": "生成规则", "before": "", "after": "按规则生成（滞后于序时进度）"}
    ]


# --- filters -----------------------------------------------------------------------------------


@pytest.fixture
def log_world(world, supervisor, liaison, other_liaison):
    """Entries by three people of three units, of several kinds and objects, on both sides
    of local midnight (15:30 UTC is 23:30 in Beijing, 16:30 UTC is 00:30 the next day)."""
    named(supervisor, "张督查")
    named(liaison, "李联络")
    named(other_liaison, "赵联络")
    with freeze_time(datetime(2026, 5, 19, 2, 0, tzinfo=UTC)):
        task = make_task(supervisor, world)  # task.created by 张督查
    with freeze_time(datetime(2026, 5, 20, 15, 30, tzinfo=UTC)):
        log_action(actor=liaison, verb="task.progress_updated", target=task)
        log_action(actor=other_liaison, verb="unit.updated", target=world.other_bureau)
    with freeze_time(datetime(2026, 5, 20, 16, 30, tzinfo=UTC)):
        log_action(actor=supervisor, verb="progress.returned", target=task, after={"note": "x"})
        log_action(actor=None, verb="tasks.evaluated", target=world.county)
    return task


def family(key: str) -> str:
    return kind_value(next(family for family in FAMILIES if family.key == key))


def matching(params: dict[str, str]) -> set[int]:
    form = LogFilterForm(params)
    assert form.is_valid(), form.errors
    return set(action_log_filtered(form.filters()).values_list("pk", flat=True))


def ids(**conditions) -> set[int]:
    return set(ActionLog.objects.filter(**conditions).values_list("pk", flat=True))


def test_each_filter_narrows_to_what_it_names(log_world, world, supervisor, liaison):
    everything = ids()
    assert matching({}) == everything and len(everything) >= 5
    # Person: part of the full name, or the exact username.
    assert matching({"person": "联络"}) == ids(actor__full_name__contains="联络")
    assert matching({"person": "liaison1"}) == ids(actor=liaison)
    # Unit: the unit the person acts for.
    assert matching({"unit": str(world.bureau.pk)}) == ids(actor=liaison)
    assert matching({"unit": str(world.office.pk)}) == ids(actor=supervisor)
    # Kind of action: a family, or one verb.
    assert matching({"kind": "退回、退办（全部）"}) == ids(verb="progress.returned")
    created = {e.pk for e in ActionLog.objects.all() if family_of(e.verb).key == "create"}
    assert matching({"kind": family("create")}) == created and ids(verb="task.created") <= created
    assert matching({"kind": "更新任务进度"}) == ids(verb="task.progress_updated")
    assert kind_value("task.progress_updated") == "更新任务进度"
    # Object: its kind, or one object of it.
    task_type = ContentType.objects.get_for_model(Task)
    assert matching({"object_type": str(task_type.pk)}) == ids(target_type=task_type)
    assert matching({"object_type": str(task_type.pk), "object_id": "999999"}) == set()
    one = {"object_type": str(task_type.pk), "object_id": str(log_world.pk)}
    assert matching(one) == ids(target_type=task_type, target_id=str(log_world.pk))
    # Dates are Beijing dates: 20 May ends at 16:00 UTC.
    may_21 = ids(created_at__gte=datetime(2026, 5, 20, 16, 0, tzinfo=UTC))
    assert matching({"since": "2026-05-21", "until": "2026-05-21"}) == may_21
    assert len(may_21) == 2
    may_20 = matching({"since": "2026-05-20", "until": "2026-05-20"})
    assert len(may_20) == 2 and not may_20 & may_21
    # Filters combine.
    assert matching({"person": "张督查", "since": "2026-05-21"}) == ids(verb="progress.returned")


def test_the_page_applies_the_filters_and_explains_a_bad_one(client_for, log_world, supervisor):
    client = client_for(supervisor)
    page = visible_text(
        client.get(reverse("core:action_log"), {"kind": family("return")}).content.decode()
    )
    assert "退回了任务" in page and "新建了任务" not in page and "共 1 条" in page
    bad = client.get(
        reverse("core:action_log"), {"since": "2026-05-22", "until": "2026-05-21", "unit": "x"}
    )
    text = visible_text(bad.content.decode())
    assert bad.status_code == 200
    assert "结束日期不能早于开始日期" in text and "有效的选项" in text
    # The filters that were valid still apply: from 22 May on there is nothing.
    assert "没有符合条件的记录" in text


# --- paging ------------------------------------------------------------------------------------


def test_paging_reaches_entry_2500_and_back(client_for, world, supervisor):
    for number in range(1, 2551):
        log_action(
            actor=supervisor,
            verb="unit.updated",
            target=world.bureau,
            after={"note": f"第{number}号"},
        )
    client = client_for(supervisor)
    url = reverse("core:action_log")
    html = client.get(url).content.decode()
    assert "第 1–100 条，共 2,550 条" in visible_text(html)
    for _ in range(24):
        older = re.search(r'href="\?before=(\d+)" id="log-older"', html)
        assert older is not None
        html = client.get(url, {"before": older.group(1)}).content.decode()
    text = visible_text(html)
    # Entry 2,500 counted from the newest is the 51st written.
    assert "第 2,401–2,500 条，共 2,550 条" in text
    assert "：第51号" in text and "：第150号" in text
    assert "：第50号" not in text and "：第151号" not in text
    newer = re.search(r'href="\?after=(\d+)" id="log-newer"', html)
    assert newer is not None
    back = visible_text(client.get(url, {"after": newer.group(1)}).content.decode())
    assert "第 2,301–2,400 条" in back and "：第151号" in back


def queries_of(client: Client, url: str) -> int:
    client.get(url)  # content types and the like are cached after a first visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def log_unit_changes(actor, world, numbers) -> None:
    """Entries that each name another unit (a foreign key looked up to show its name)."""
    for number in numbers:
        unit = Unit.objects.create(region=world.county, name=f"甲县第{number}局")
        log_action(actor=actor, verb="unit.updated", target=unit, after={"parent_id": unit.pk})


def test_a_page_of_the_log_costs_the_same_few_queries_however_full(
    client_for, world, supervisor, django_assert_max_num_queries
):
    client = client_for(supervisor)
    url = reverse("core:action_log")
    log_unit_changes(supervisor, world, range(10))
    few = queries_of(client, url)
    log_unit_changes(supervisor, world, range(10, 100))
    assert queries_of(client, url) == few
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert "甲县第99局" in response.content.decode()


def test_an_objects_history_costs_the_same_queries_however_long(
    client_for, world, supervisor, liaison, unit_head
):
    report = returned_report(supervisor, world, liaison, unit_head)
    client = client_for(supervisor)
    url = reverse("tasks:progress_detail", args=[report.pk])
    log_action(actor=liaison, verb="progress.saved", target=report, after={"unit_id": 1})
    few = queries_of(client, url)
    for number in range(40):
        unit = Unit.objects.create(region=world.county, name=f"甲县第{number}局")
        log_action(actor=liaison, verb="progress.saved", target=report, after={"unit_id": unit.pk})
    assert queries_of(client, url) == few
    assert "甲县第39局" in history_of(client.get(url).content.decode())


# --- export ------------------------------------------------------------------------------------


def test_the_export_holds_the_filtered_entries_in_local_time(client_for, world, supervisor):
    with freeze_time(datetime(2026, 5, 20, 2, 30, tzinfo=UTC)):  # 10:30 in Beijing
        for number in range(7):
            log_action(
                actor=supervisor,
                verb="unit.updated",
                target=world.bureau,
                after={"note": f"改{number}"},
            )
        log_action(actor=supervisor, verb="task.created", target=world.bureau)
    params = {"kind": family("change")}
    expected = ActionLog.objects.filter(verb="unit.updated").count()
    assert expected == 7
    client = client_for(supervisor)
    response = client.get(reverse("core:action_log_export", args=["xlsx"]), params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:3] == ["时间", "操作人", "动作"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == expected
    assert rows[0][0] == datetime(2026, 5, 20, 10, 30)
    assert rows[0][1] == supervisor.display_name and rows[0][2] == "修改单位"
    assert rows[0][5] == f"{supervisor.display_name} 修改了单位「甲县发展和改革局」：改6"
    csv_response = client.get(reverse("core:action_log_export", args=["csv"]), params)
    body = csv_response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    records = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert records[0][0] == "时间" and len(records) - 1 == expected
    assert records[1][0] == "2026-05-20 10:30:00" and "02:30" not in body


def test_an_export_past_the_limit_is_refused_with_the_count(
    client_for, world, supervisor, monkeypatch
):
    monkeypatch.setattr("luoshi.core.views_action_log.EXPORT_LIMIT", 2)
    for _ in range(3):
        log_action(actor=supervisor, verb="unit.updated", target=world.bureau)
    response = client_for(supervisor).get(
        reverse("core:action_log_export", args=["xlsx"]), {"person": "supervisor1"}, follow=True
    )
    text = visible_text(response.content.decode())
    assert response.redirect_chain and "超过一次导出的上限" in text and "3" in text


@pytest.mark.parametrize("fixture", ["liaison", "leader"])
def test_only_readers_of_the_log_export_it(request, client_for, world, fixture):
    client = client_for(request.getfixturevalue(fixture))
    for file_format in ("xlsx", "csv"):
        response = client.get(reverse("core:action_log_export", args=[file_format]))
        assert response.status_code == 403


# --- each object's history ---------------------------------------------------------------------


def new_project(supervisor, world, name, code):
    data = ProjectInput(
        region=world.county,
        year=2026,
        name=name,
        unit=world.bureau,
        total_investment=Decimal("12000"),
        annual_plan=Decimal("6000"),
        started_planned=date(2026, 3, 1),
        code=code,
    )
    return project_create(actor=supervisor, data=data)


@pytest.fixture
def six_objects(world, supervisor, liaison, unit_head, representative):
    """One object of each kind whose page shows its 变更记录 — (url, a words its history
    holds, the object, a sibling of the same kind whose entries must stay on its own page)."""
    report = returned_report(supervisor, world, liaison, unit_head)
    task = report.task
    sibling_task = make_task(supervisor, world, title="建设苹果产业园区", number="2")
    sibling_report = progress_save(
        actor=liaison,
        task=sibling_task,
        unit=world.bureau,
        data=ProgressInput(progress="完成园区规划", percent=Decimal("20")),
    )
    notice = issue_notice(supervisor, task, reason="进度滞后于序时进度，督办说明甲")
    sibling_notice = issue_notice(supervisor, sibling_task, reason="督办说明乙")
    work_report = report_create(actor=supervisor, region=world.county, year=2026)
    version = report_version_create(
        actor=supervisor, report=work_report, kind="draft", blocks=split_report_text(TEXT)
    )
    sibling_version = report_version_create(
        actor=supervisor, report=work_report, kind="revised", blocks=split_report_text(TEXT)
    )
    opinion = opinion_record(
        actor=representative, report=work_report, channel="written", text="建议增加村级养老服务站。"
    )
    sibling_opinion = opinion_record(
        actor=representative, report=work_report, channel="written", text="另一条意见"
    )
    project = new_project(supervisor, world, "甲县年产10万吨饲料加工项目", "JX-001")
    sibling_project = new_project(supervisor, world, "甲县城乡供水一体化项目", "JX-002")
    return {
        "task": (reverse("tasks:task_detail", args=[task.pk]), "新建了任务", task, sibling_task),
        "progress": (
            reverse("tasks:progress_detail", args=[report.pk]),
            REASON,
            report,
            sibling_report,
        ),
        "notice": (
            reverse("tasks:notice_detail", args=[notice.pk]),
            "督办说明甲",
            notice,
            sibling_notice,
        ),
        "opinion": (
            reverse("engagement:opinion_detail", args=[opinion.pk]),
            "登记了意见建议",
            opinion,
            sibling_opinion,
        ),
        "version": (
            reverse("reports:version_detail", args=[work_report.pk, version.number]),
            "保存了报告版本",
            version,
            sibling_version,
        ),
        "project": (
            reverse("projects:project_detail", args=[project.pk]),
            "新建了重点项目",
            project,
            sibling_project,
        ),
    }


def test_each_detail_page_shows_its_own_history_and_nothing_else(
    client_for, six_objects, supervisor, django_assert_max_num_queries
):
    markers = {key: marker for key, (_url, marker, _obj, _sibling) in six_objects.items()}
    client = client_for(supervisor)
    for key, (url, marker, obj, sibling) in six_objects.items():
        response = client.get(url)
        assert response.status_code == 200, key
        section = history_section(response.content.decode())
        history = visible_text(section)
        assert "变更记录" in history and marker in history, (key, history)
        # One line per entry of the object — none of its sibling of the same kind (whose
        # lines would read alike), none of the other kinds'.
        own = ActionLog.objects.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        ).count()
        assert section.count('class="log-line"') == own > 0, (key, history)
        assert ActionLog.objects.filter(target_id=str(sibling.pk)).exists()
        leaked = [k for k, m in markers.items() if k != key and m in history]
        assert not leaked, (key, leaked, history)
        # On its own page the object is not named on every line.
        assert f"「{obj}」" not in history, (key, history)
        with django_assert_max_num_queries(40):
            client.get(url)


def test_the_progress_history_tells_the_liaison_who_returned_it_and_why(
    client_for, world, supervisor, liaison, unit_head
):
    report = returned_report(supervisor, world, liaison, unit_head)
    page = client_for(liaison).get(reverse("tasks:progress_detail", args=[report.pk]))
    history = history_of(page.content.decode())
    assert f"王丽 退回了进展报告：{REASON}" in history
    assert "报送了进展报告" in history
    # A liaison does not read the whole log: no link to it.
    assert reverse("core:action_log") not in page.content.decode().split('id="history"', 1)[1]


def test_someone_who_may_not_see_an_object_cannot_read_its_history(
    client_for, six_objects, world, other_liaison
):
    outsiders = {
        "task": other_liaison,
        "progress": other_liaison,
        "notice": other_liaison,
        "opinion": user_with_role("deputy2", world.office, Role.REPRESENTATIVE),
        "version": other_liaison,
        "project": other_liaison,
    }
    for key, (url, marker, _obj, _sibling) in six_objects.items():
        response = client_for(outsiders[key]).get(url)
        assert response.status_code in (403, 404), key
        assert marker not in response.content.decode(), key


def test_a_private_entry_is_shown_only_to_whoever_made_it_and_to_readers_of_the_log(
    client_for, world, supervisor, liaison, unit_head
):
    report = returned_report(supervisor, world, liaison, unit_head)
    log_action(
        actor=unit_head,
        verb="progress.saved",
        target=report,
        after={"note": "只给本人看的备注"},
        visibility="private",
    )
    url = reverse("tasks:progress_detail", args=[report.pk])
    assert "只给本人看的备注" in history_of(client_for(unit_head).get(url).content.decode())
    assert "只给本人看的备注" in history_of(client_for(supervisor).get(url).content.decode())
    assert "只给本人看的备注" not in history_of(client_for(liaison).get(url).content.decode())


def test_the_log_page_is_still_for_readers_of_the_log_only(client_for, world, liaison):
    assert client_for(liaison).get(reverse("core:action_log")).status_code == 403
    assert Client().get(reverse("core:action_log")).status_code == 302
