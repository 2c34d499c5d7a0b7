"""`luoshi search_rebuild [--kind KIND]`: write the search index again from the source objects."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from luoshi.core.models import SearchEntry
from luoshi.core.search import schema
from luoshi.core.search.indexing import search_index_delete_stale, search_index_rebuild
from luoshi.core.search.registry import registered_kinds


class Command(BaseCommand):
    help = (
        "Rebuild the search index: each registered kind is reindexed from its source objects "
        "(entries whose source is gone are removed); other kinds are re-tokenized."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", help="only this kind (e.g. report)")

    def handle(self, *args: Any, kind: str | None = None, **options: Any) -> None:
        kinds = registered_kinds()
        stored = set(SearchEntry.objects.values_list("kind", flat=True).distinct())
        if kind is not None and kind not in kinds and kind not in stored:
            known = ", ".join(sorted(set(kinds) | stored)) or "-"
            raise CommandError(f"Unknown kind {kind!r} (known: {known}).")
        for name in sorted(kinds):
            if kind is not None and name != kind:
                continue
            with transaction.atomic():
                started = timezone.now()
                written = kinds[name].reindex()
                removed = search_index_delete_stale(kind=name, written_before=started)
            self.stdout.write(f"{name}: {written} indexed, {removed} removed")
        for name in sorted(stored - set(kinds)):
            if kind is not None and name != kind:
                continue
            count = search_index_rebuild(name)
            self.stdout.write(f"{name}: {count} re-tokenized (no indexer registered)")
        # The SQLite FTS table may have lost its triggers (see luoshi.core.search.schema).
        schema.heal(connection)
