"""Chinese full-text search: CJK-bigram tokens indexed by SQLite FTS5 or PostgreSQL full text.

    tokens        text → tokens, query → terms (pure)
    highlighting  snippets with the matches marked (pure)
    indexing      search_index_upsert / _delete / _rebuild (writes; derived data, not logged)
    querying      search(): the selector
    registry      apps register how to reindex their kinds (AppConfig.ready)
    schema        the FTS5 table and triggers / the GIN index, installed by migration 0003

The model, SearchEntry, lives in luoshi.core.models as Django requires.
"""

from luoshi.core.search.indexing import (
    search_index_delete,
    search_index_rebuild,
    search_index_upsert,
)
from luoshi.core.search.querying import SearchHit, SearchResult, reader_scope, search
from luoshi.core.search.registry import register_indexer

__all__ = [
    "SearchHit",
    "SearchResult",
    "reader_scope",
    "register_indexer",
    "search",
    "search_index_delete",
    "search_index_rebuild",
    "search_index_upsert",
]
