"""`luoshi import PATH…`: bring in a folder, a zip or single documents as one corpus each."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.accounts.models import User
from luoshi.imports import read_jobs
from luoshi.imports.corpus import import_corpus_create, members_of_path
from luoshi.imports.corpus_progress import CorpusProgress, corpus_progress
from luoshi.imports.models import BatchStatus, CorpusOutcome, ImportCorpus
from luoshi.imports.services import import_batch_read

BAR = 30


class Command(BaseCommand):
    help = (
        "Import a folder, a zip or documents (txt, html, docx): each file becomes an import "
        "batch, read by `luoshi worker` (or here, with --read-here); --wait shows the progress."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="folders, .zip files or documents")
        parser.add_argument(
            "--as", dest="username", required=True, help="the user the imports are made by"
        )
        parser.add_argument(
            "--read-here",
            action="store_true",
            help="read the documents in this process instead of leaving them to the workers",
        )
        parser.add_argument(
            "--wait", action="store_true", help="wait for the workers, with a progress bar"
        )
        parser.add_argument("--timeout", type=int, default=1800, help="seconds --wait waits")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}.")
        if not user.has_perm("imports.add_importbatch"):
            raise CommandError(f"{user.username} may not import documents (督查室 or admin).")
        corpora = []
        for raw in options["paths"]:
            path = Path(raw)
            try:
                members = members_of_path(path)
                corpus = import_corpus_create(actor=user, name=path.name, members=members)
            except ValidationError as error:
                raise CommandError(f"{path}: {' '.join(error.messages)}") from error
            corpora.append(corpus)
            self._summary(corpus)
        if options["read_here"]:
            for corpus in corpora:
                self._read_here(corpus)
        elif options["wait"]:
            self._wait(corpora, options["timeout"])
        for corpus in corpora:
            progress = corpus_progress(corpus)
            self.stdout.write(
                f"{corpus.name}: {progress.in_review} in review, {progress.done} committed, "
                f"{progress.busy} waiting for a worker, {progress.failed} failed or refused"
            )
            for row in progress.doubtful:
                self.stdout.write(f"  to settle: {row.file.name}: {row.note}")

    def _summary(self, corpus: ImportCorpus) -> None:
        files = list(corpus.files.all())
        new = sum(1 for f in files if f.outcome == CorpusOutcome.NEW)
        same = sum(1 for f in files if f.outcome == CorpusOutcome.SAME)
        self.stdout.write(
            f"{corpus.name}: {len(files)} files, {new} new, {same} already imported, "
            f"{len(files) - new - same} refused (corpus {corpus.pk})"
        )
        for row in files:
            if row.outcome == CorpusOutcome.REFUSED:
                self.stdout.write(f"  refused: {row.name}: {row.reason}")

    def _read_here(self, corpus: ImportCorpus) -> None:
        batches = list(
            corpus.files.filter(
                outcome=CorpusOutcome.NEW, batch__status=BatchStatus.QUEUED
            ).values_list("batch_id", flat=True)
        )
        for n, batch_id in enumerate(batches, start=1):
            import_batch_read(batch_id=int(batch_id))
            self._bar(n, len(batches), f"{corpus.name}: read {n}/{len(batches)}")
        if batches:
            self.stdout.write("")

    def _wait(self, corpora: list[ImportCorpus], timeout: int) -> None:
        deadline = time.monotonic() + timeout
        while True:
            read_jobs.import_batches_fail_stale()  # a job that died shows as failed
            progresses = [corpus_progress(corpus) for corpus in corpora]
            total = sum(len(p.rows) for p in progresses)
            busy = sum(p.busy for p in progresses)
            self._bar(total - busy, total, _tally(progresses))
            if not busy or time.monotonic() > deadline:
                break
            time.sleep(1)
        self.stdout.write("")
        if busy:
            self.stdout.write(f"{busy} files still wait: is `luoshi worker` running?")

    def _bar(self, done: int, total: int, text: str) -> None:
        filled = BAR * done // max(total, 1)
        line = f"[{'#' * filled}{'-' * (BAR - filled)}] {text}"
        end = "\r" if sys.stdout.isatty() else "\n"
        self.stdout.write(line, ending=end)
        self.stdout.flush()


def _tally(progresses: list[CorpusProgress]) -> str:
    return (
        f"read {sum(len(p.rows) - p.busy for p in progresses)}"
        f"/{sum(len(p.rows) for p in progresses)} · "
        f"in review {sum(p.in_review for p in progresses)} · "
        f"failed {sum(p.failed for p in progresses)}"
    )
