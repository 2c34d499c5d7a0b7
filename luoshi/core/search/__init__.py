"""Chinese full-text search: CJK-bigram tokens indexed by SQLite FTS5 or PostgreSQL full text.

    tokens        text → tokens, query → terms (pure)
    highlighting  snippets with the matches marked (pure)
    indexing      search_index_upsert / _delete / _rebuild, index_after_commit (writes;
                  derived data, not logged)
    querying      search() and search_by_kind(): the selectors
    registry      apps register their kinds (AppConfig.ready): how to reindex them, their
                  labels, who may open their entries, the facts their hits show
    visibility    who finds what: the region and publicity rule, or the kind's own rule
    script        Traditional characters folded to Simplified ones (鄉村振興 finds 乡村振兴)
    schema        the FTS5 table and triggers / the GIN index, installed by migration 0003

The model, SearchEntry, lives in luoshi.core.models as Django requires.
"""

from luoshi.core.search.highlighting import SEARCH_ONLY
from luoshi.core.search.indexing import (
    index_after_commit,
    search_index_delete,
    search_index_put,
    search_index_rebuild,
    search_index_upsert,
)
from luoshi.core.search.querying import SearchHit, SearchResult, search, search_by_kind
from luoshi.core.search.registry import READ_ALL, READ_NONE, Readable, keys_of, register_indexer
from luoshi.core.search.visibility import reader_scope

__all__ = [
    "READ_ALL",
    "READ_NONE",
    "SEARCH_ONLY",
    "Readable",
    "SearchHit",
    "SearchResult",
    "index_after_commit",
    "keys_of",
    "reader_scope",
    "register_indexer",
    "search",
    "search_by_kind",
    "search_index_delete",
    "search_index_put",
    "search_index_rebuild",
    "search_index_upsert",
]
