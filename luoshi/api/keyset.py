"""Keyset ("cursor") paging: the page after a given row, read through the list's own order.

Page numbers make the database sort and skip every row before the page: page 2,000 of the
progress reports reads 100,000 rows to return 50. A cursor instead names the last row a client
saw — the values of the list's ordering columns, the primary key last — and the next page is
`WHERE (ordering) comes after (those values) … LIMIT n`, which an index on the ordering reads
from that point on, as cheap on the last page as on the first.

The condition is written out column by column (`a > x OR (a = x AND (b > y OR …))`), so that
mixed directions (`-period_end, unit`) work, and with NULLs placed where the database sorts
them (PostgreSQL: last ascending; SQLite: first). The cursor is signed and names its list's
ordering: a cursor that was altered, or taken from another list, is refused, never read.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import connections
from django.db.models import Field, Model, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP

SALT = "luoshi.api.keyset"


class BadCursor(ValueError):
    """The cursor was not made by this list (altered, truncated, or from another list)."""


@dataclass(frozen=True)
class Key:
    path: str  # the lookup path, e.g. "region__code"
    descending: bool
    field: Field[Any, Any]

    @property
    def name(self) -> str:
        """As order_by takes it: the path, with "-" when descending."""
        return ("-" if self.descending else "") + self.path


def _field(model: type[Model], path: str) -> Field[Any, Any]:
    field: Any = None
    for part in path.split(LOOKUP_SEP):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        if field.is_relation:
            if part != path.split(LOOKUP_SEP)[-1]:
                model = field.related_model
            else:
                field = field.target_field  # ordering by a foreign key orders by its id
    return field


def ordering_keys(queryset: QuerySet[Any]) -> list[Key]:
    """The queryset's ordering as keys, the primary key added last when it is missing (so that
    every row has its own place: a cursor must name one row)."""
    names = list(queryset.query.order_by or queryset.model._meta.ordering)
    keys = []
    for name in names:
        if not isinstance(name, str) or name == "?" or "." in name:
            raise TypeError(f"keyset paging needs plain field orderings, not {name!r}")
        path = name.lstrip("-")
        keys.append(Key(path, name.startswith("-"), _field(queryset.model, path)))
    pk = queryset.model._meta.pk
    if not any(key.field is pk or key.path in {"pk", pk.attname, pk.name} for key in keys):
        keys.append(Key("pk", bool(keys) and keys[-1].descending, pk))
    return keys


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _value_of(row: Model, path: str) -> Any:
    value: Any = row
    parts = path.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        if value is None:
            return None
        if part == "pk":
            value = value.pk
            continue
        field = value._meta.get_field(part)
        if field.is_relation and index == len(parts) - 1:
            value = getattr(value, field.attname)
        else:
            value = getattr(value, part)
    return value


def cursor_after(row: Model, keys: list[Key]) -> str:
    """The cursor naming `row`'s place in the list ordered by `keys`."""
    return signing.dumps(
        {
            "o": [key.name for key in keys],
            "v": [_plain(_value_of(row, key.path)) for key in keys],
        },
        salt=SALT,
        compress=True,
    )


def _read(cursor: str, keys: list[Key]) -> list[Any]:
    try:
        data = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor(cursor) from error
    if not isinstance(data, dict) or data.get("o") != [key.name for key in keys]:
        raise BadCursor(cursor)
    values = data.get("v")
    if not isinstance(values, list) or len(values) != len(keys):
        raise BadCursor(cursor)
    try:
        return [
            None if v is None else key.field.to_python(v)
            for key, v in zip(keys, values, strict=True)
        ]
    except Exception as error:  # a value the column cannot hold
        raise BadCursor(cursor) from error


def _later(key: Key, value: Any, nulls_largest: bool) -> Q:
    """Rows whose `key` comes strictly after `value` in the list's order."""
    # Where the database puts NULLs for this direction: at the end or at the start.
    nulls_at_end = nulls_largest != key.descending
    if value is None:
        return Q(**{f"{key.path}__isnull": False}) if not nulls_at_end else Q(pk__in=[])
    later = Q(**{f"{key.path}__{'lt' if key.descending else 'gt'}": value})
    if key.field.null and nulls_at_end:
        later |= Q(**{f"{key.path}__isnull": True})
    return later


def _same(key: Key, value: Any) -> Q:
    return Q(**{f"{key.path}__isnull": True}) if value is None else Q(**{key.path: value})


def after(queryset: QuerySet[Any], cursor: str) -> QuerySet[Any]:
    """`queryset` from the row after the one `cursor` names, in the same order."""
    queryset, keys = ordered(queryset)
    values = _read(cursor, keys)
    nulls_largest = connections[queryset.db].features.nulls_order_largest
    condition = Q(pk__in=[])
    for key, value in reversed(list(zip(keys, values, strict=True))):
        tail = condition
        condition = _later(key, value, nulls_largest)
        if key is not keys[-1]:
            condition |= _same(key, value) & tail
    first, start = keys[0], values[0]
    if start is not None and not first.field.null:
        # Redundant, but it is the bound an index range scan starts from.
        condition &= Q(**{f"{first.path}__{'lte' if first.descending else 'gte'}": start})
    return queryset.filter(condition)


def ordered(queryset: QuerySet[Any]) -> tuple[QuerySet[Any], list[Key]]:
    """`queryset` ordered by its keys (the primary key last), and those keys."""
    keys = ordering_keys(queryset)
    return queryset.order_by(*[key.name for key in keys]), keys
