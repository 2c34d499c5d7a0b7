"""Key projects in the search box: name, code, content, responsible unit and leader, where
it is, and the descriptions of its problems (要素保障), with its stage as the entry's state.

An entry is found by exactly those who may open the project's page (`selectors.scope
.visibility`, the rule of the lists); the services call `index_projects_after_commit` when
they write, `luoshi search_rebuild` calls `reindex_projects`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.permissions import is_admin, role_grants
from luoshi.core.models import Region, SearchEntry
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
    search_index_write_all,
)
from luoshi.projects.models import Project, ProjectProblem
from luoshi.projects.selectors.scope import (
    READER_ROLES,
    UNIT_ROLES,
    region_prefix,
    statistics_prefixes,
)
from luoshi.projects.stages import Stage

PROJECT_KIND = "project"
CHUNK = 500


def _place(project: Project) -> str:
    """The region and the regions above it, as a place is written (甲省 乙市 甲县)."""
    names: list[str] = []
    region: Region | None = project.region
    while region is not None and len(names) < 3:  # as deep as `_projects` joins
        names.append(region.name)
        region = region.parent
    return " ".join(reversed(names))


def _lines(parts: list[str]) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _project_entry(project: Project) -> SearchEntry:
    unit = project.unit
    shown = [project.content, *(problem.description for problem in project.problems.all())]
    found_only = [
        project.code,
        " ".join(dict.fromkeys(name for name in (unit.name, unit.short_name) if name)),
        project.leader,
        _place(project),
    ]
    return SearchEntry(
        key=str(project.pk),
        title=project.name,
        body=_lines(shown) + SEARCH_ONLY + _lines(found_only),
        url=reverse("projects:project_detail", args=[project.pk]),
        region=project.region,
        year=project.year,
        state=project.stage,
        is_public=False,  # the entry leads to the project's page, which has its own rule
    )


def _projects() -> QuerySet[Project]:
    return Project.objects.select_related("region__parent__parent", "unit").prefetch_related(
        Prefetch(
            "problems",
            queryset=ProjectProblem.objects.order_by("pk").only("project_id", "description"),
        )
    )


def index_projects(project_ids: Sequence[int]) -> None:
    """Write the entries of these projects; remove those of projects that are gone."""
    for start in range(0, len(project_ids), CHUNK):
        chunk = project_ids[start : start + CHUNK]
        projects = {project.pk: project for project in _projects().filter(pk__in=chunk)}
        for project in projects.values():
            entry = _project_entry(project)
            search_index_put(kind=PROJECT_KIND, entry=entry)
        search_index_delete_many(kind=PROJECT_KIND, keys=set(chunk) - set(projects))


def index_projects_after_commit(project_ids: Iterable[int]) -> None:
    index_after_commit(index_projects, project_ids)


def project_indexed(project: Project) -> Project:
    """`project`, its entry written once the transaction commits (wraps a service's save)."""
    index_projects_after_commit([project.pk])
    return project


def problem_indexed(problem: ProjectProblem) -> ProjectProblem:
    """`problem`, its project's entry written once the transaction commits."""
    index_projects_after_commit([problem.project_id])
    return problem


def reindex_projects() -> int:
    projects = _projects().order_by("pk").iterator(chunk_size=2000)
    return search_index_write_all(PROJECT_KIND, map(_project_entry, projects))


def readable_projects(user: Any) -> Readable:
    """As `selectors.scope.visibility` (the lists) and `projects.view_project` (the page):
    the office and leaders read the projects of their regions and below, the statistics
    bureau those of the regions whose preset names it, a unit its own projects."""
    if is_admin(user):
        return READ_ALL
    grants = role_grants(user)
    prefixes = {region_prefix(code) for role, _unit, code in grants if role in READER_ROLES}
    prefixes |= statistics_prefixes(user)
    own = {unit for role, unit, _code in grants if role in UNIT_ROLES}
    keys = keys_of(Project.objects.filter(unit_id__in=own)) if own else None
    return Readable(region_prefixes=frozenset(prefixes), keys=keys)


def project_facts(keys: Sequence[str]) -> Mapping[str, Sequence[str]]:
    rows = Project.objects.filter(pk__in=[int(key) for key in keys if key.isdigit()])
    return {
        str(pk): [_("责任单位：%(unit)s") % {"unit": short or name}]
        for pk, short, name in rows.values_list("pk", "unit__short_name", "unit__name")
    }


def register() -> None:
    """Called from ProjectsConfig.ready()."""
    register_indexer(
        PROJECT_KIND,
        reindex_projects,
        label=gettext_lazy("重点项目"),
        state_labels=dict(Stage.choices),
        readable=readable_projects,
        hit_facts=project_facts,
        order=40,
    )
