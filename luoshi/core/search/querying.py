"""Reading the search index: one selector, `search`, on SQLite FTS5 or PostgreSQL full text.

A query is cut into the same tokens as the documents (see `tokens`); every term must match.
Terms are quoted when put into the FTS5 / tsquery syntax, and contain only letters and
digits anyway, so quotes, `*`, `:`, `-`, NEAR or parentheses typed in the box are separators,
never operators. Hits are ordered by relevance (bm25 on SQLite, ts_rank on PostgreSQL), then
by how recently they were indexed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils.functional import Promise

from luoshi.core.models import SearchEntry
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.search import schema
from luoshi.core.search.highlighting import Segment, highlight, snippet
from luoshi.core.search.registry import kind_label, state_label
from luoshi.core.search.tokens import ParsedQuery, QueryTerm, parse_query

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

    @property
    def kind_label(self) -> str | Promise:
        return kind_label(self.kind)

    @property
    def state_label(self) -> str | Promise:
        return state_label(self.kind, self.state) if self.state else ""


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
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


def _ranked_ids(
    parsed: ParsedQuery,
    where: list[str],
    params: list[Any],
    join_region: bool,
    limit: int,
    offset: int,
) -> tuple[int, list[int]]:
    region_join = " JOIN core_region r ON r.id = e.region_id" if join_region else ""
    if connection.vendor == "sqlite":
        fts = schema.FTS_TABLE
        # CROSS JOIN keeps SQLite from starting at an index on a filter (kind, say) and
        # running the full-text match once per row: the match goes first, filters after.
        source = f" FROM {fts} CROSS JOIN core_searchentry e ON e.id = {fts}.rowid{region_join}"
        conditions = [f"{fts} MATCH %s", *where]
        match_params: list[Any] = [_fts5_match(parsed.terms)]
        rank = f"bm25({fts})"
        rank_params: list[Any] = []
    elif connection.vendor == "postgresql":
        source = f" FROM core_searchentry e{region_join}"
        vector = f"e.{schema.POSTGRES_VECTOR}"  # to_tsvector('simple', tokens), stored
        conditions = [f"{vector} @@ to_tsquery('simple', %s)", *where]
        match_params = [_tsquery(parsed.terms)]
        rank = f"-ts_rank({vector}, to_tsquery('simple', %s), 1)"
        rank_params = match_params
    else:  # pragma: no cover - settings accept only these two
        raise NotImplementedError(connection.vendor)
    where_sql = " WHERE " + " AND ".join(conditions)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*){source}{where_sql}", [*match_params, *params])
        total = int(cursor.fetchone()[0])
        if total == 0 or offset >= total:
            return total, []
        cursor.execute(
            f"SELECT e.id{source}{where_sql} ORDER BY {rank}, e.updated_at DESC, e.id DESC"
            " LIMIT %s OFFSET %s",
            [*match_params, *params, *rank_params, limit, offset],
        )
        return total, [row[0] for row in cursor.fetchall()]


def search(
    *,
    query: str,
    kinds: list[str] | None = None,
    region_code: str | None = None,
    year: int | None = None,
    state: str | None = None,
    public_only: bool = False,
    scope_codes: Collection[str] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResult:
    """Entries containing every term of `query`, best first; filters narrow them down.

    `region_code` matches the region and every region below it. An empty or too-short query
    (see `tokens.parse_query`) or a malformed region code finds nothing. `public_only` keeps
    public entries; `scope_codes` keeps public entries and those of the regions given and the
    regions below them (a county office finds its own county's opinions, not a neighbour's).
    """
    parsed = parse_query(query or "")
    if not parsed:
        return SearchResult(0, [], EMPTY_QUERY)
    where: list[str] = []
    params: list[Any] = []
    if kinds:
        where.append("e.kind IN ({})".format(", ".join(["%s"] * len(kinds))))
        params.extend(kinds)
    if region_code:
        prefix = region_code_prefix(region_code)
        if prefix is None:
            return SearchResult(0, [], parsed)
        where.append("r.code LIKE %s")
        params.append(f"{prefix}%")
    if year is not None:
        where.append("e.year = %s")
        params.append(year)
    if state:
        where.append("e.state = %s")
        params.append(state)
    if public_only:
        where.append("e.is_public = %s")
        params.append(True)
    elif scope_codes is not None:
        prefixes = sorted({p for p in map(region_code_prefix, scope_codes) if p})
        within = " OR ".join(["code LIKE %s"] * len(prefixes)) or "1 = 0"
        where.append(
            f"(e.is_public = %s OR e.region_id IN (SELECT id FROM core_region WHERE {within}))"
        )
        params.extend([True, *(f"{prefix}%" for prefix in prefixes)])
    limit = max(1, min(limit, MAX_LIMIT))
    total, ids = _ranked_ids(parsed, where, params, bool(region_code), limit, max(0, offset))
    entries = SearchEntry.objects.select_related("region").in_bulk(ids)
    hits = [_hit(entries[pk], parsed) for pk in ids if pk in entries]
    return SearchResult(total, hits, parsed)


def reader_scope(user: Any) -> tuple[bool, list[str] | None]:
    """(public_only, scope_codes) for `user`: staff who read the action log search their own
    regions' entries and every public one (a superuser everything); others public ones only —
    the same scope the entries' own pages apply."""
    if getattr(user, "is_superuser", False):
        return False, None
    if user.has_perm("core.view_actionlog"):
        return False, sorted(getattr(user, "work_region_codes", ()))
    return True, None


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
