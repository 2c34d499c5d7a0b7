"""What an import says back: the errors by row and column, and — for an import that updates
what an earlier export wrote — the plan of changes it previews before one all-or-nothing apply.

A plan row is one of: added (a new record), changed (with each changed cell: column, before,
after), unchanged, refused (with its errors). The plan has a digest: the apply recomputes the
plan and goes ahead only when the digest is the one the person saw, so nothing changed between
preview and apply is overwritten unseen.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column heading, or "" for the row as a whole
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.reason}"


@dataclass
class ImportOutcome(Generic[RowT]):
    rows: list[RowT] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def saved(self) -> int:
        return self.created + self.updated

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


class RowAction:
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


ACTION_LABELS = {
    RowAction.ADDED: "新增",
    RowAction.CHANGED: "修改",
    RowAction.UNCHANGED: "未变",
    RowAction.REFUSED: "有错误",
}


@dataclass(frozen=True)
class CellChange:
    column: str  # the heading
    before: str
    after: str


@dataclass
class PlannedRow:
    row: int  # the row number Excel shows
    key: str  # what identifies the record (序号, 项目编号, 指标…) as the clerk reads it
    action: str
    changes: list[CellChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class ChangePlan:
    rows: list[PlannedRow] = field(default_factory=list)
    file_error: str = ""
    # Records the file leaves out are kept as they are; the preview says how many.
    untouched: int = 0

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.file_error and not any(r.action == RowAction.REFUSED for r in self.rows)

    @property
    def has_work(self) -> bool:
        return any(r.action in (RowAction.ADDED, RowAction.CHANGED) for r in self.rows)

    def digest(self) -> str:
        """A fingerprint of what the apply would do."""
        shape = [
            [r.row, r.key, r.action, [[c.column, c.before, c.after] for c in r.changes]]
            for r in self.rows
        ]
        text = json.dumps(shape, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def cell_changes(
    before: dict[str, str], after: dict[str, str], headings: dict[str, str]
) -> list[CellChange]:
    """The cells whose text differs, in the order of `headings`."""
    return [
        CellChange(heading, before.get(key, ""), after.get(key, ""))
        for key, heading in headings.items()
        if key in after and before.get(key, "") != after.get(key, "")
    ]


class PlanChanged(ValidationError):
    """The file or what is stored changed between the preview and the apply."""


@dataclass
class SheetPlan(Generic[RowT]):
    """An update-import's plan with the judged rows it came from, the stored record each
    matched row updates, and — after the apply — how many were created and updated."""

    plan: ChangePlan
    rows: list[RowT] = field(default_factory=list)
    matches: dict[int, Any] = field(default_factory=dict)  # sheet row → the stored record
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return self.plan.ok

    @property
    def file_error(self) -> str:
        return self.plan.file_error

    @property
    def errors(self) -> list[RowError]:
        return self.plan.errors

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def saved(self) -> int:
        return self.created + self.updated

    def ensure_previewed(self, digest: str | None, message: str) -> None:
        """Raise PlanChanged when a digest is given and the plan is not the one it names."""
        if digest is not None and digest != self.plan.digest():
            raise PlanChanged(message)
