"""Tasks, progress reports and supervision notices in the search box.

A task's entry holds its number, title, the report's wording, its units, leader and deadline
words. Progress text has entries of its own — each unit's latest report on a task (drafts
left out) — because a co-unit opens the task but not the lead unit's report: an entry is
found by exactly those who may open its page (`readable_keys`, from the same selectors as
the lists), and the task's entry must not show a co-unit text it cannot open. A notice's
entry holds its reason, requirement and answer.

The services call the `*_after_commit` functions when they write; `luoshi search_rebuild`
calls the `reindex_*` ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.models import SearchEntry, Unit
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.search import (
    READ_ALL,
    SEARCH_ONLY,
    Readable,
    index_after_commit,
    keys_of,
    register_indexer,
)
from luoshi.core.search.indexing import (
    search_index_delete_many,
    search_index_put,
    search_index_set_states,
    search_index_write_all,
)
from luoshi.tasks.models import Notice, NoticeState, ProgressReport, ReportState, Task, TaskStatus
from luoshi.tasks.selectors import progress_queries, supervision_queries, task_queries

TASK_KIND = "task"
PROGRESS_KIND = "progress"
NOTICE_KIND = "notice"
TITLE_CHARS = 60
CHUNK = 500


def _day(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _lines(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _names(*units: Unit) -> str:
    """Units as people type them: full names and short ones (县发改局)."""
    names = [name for unit in units for name in (unit.name, unit.short_name) if name]
    return "、".join(dict.fromkeys(names))


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


# --- tasks ------------------------------------------------------------------------------------


def _task_title(task: Task) -> str:
    return f"{task.number} {task.title}" if task.number else task.title


def _task_entry(task: Task) -> SearchEntry:
    return SearchEntry(
        key=str(task.pk),
        title=_task_title(task),
        body=task.source_text.strip()
        + SEARCH_ONLY
        + _lines(
            _names(task.lead_unit),
            _names(*task.co_units.all()),
            task.leader,
            task.deadline_text,
            _day(task.deadline),
        ),
        url=reverse("tasks:task_detail", args=[task.pk]),
        region=task.region,
        year=task.year,
        state=task.status,
        is_public=False,  # the entry leads to the task's page, which has its own rule
    )


def _tasks() -> QuerySet[Task]:
    return Task.objects.select_related("region", "lead_unit").prefetch_related("co_units")


def index_tasks(task_ids: Sequence[int]) -> None:
    """Write the entries of these tasks, and of their reports and notices (whose titles
    hold the task's); remove those of tasks that are gone."""
    for chunk in _chunks(task_ids):
        tasks = {task.pk: task for task in _tasks().filter(pk__in=chunk)}
        for task in tasks.values():
            search_index_put(kind=TASK_KIND, entry=_task_entry(task))
        search_index_delete_many(kind=TASK_KIND, keys=set(chunk) - set(tasks))
        index_progress(list(tasks))
        index_notices(list(Notice.objects.filter(task_id__in=chunk).values_list("pk", flat=True)))


def index_tasks_after_commit(task_ids: Iterable[int]) -> None:
    index_after_commit(index_tasks, task_ids)


def task_states_after_commit(tasks: Iterable[Task]) -> None:
    """After the evaluation: the entries take the tasks' new status (not re-tokenized)."""
    states = {task.pk: task.status for task in tasks}
    if states:
        transaction.on_commit(
            lambda: search_index_set_states(kind=TASK_KIND, states=states), robust=True
        )


def reindex_tasks() -> int:
    tasks = _tasks().order_by("pk").iterator(chunk_size=2000)
    return search_index_write_all(TASK_KIND, map(_task_entry, tasks))


# --- progress reports ---------------------------------------------------------------------------


def _progress_entry(report: ProgressReport) -> SearchEntry:
    task = report.task
    return SearchEntry(
        key=str(report.pk),
        title=f"{_task_title(task)[:TITLE_CHARS]} · {report.period_label}",
        body=_lines(report.progress, report.problems, report.next_steps)
        + SEARCH_ONLY
        + _names(report.unit),
        url=reverse("tasks:progress_detail", args=[report.pk]),
        region=task.region,
        year=task.year,
        state=report.state,
        is_public=False,
    )


def _latest_reports(task_ids: Sequence[int] | None = None) -> Iterator[ProgressReport]:
    """Each unit's latest report on each task, drafts left out (a draft is the unit's own)."""
    reports = (
        ProgressReport.objects.exclude(state=ReportState.DRAFT)
        .select_related("task__region", "unit")
        .order_by("task_id", "unit_id", "-period_end", "-pk")
    )
    if task_ids is not None:
        reports = reports.filter(task_id__in=task_ids)
    seen: tuple[int, int] | None = None
    for report in reports.iterator(chunk_size=2000):
        if (report.task_id, report.unit_id) != seen:
            seen = (report.task_id, report.unit_id)
            yield report


def index_progress(task_ids: Sequence[int]) -> None:
    """Write the latest reports of these tasks; remove the entries of the earlier ones."""
    for chunk in _chunks(task_ids):
        latest = list(_latest_reports(chunk))
        for report in latest:
            search_index_put(kind=PROGRESS_KIND, entry=_progress_entry(report))
        earlier = ProgressReport.objects.filter(task_id__in=chunk).exclude(
            pk__in=[report.pk for report in latest]
        )
        search_index_delete_many(
            kind=PROGRESS_KIND, keys=earlier.values_list("pk", flat=True).iterator()
        )


def index_progress_after_commit(task_id: int) -> None:
    """After a unit's report on the task was written or moved on in its flow."""
    index_after_commit(index_progress, [task_id])


def reindex_progress() -> int:
    return search_index_write_all(PROGRESS_KIND, map(_progress_entry, _latest_reports()))


# --- supervision notices ------------------------------------------------------------------------


def _notice_entry(notice: Notice) -> SearchEntry:
    task = notice.task
    title = task.title[:TITLE_CHARS]
    return SearchEntry(
        key=str(notice.pk),
        title=f"{notice.number} {title}" if notice.number else title,
        body=_lines(notice.reason, notice.requirement, notice.answer, notice.review_note)
        + SEARCH_ONLY
        + _names(notice.unit),
        url=reverse("tasks:notice_detail", args=[notice.pk]),
        region=task.region,
        year=task.year,
        state=notice.state,
        is_public=False,
    )


def _notices() -> QuerySet[Notice]:
    return Notice.objects.select_related("task__region", "unit")


def index_notices(notice_ids: Sequence[int]) -> None:
    for chunk in _chunks(notice_ids):
        notices = {notice.pk: notice for notice in _notices().filter(pk__in=chunk)}
        for notice in notices.values():
            search_index_put(kind=NOTICE_KIND, entry=_notice_entry(notice))
        search_index_delete_many(kind=NOTICE_KIND, keys=set(chunk) - set(notices))


def index_notice_after_commit(notice_id: int) -> None:
    index_after_commit(index_notices, [notice_id])


def unindex_tasks_after_commit(task_ids: Sequence[int]) -> None:
    """Before tasks are deleted: their entries, and those of their notices (deleted with
    them), go once the deletion commits. (A task with progress reports is never deleted.)"""
    notices = list(Notice.objects.filter(task_id__in=task_ids).values_list("pk", flat=True))
    index_after_commit(index_tasks, task_ids)
    index_after_commit(index_notices, notices)


def reindex_notices() -> int:
    notices = _notices().order_by("pk").iterator(chunk_size=2000)
    return search_index_write_all(NOTICE_KIND, map(_notice_entry, notices))


# --- shared -------------------------------------------------------------------------------------


def _unit_facts(rows: QuerySet[Any], field: str, template: str) -> dict[str, list[str]]:
    names = rows.values_list("pk", f"{field}__short_name", f"{field}__name")
    return {str(pk): [template % {"unit": short or name}] for pk, short, name in names}


def task_facts(keys: Sequence[str]) -> Mapping[str, Sequence[str]]:
    tasks = Task.objects.filter(pk__in=[int(key) for key in keys if key.isdigit()])
    return _unit_facts(tasks, "lead_unit", _("牵头单位：%(unit)s"))


def progress_facts(keys: Sequence[str]) -> Mapping[str, Sequence[str]]:
    reports = ProgressReport.objects.filter(pk__in=[int(key) for key in keys if key.isdigit()])
    return _unit_facts(reports, "unit", _("报送单位：%(unit)s"))


def notice_facts(keys: Sequence[str]) -> Mapping[str, Sequence[str]]:
    notices = Notice.objects.filter(pk__in=[int(key) for key in keys if key.isdigit()])
    return _unit_facts(notices, "unit", _("督办对象：%(unit)s"))


# --- who finds what: the rules of the pages, in the index's terms --------------------------------


def _grants(
    user: Any, region_roles: Iterable[str], unit_roles: Iterable[str]
) -> tuple[frozenset[str], set[int]]:
    """The region prefixes where `user` holds one of `region_roles`, and the units where
    they hold one of `unit_roles`."""
    grants = role_grants(user)
    prefixes = frozenset(
        region_code_prefix(code) or code for role, _unit, code in grants if role in region_roles
    )
    return prefixes, {unit for role, unit, _code in grants if role in unit_roles}


def readable_tasks(user: Any) -> Readable:
    """As `visible_tasks` (the list) and `tasks.view_task` (the page): the office and
    leaders read the tasks of their regions and below; a liaison or unit head those their
    unit leads or assists."""
    if is_admin(user):
        return READ_ALL
    prefixes, units = _grants(user, task_queries.REGION_ROLES, task_queries.UNIT_ROLES)
    keys = None
    if units:
        # Read here (tens of tasks), so that the condition is two index look-ups.
        assisted = list(
            Task.co_units.through.objects.filter(unit_id__in=units).values_list(
                "task_id", flat=True
            )
        )
        keys = keys_of(Task.objects.filter(Q(lead_unit_id__in=units) | Q(pk__in=assisted)))
    return Readable(region_prefixes=prefixes, keys=keys)


def readable_progress(user: Any) -> Readable:
    """As `progress_reports_visible` and `tasks.view_progressreport`: the office and leaders
    every report of their regions; a unit its own reports, and as lead unit its co-units'
    parts — never a co-unit another co-unit's, nor the lead unit's."""
    if is_admin(user):
        return READ_ALL
    prefixes, units = _grants(user, progress_queries.OVERSIGHT, progress_queries.MEMBER_ROLES)
    keys = None
    if units:
        # Two indexed conditions, not one OR across the join to the task or a subquery (a
        # scan of every report): the unit's own reports, and those on the tasks it leads
        # (a unit leads tens of tasks, read here once).
        led = list(Task.objects.filter(lead_unit_id__in=units).values_list("pk", flat=True))
        reports = ProgressReport.objects.filter(Q(unit_id__in=units) | Q(task_id__in=led))
        keys = keys_of(reports)
    return Readable(region_prefixes=prefixes, keys=keys)


def readable_notices(user: Any) -> Readable:
    """As `notice_list_for` and `tasks.view_notice`: the office and leaders the notices of
    their regions' tasks; a unit those sent to it."""
    if is_admin(user):
        return READ_ALL
    prefixes, units = _grants(
        user, supervision_queries.OFFICE_ROLES, supervision_queries.UNIT_ROLES
    )
    keys = keys_of(Notice.objects.filter(unit_id__in=units)) if units else None
    return Readable(region_prefixes=prefixes, keys=keys)


def register() -> None:
    """Called from TasksConfig.ready()."""
    register_indexer(
        TASK_KIND,
        reindex_tasks,
        label=gettext_lazy("任务"),
        state_labels=dict(TaskStatus.choices),
        readable=readable_tasks,
        hit_facts=task_facts,
        order=10,
    )
    register_indexer(
        PROGRESS_KIND,
        reindex_progress,
        label=gettext_lazy("进展报告"),
        state_labels=dict(ReportState.choices),
        readable=readable_progress,
        hit_facts=progress_facts,
        order=20,
    )
    register_indexer(
        NOTICE_KIND,
        reindex_notices,
        label=gettext_lazy("督办单"),
        state_labels=dict(NoticeState.choices),
        readable=readable_notices,
        hit_facts=notice_facts,
        order=30,
    )
