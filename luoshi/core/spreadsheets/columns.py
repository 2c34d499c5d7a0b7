"""A column of an import or export sheet: what the header says, what the clerk is told."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    help: str
    width: int = 12
    required: bool = True
    choices: tuple[str, ...] = ()
    text: bool = False  # written as text (区划代码, 序号 keep their digits: 1.10 is not 1.1)
    aliases: tuple[str, ...] = ()  # other headings real files use for the same column


def headings(columns: tuple[Column, ...] | list[Column]) -> dict[str, str]:
    """Column key → heading, for naming a column in a row error."""
    return {c.key: c.heading for c in columns}
