"""The project list imported as an update of the region's projects of the year: plan, then
apply.

Offices revise names, units, amounts and planned starts in the exported list and upload it
again. Each row is matched with the project of the same region, year and 项目编号 — a row
without a 项目编号, or whose 项目编号 the region has no project for, with the project of the
same name that has none yet (which then takes the row's 项目编号):

- a row matching no project is **added** (`project_create`);
- a matched row that differs is **changed**, cell by cell (`project_update`, logged);
- a matched row that says what the project says is **unchanged**, and is not written;
- a row with an error is **refused**, with its row and column; then nothing is applied.

Only the particulars are read: 序号 and the computed columns (本月完成, 年度累计, 完成率,
开工情况, 纳统情况, 存在问题) are ignored; stage dates, figures and problems have their own
pages. Projects the file leaves out are kept; the preview says how many. A row naming a
project of another region is refused (a city's list cannot add a county's projects to the
city). The apply plans again and goes ahead only if the plan is the one previewed (its
digest), all in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from luoshi.core.action_log import Actor
from luoshi.core.authorization import ensure_allowed
from luoshi.core.models import Region
from luoshi.core.refusals import refusal_items
from luoshi.core.spreadsheets.applying import apply_plan
from luoshi.core.spreadsheets.cells import cell_text
from luoshi.core.spreadsheets.outcome import (
    ChangePlan,
    PlannedRow,
    RowAction,
    RowError,
    SheetPlan,
    cell_changes,
)
from luoshi.core.spreadsheets.reading import SheetError
from luoshi.projects.colours import month_text
from luoshi.projects.excel_columns import CATEGORY_WORDS, LIST_HEADINGS
from luoshi.projects.excel_export import amount_text, project_cells
from luoshi.projects.excel_list_rows import (
    ListRow,
    UnitChoices,
    list_rows_validate,
    read_list,
)
from luoshi.projects.models import Project
from luoshi.projects.selectors import project_base
from luoshi.projects.services import ProjectInput, project_create, project_update

# A model field's complaint, shown against the column that carries it.
FIELD_COLUMNS = {
    "name": "name",
    "annual_plan": "annual_plan",
    "total_investment": "total_investment",
    "started_planned": "started_planned",
    "included_actual": "total_investment",
    "unit": "unit",
    "code": "code",
}


ListPlan = SheetPlan[ListRow]


def row_cells(row: ListRow) -> dict[str, str]:
    """What the row says, in the words `project_cells` would give after the apply."""
    return {
        "code": row.code,
        "name": row.name,
        "category": CATEGORY_WORDS[row.category],
        "content": row.content,
        "unit": row.unit.name,
        "leader": row.leader,
        "total_investment": amount_text(row.total_investment),
        "annual_plan": amount_text(row.annual_plan),
        "started_planned": month_text(row.started_planned) if row.started_planned else "",
    }


class _Matcher:
    """The region's projects of the year by 项目编号 and by name, and the other regions' (that
    the actor sees) by name, to tell a project of another region from a new one."""

    def __init__(self, actor: Actor, region: Region, year: int, names: set[str]) -> None:
        self.projects = list(
            Project.objects.filter(region=region, year=year).select_related(
                "region", "unit", "task"
            )
        )
        self.by_code = {p.code: p for p in self.projects if p.code}
        self.by_name = {p.name: p for p in self.projects}
        seen = project_base(actor) if actor is not None else Project.objects.all()
        elsewhere = seen.filter(year=year, name__in=names).exclude(region=region)
        self.elsewhere = {p.name: p for p in elsewhere}

    def match(self, row: ListRow, errors: list[RowError]) -> Project | None:
        def fail(key: str, reason: str) -> None:
            errors.append(RowError(row.row, LIST_HEADINGS[key], reason))

        project = self.by_code.get(row.code) if row.code else None
        named = self.by_name.get(row.name)
        if project is None and named is not None:
            if named.code:  # and the row gives none, or one the region has no project for
                fail(
                    "code",
                    _("系统中“%(name)s”的项目编号是 %(code)s；修改项目编号请在项目页面操作")
                    % {"name": row.name[:40], "code": named.code},
                )
                return None
            project = named
        if project is not None and named is not None and named.pk != project.pk:
            fail(
                "name",
                _("与系统中编号为 %(code)s 的项目重名") % {"code": named.code or _("（无编号）")},
            )
            return None
        return project

    def foreign(self, number: int, code: str, name: str) -> RowError | None:
        """A row that names a project of another region (and none of this one's): the rest
        of its errors would only follow from that (its unit is not this region's)."""
        other = self.elsewhere.get(name)
        if other is None or name in self.by_name or code not in ("", other.code):
            return None
        return RowError(
            number,
            LIST_HEADINGS["name"],
            _("“%(name)s”是%(region)s的项目，请选择%(region)s导入")
            % {"name": name[:40], "region": other.region.name},
        )


def _check_model(row: ListRow, project: Project, errors: list[RowError]) -> None:
    """The model's own rules (annual plan within the total, planned dates in order, 纳统 only
    from 500万元) against the row's values, before anything is written."""
    probe = Project(
        **{f.attname: getattr(project, f.attname) for f in Project._meta.concrete_fields}
    )
    for key, value in _particulars(row).items():
        setattr(probe, key, value)
    try:
        probe.clean()
    except ValidationError as error:
        for name, message in refusal_items(error):
            column = LIST_HEADINGS.get(FIELD_COLUMNS.get(name, ""), "")
            errors.append(RowError(row.row, column, message))
    if not probe.unit.is_active:
        errors.append(RowError(row.row, LIST_HEADINGS["unit"], _("责任单位已停用。")))


def _particulars(row: ListRow) -> dict[str, object]:
    return {
        "code": row.code,
        "name": row.name,
        "category": row.category,
        "content": row.content,
        "unit": row.unit,
        "leader": row.leader,
        "total_investment": row.total_investment,
        "annual_plan": row.annual_plan,
        "started_planned": row.started_planned,
    }


def projects_plan(*, actor: Actor, data: bytes, region: Region, year: int) -> ListPlan:
    """What the file would do, written nowhere. Raises PermissionDenied when the actor may not
    keep the project list of `region`."""
    ensure_allowed(actor, "projects.add_project", region)
    try:
        sheet_rows = read_list(data)
    except SheetError as error:
        return SheetPlan(ChangePlan(file_error=str(error)))
    names = {cell_text(r.cells.get("name")) for r in sheet_rows}
    matcher = _Matcher(actor, region, year, names)
    current_units = {p.unit.name: p.unit for p in matcher.projects}
    judged = list_rows_validate(sheet_rows, units=UnitChoices(region), current_units=current_units)
    result = SheetPlan(ChangePlan(), rows=judged.rows)
    valid = {r.row: r for r in judged.rows}
    errors_by_row: dict[int, list[RowError]] = {}
    for problem in judged.errors:
        errors_by_row.setdefault(problem.row, []).append(problem)
    claimed: dict[int, int] = {}  # project → the sheet row that matched it
    for sheet_row in sheet_rows:
        number = sheet_row.number
        errors = errors_by_row.get(number, [])
        row = valid.get(number)
        code, name = (cell_text(sheet_row.cells.get(k)) for k in ("code", "name"))
        foreign = matcher.foreign(number, code, name)
        if foreign is not None:
            errors, row = [foreign], None
        match = matcher.match(row, errors) if row is not None and not errors else None
        if match is not None and claimed.setdefault(match.pk, number) != number:
            errors.append(
                RowError(number, "", _("与第%(row)d行是同一个项目") % {"row": claimed[match.pk]})
            )
        if row is not None and not errors:
            _check_model(row, match or Project(region=region, year=year), errors)
        key = (row.code or row.name[:30]) if row else (code or name[:30])
        if errors or row is None:
            result.plan.rows.append(PlannedRow(number, key, RowAction.REFUSED, errors=errors))
            continue
        after = row_cells(row)
        if match is None:
            changes = cell_changes({}, {k: v for k, v in after.items() if v}, LIST_HEADINGS)
            result.plan.rows.append(PlannedRow(number, key, RowAction.ADDED, changes))
            continue
        result.matches[number] = match
        changes = cell_changes(project_cells(match), after, LIST_HEADINGS)
        action = RowAction.CHANGED if changes else RowAction.UNCHANGED
        result.plan.rows.append(PlannedRow(number, key, action, changes))
    result.plan.untouched = len(matcher.projects) - len(result.matches)
    return result


def projects_apply(
    *, actor: Actor, data: bytes, region: Region, year: int, digest: str | None = None
) -> ListPlan:
    """Plan again and, when every row is valid (and the plan is the one previewed, if a
    `digest` is given), add and change the projects in one transaction. A refusal by a
    service midway leaves nothing written and is reported against its row."""
    result = projects_plan(actor=actor, data=data, region=region, year=year)

    def add(row: ListRow) -> None:
        project_create(actor=actor, data=_input(row, region, year, None))

    def change(row: ListRow, project: Project) -> None:
        project_update(actor=actor, project=project, data=_input(row, region, year, project))

    return apply_plan(
        result,
        digest=digest,
        changed_message=_("预览之后，文件或系统中的项目已有变化：请核对新的预览后再确认。"),
        add=add,
        change=change,
    )


def _input(row: ListRow, region: Region, year: int, project: Project | None) -> ProjectInput:
    """The row's particulars; what the list does not carry is kept from the project."""
    kept: dict[str, object] = {}
    if project is not None:
        kept = {
            "task": project.task,
            "invested_before_year": project.invested_before_year,
            "is_public": project.is_public,
        }
    return ProjectInput(region=region, year=year, **_particulars(row), **kept)  # type: ignore[arg-type]
