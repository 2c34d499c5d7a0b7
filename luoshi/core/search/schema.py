"""The full-text index over `SearchEntry.tokens`, which Django's schema does not describe.

SQLite: an FTS5 table with external content (`core_searchentry` holds the text; the FTS
table holds only the inverted index), kept in sync by triggers, so every write path, bulk
and cascade deletes included, updates it. The `unicode61` tokenizer splits the stored tokens
at the spaces between them; CJK characters are letters to it, so a bigram stays one token.

PostgreSQL: `to_tsvector('simple', tokens)` kept in a stored generated column,
`search_vector`, with a GIN index on it. The `simple` configuration neither stems nor drops
words, and the default parser keeps a CJK bigram as one word. A plain expression index on
`to_tsvector('simple', tokens)` finds the rows as fast, but ranking them then recomputes the
vector of every hit: 5.6 s instead of 0.3 s for a word in 96,000 of 100,000 entries
(bench/search_bench.py). Django does not know the column; it writes the other columns by
name and PostgreSQL fills this one in. A later migration that changes the type of `tokens`
must drop the column first and call `install` again.

Migration 0003 calls `install`. Django rebuilds a SQLite table (new table, copy, drop, rename)
when a later migration alters some of its columns, and the drop takes the triggers with it:
such a migration must call `install` again (it is idempotent); `luoshi search_rebuild` calls
`heal`, which reinstalls them and re-reads the table.
"""

from __future__ import annotations

from typing import Any

FTS_TABLE = "core_searchentry_fts"
POSTGRES_VECTOR = "search_vector"

SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        tokens, content='core_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON core_searchentry
    BEGIN
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON core_searchentry
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF tokens ON core_searchentry
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
]
SQLITE_UNINSTALL = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
# Re-reads every row of the content table into the index (after reinstalling the triggers).
SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"

POSTGRES_INSTALL = [
    f"ALTER TABLE core_searchentry ADD COLUMN IF NOT EXISTS {POSTGRES_VECTOR} tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    f"CREATE INDEX IF NOT EXISTS core_searchentry_search_vector "
    f"ON core_searchentry USING GIN ({POSTGRES_VECTOR})",
]
POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS core_searchentry_search_vector",
    f"ALTER TABLE core_searchentry DROP COLUMN IF EXISTS {POSTGRES_VECTOR}",
]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: Any) -> None:
    """Create the index for this database (idempotent)."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_INSTALL)


def uninstall(connection: Any) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_UNINSTALL)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_UNINSTALL)


def heal(connection: Any) -> None:
    """SQLite: reinstall the triggers (a table rebuild by a later migration drops them) and
    re-read every row into the FTS table. PostgreSQL keeps its index: nothing to do."""
    if connection.vendor == "sqlite":
        _run(connection, [*SQLITE_INSTALL, SQLITE_REBUILD])
