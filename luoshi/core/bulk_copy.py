"""Streaming rows into PostgreSQL with COPY, for generated datasets.

`bulk_create` builds a model instance and an INSERT for every row and, to learn the new ids,
needs the rows back: for millions of rows it costs minutes and holds every instance in memory.
COPY takes a stream of tuples. The ids are reserved beforehand (the table's identity sequence
moved past the block, under a lock), so rows can name their parents' ids while they are
generated, and nothing is kept once written.

Every column of the model is written: the ones the generator gives for each row, the others
from the field's default computed once (created and updated times included), converted as
Django would for the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone
from psycopg import sql


class RowShape:
    """The columns of `model` in table order: `given` ones from each row (database-ready
    values, in the order of `given`), every other one its default."""

    def __init__(self, model: type[models.Model], given: Sequence[str], **fixed: Any) -> None:
        self.model = model
        pk = model._meta.pk
        fields = [
            field
            for field in model._meta.concrete_fields
            if field is not pk or field.attname in (*given, *fixed)  # else the identity's
        ]
        self.columns = [str(field.column) for field in fields]
        names = {field.attname: index for index, field in enumerate(fields)}
        unknown = [name for name in (*given, *fixed) if name not in names]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {unknown}")
        now = timezone.now()
        self.template: list[Any] = []
        for field in fields:
            if field.attname in fixed:
                value = fixed[field.attname]
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            else:
                value = field.get_default()
            self.template.append(field.get_db_prep_save(value, connection))
        self.slots = [names[name] for name in given]

    def row(self, values: Sequence[Any]) -> list[Any]:
        row = self.template.copy()
        for slot, value in zip(self.slots, values, strict=True):
            row[slot] = value
        return row


def reserve_ids(model: type[models.Model], count: int) -> int:
    """The first of `count` consecutive free ids of `model`'s table (the caller uses first …
    first + count - 1); the sequence moves past them, so later inserts never collide. Holds
    a lock on the table until the transaction ends."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(sql.Identifier(table))
        )
        cursor.execute(sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(sql.Identifier(table)))
        start = int(cursor.fetchone()[0]) + 1
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + count - 1]
        )
    return start


def copy_rows(shape: RowShape, rows: Iterable[Sequence[Any]]) -> int:
    """COPY the rows (values of `shape`'s given columns) into the table; how many."""
    table = sql.Identifier(shape.model._meta.db_table)
    columns = sql.SQL(", ").join([sql.Identifier(column) for column in shape.columns])
    written = 0
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:  # psycopg's own: Django's has no copy()
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(table, columns)
        with cursor.copy(statement) as copy:
            for values in rows:
                copy.write_row(shape.row(values))
                written += 1
    return written


@contextmanager
def indexes_built_after(model: type[models.Model]) -> Iterator[None]:
    """The model's own indexes (Meta.indexes) dropped while rows are copied in, then built
    again: building an index once over millions of rows is several times cheaper than keeping
    it up to date row by row. For loading generated data into a table that nobody reads
    meanwhile (inside the caller's transaction, which holds the table's lock)."""
    indexes = list(model._meta.indexes)
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(model, index)
    yield
    with connection.cursor() as cursor:
        # The copied rows' deferred foreign-key checks run now: PostgreSQL builds no index on
        # a table with checks pending. Later statements are deferred again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(model, index)


# Column types whose Python values psycopg writes as they are (no Django conversion needed).
PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DateTimeField",
        "DecimalField",
        "FloatField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)


def save_all(model: type[models.Model], instances: list[Any], *, ids: bool = False) -> None:
    """Insert unsaved `instances`: COPY on PostgreSQL, `bulk_create` elsewhere. With `ids`,
    each gets its primary key (reserved in one block on PostgreSQL), for rows that point to
    them; without, the table numbers them and the instances keep no id."""
    if not instances:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(instances, batch_size=5000)
        return
    pk = model._meta.pk
    if ids:
        first = reserve_ids(model, len(instances))
        for offset, instance in enumerate(instances):
            instance.pk = first + offset
    fields = [f for f in model._meta.concrete_fields if ids or f is not pk]
    shape = RowShape(model, [field.attname for field in fields])
    now = timezone.now()
    stamped = [
        field
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for instance in instances:
        for field in stamped:
            if getattr(instance, field.attname) is None:
                setattr(instance, field.attname, now)
    plain = [field.get_internal_type() in PLAIN for field in fields]
    database = connections[DEFAULT_DB_ALIAS]  # not the per-thread proxy, once per value

    def values(instance: Any) -> list[Any]:
        return [
            getattr(instance, field.attname)
            if is_plain
            else field.get_db_prep_save(getattr(instance, field.attname), database)
            for field, is_plain in zip(fields, plain, strict=True)
        ]

    copy_rows(shape, (values(instance) for instance in instances))
