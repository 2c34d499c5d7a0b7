"""Reading the search index on SQLite FTS5 or PostgreSQL full text: `search` (one list,
paged) and `search_by_kind` (each kind's count and best hits, for the search page).

A query is cut into the same tokens as the documents (see `tokens`); every term must match.
Terms are quoted when put into the FTS5 / tsquery syntax, and contain only letters and
digits anyway, so quotes, `*`, `:`, `-`, NEAR or parentheses typed in the box are separators,
never operators. Hits are ordered by relevance (bm25 on SQLite, ts_rank on PostgreSQL), then
by how recently they were indexed. Who finds what is decided in the query (`visibility`),
so counts and pages hold only entries the reader may open.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import connection

from luoshi.core.models import SearchEntry
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.search import schema
from luoshi.core.search.highlighting import Segment, highlight, snippet
from luoshi.core.search.registry import (
    Label,
    kind_label,
    kinds_in_order,
    registered_kinds,
    state_label,
)
from luoshi.core.search.tokens import ParsedQuery, QueryTerm, parse_query
from luoshi.core.search.visibility import reader_scope, visibility_condition

__all__ = ["SearchHit", "SearchResult", "reader_scope", "search", "search_by_kind"]

MAX_LIMIT = 200


@dataclass(frozen=True)
class SearchHit:
    kind: str
    key: str
    title: str
    url: str
    region_name: str
    year: int | None
    state: str
    title_segments: list[Segment]
    snippet: list[Segment]  # (text, is_match) pairs; the template escapes and marks them
    updated_at: datetime
    facts: tuple[Label, ...] = ()  # what the kind adds, read when shown (a task's lead unit)

    @property
    def kind_label(self) -> Label:
        return kind_label(self.kind)

    @property
    def state_label(self) -> Label:
        return state_label(self.kind, self.state) if self.state else ""


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    query: ParsedQuery


@dataclass(frozen=True)
class KindGroup:
    kind: str
    total: int
    hits: list[SearchHit]

    @property
    def label(self) -> Label:
        return kind_label(self.kind)


@dataclass(frozen=True)
class GroupedResult:
    total: int
    groups: list[KindGroup]
    query: ParsedQuery


EMPTY_QUERY = ParsedQuery((), ())


def _fts5_match(terms: tuple[QueryTerm, ...]) -> str:
    return " AND ".join(
        '"{}"{}'.format(term.text.replace('"', '""'), "*" if term.prefix else "") for term in terms
    )


def _tsquery(terms: tuple[QueryTerm, ...]) -> str:
    return " & ".join(
        "'{}'{}".format(term.text.replace("'", "''").replace("\\", ""), ":*" if term.prefix else "")
        for term in terms
    )


@dataclass(frozen=True)
class _Filters:
    where: list[str]
    params: list[Any]
    join_region: bool


@dataclass(frozen=True)
class _Source:
    """FROM … WHERE … of a search on this database, and how to rank its rows."""

    sql: str
    params: list[Any]
    rank: str
    rank_params: list[Any]


def _source(parsed: ParsedQuery, filters: _Filters) -> _Source:
    region_join = " JOIN core_region r ON r.id = e.region_id" if filters.join_region else ""
    if connection.vendor == "sqlite":
        fts = schema.FTS_TABLE
        # CROSS JOIN keeps SQLite from starting at an index on a filter (kind, say) and
        # running the full-text match once per row: the match goes first, filters after.
        source = f" FROM {fts} CROSS JOIN core_searchentry e ON e.id = {fts}.rowid{region_join}"
        conditions = [f"{fts} MATCH %s", *filters.where]
        match_params: list[Any] = [_fts5_match(parsed.terms)]
        rank = f"bm25({fts})"
        rank_params: list[Any] = []
    elif connection.vendor == "postgresql":
        source = f" FROM core_searchentry e{region_join}"
        vector = f"e.{schema.POSTGRES_VECTOR}"  # to_tsvector('simple', tokens), stored
        conditions = [f"{vector} @@ to_tsquery('simple', %s)", *filters.where]
        match_params = [_tsquery(parsed.terms)]
        rank = f"-ts_rank({vector}, to_tsquery('simple', %s), 1)"
        rank_params = match_params
    else:  # pragma: no cover - settings accept only these two
        raise NotImplementedError(connection.vendor)
    where_sql = " WHERE " + " AND ".join(conditions)
    return _Source(source + where_sql, [*match_params, *filters.params], rank, rank_params)


def _count(source: _Source) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*){source.sql}", source.params)
        return int(cursor.fetchone()[0])


def _ids(source: _Source, limit: int, offset: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id{source.sql} ORDER BY {source.rank}, e.updated_at DESC, e.id DESC"
            " LIMIT %s OFFSET %s",
            [*source.params, *source.rank_params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


def _best_by_kind(source: _Source, per_kind: int) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Each kind's count and the ids of its best `per_kind` entries, in one pass over the
    matches (a query per kind would match and fetch them all once per kind)."""
    counts: dict[str, int] = {}
    best: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, kind, total FROM (SELECT e.id AS id, e.kind AS kind,"
            " COUNT(*) OVER (PARTITION BY e.kind) AS total,"
            f" ROW_NUMBER() OVER (PARTITION BY e.kind ORDER BY {source.rank},"
            f" e.updated_at DESC, e.id DESC) AS n{source.sql}) ranked"
            " WHERE n <= %s ORDER BY kind, n",
            [*source.rank_params, *source.params, per_kind],
        )
        for pk, kind, total in cursor.fetchall():
            counts[kind] = int(total)
            best.setdefault(kind, []).append(pk)
    return counts, best


def _counts_by_kind(source: _Source) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT e.kind, COUNT(*){source.sql} GROUP BY e.kind", source.params)
        return {kind: int(count) for kind, count in cursor.fetchall()}


def _filters(
    *,
    kinds: list[str] | None,
    region_code: str | None,
    year: int | None,
    state: str | None,
    public_only: bool,
    scope_codes: Collection[str] | None,
    reader: Any,
) -> _Filters | None:
    """The WHERE conditions besides the match; None when they can match nothing."""
    where: list[str] = []
    params: list[Any] = []
    if kinds:
        where.append("e.kind IN ({})".format(", ".join(["%s"] * len(kinds))))
        params.extend(kinds)
    if region_code:
        prefix = region_code_prefix(region_code)
        if prefix is None:
            return None
        where.append("r.code LIKE %s")
        params.append(f"{prefix}%")
    if year is not None:
        where.append("e.year = %s")
        params.append(year)
    if state:
        where.append("e.state = %s")
        params.append(state)
    visible, visible_params = visibility_condition(
        reader=reader, public_only=public_only, scope_codes=scope_codes, kinds=kinds
    )
    if visible:
        where.append(visible)
        params.extend(visible_params)
    return _Filters(where, params, bool(region_code))


def search(
    *,
    query: str,
    kinds: list[str] | None = None,
    region_code: str | None = None,
    year: int | None = None,
    state: str | None = None,
    public_only: bool = False,
    scope_codes: Collection[str] | None = None,
    reader: Any = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResult:
    """Entries containing every term of `query`, best first; filters narrow them down.

    `region_code` matches the region and every region below it. An empty or too-short query
    (see `tokens.parse_query`) or a malformed region code finds nothing. `public_only` keeps
    public entries; `scope_codes` keeps public entries and those of the regions given and the
    regions below them (a county office finds its own county's opinions, not a neighbour's).
    `reader` applies the rules of the kinds that have their own (see `visibility`): pass the
    user who searches, with the scope `reader_scope` gives them.
    """
    parsed = parse_query(query or "")
    if not parsed:
        return SearchResult(0, [], EMPTY_QUERY)
    filters = _filters(
        kinds=kinds,
        region_code=region_code,
        year=year,
        state=state,
        public_only=public_only,
        scope_codes=scope_codes,
        reader=reader,
    )
    if filters is None:
        return SearchResult(0, [], parsed)
    source = _source(parsed, filters)
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    total = _count(source)
    ids = _ids(source, limit, offset) if total > 0 and offset < total else []
    return SearchResult(total, _hits(ids, parsed), parsed)


def search_by_kind(
    *,
    query: str,
    region_code: str | None = None,
    year: int | None = None,
    public_only: bool = False,
    scope_codes: Collection[str] | None = None,
    reader: Any = None,
    per_kind: int = 5,
) -> GroupedResult:
    """The hits grouped by kind, in the registry's order: each kind's count and its best
    `per_kind` hits (the search page before a kind is chosen); with `per_kind` 0, the
    counts alone."""
    parsed = parse_query(query or "")
    if not parsed:
        return GroupedResult(0, [], EMPTY_QUERY)
    filters = _filters(
        kinds=None,
        region_code=region_code,
        year=year,
        state=None,
        public_only=public_only,
        scope_codes=scope_codes,
        reader=reader,
    )
    if filters is None:
        return GroupedResult(0, [], parsed)
    source = _source(parsed, filters)
    if per_kind > 0:
        counts, best = _best_by_kind(source, min(per_kind, MAX_LIMIT))
    else:
        counts, best = _counts_by_kind(source), {}
    found = _hits_by_id([pk for ids in best.values() for pk in ids], parsed)
    order = {entry.kind: entry.order for entry in kinds_in_order()}
    groups = [
        KindGroup(kind, counts[kind], [found[pk] for pk in best.get(kind, []) if pk in found])
        for kind in sorted(counts, key=lambda name: (order.get(name, 1000), name))
    ]
    return GroupedResult(sum(counts.values()), groups, parsed)


def _hits(ids: list[int], parsed: ParsedQuery) -> list[SearchHit]:
    """The entries `ids` as hits, in that order, with the facts their kinds add."""
    found = _hits_by_id(ids, parsed)
    return [found[pk] for pk in ids if pk in found]


def _hits_by_id(ids: list[int], parsed: ParsedQuery) -> dict[int, SearchHit]:
    entries = SearchEntry.objects.select_related("region").in_bulk(ids)
    hits = {pk: _hit(entry, parsed) for pk, entry in entries.items()}
    kinds = registered_kinds()
    for kind in {hit.kind for hit in hits.values()}:
        describe = kinds[kind].hit_facts if kind in kinds else None
        if describe is None:
            continue
        of_kind = {pk: hit for pk, hit in hits.items() if hit.kind == kind}
        facts = describe([hit.key for hit in of_kind.values()])
        for pk, hit in of_kind.items():
            if hit.key in facts:
                hits[pk] = replace(hit, facts=tuple(facts[hit.key]))
    return hits


def _hit(entry: SearchEntry, parsed: ParsedQuery) -> SearchHit:
    return SearchHit(
        kind=entry.kind,
        key=entry.key,
        title=entry.title,
        url=entry.url,
        region_name=entry.region.name if entry.region else "",
        year=entry.year,
        state=entry.state,
        title_segments=highlight(entry.title, parsed),
        snippet=snippet(entry.body, parsed),
        updated_at=entry.updated_at,
    )
