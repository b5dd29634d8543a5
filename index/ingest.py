"""Ingest: store and index the articles that `index.prepare` read from the paths.

Reading, cleaning and extraction (`index.prepare`) are pure and run in worker processes when
asked to; the store and the index are written by the calling process only, one transaction
per batch, so an interrupted ingest leaves a consistent store and the next run finishes it.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from index import vocabulary
from index.collector import freeze_survivors, survivors_frozen
from index.models import Article, Mention
from index.orphans import (
    interrupt_latch,
    raise_if_interrupted,
)
from index.prepare import (
    PreparedArticle,
    PreparedBatch,
    iter_source_files,
    prepared_batches,
)
from index.search import article_document
from index.store import FileRecord, Store
from index.vocabulary import article_words

if TYPE_CHECKING:
    from index.entities.aliases import AliasOverrides
    from index.entities.resolve import Resolution

BATCH_SIZE = 250  # files per store transaction
INGEST_CACHE_KIB = 128 * 1024  # SQLite page cache while ingesting
# Articles per search-index commit and writer process; each commit adds a segment per writer
# process, held in memory until then (~250 MB). Whoosh's merge policy leaves segments of this
# size alone; at 2,500 it merged 50,000 documents at once in the main process (~150 s of a
# 100k add). The store has committed every batch anyway: an index left behind by a killed
# add is caught up from it at the next open.
INDEX_COMMIT_EVERY = 12_500
Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class IngestReport:
    """What one `add` did, file by file."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    removed: int = 0
    files: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)  # articles added or updated

    @property
    def ok(self) -> bool:
        """True when no file had to be skipped."""
        return not self.skipped


class EntityUpkeep(Protocol):
    """Keeps canonical entities in step with what an ingest stores."""

    def begin(self, files_to_read: int) -> None:
        """Called once the files to read are known."""

    def worker_resolution(self) -> AliasOverrides | None:
        """The alias overrides with which worker processes should resolve each batch's
        entities (after `begin`), or None when entities are not resolved batch by batch."""

    def batch_stored(
        self,
        fresh: dict[str, PreparedArticle],
        replaced_or_removed: bool,
        resolution: Resolution | None,
    ) -> None:
        """Called inside each batch's store transaction; `resolution` is the worker's, when
        it covers exactly the `fresh` articles."""

    def finish(self, report: IngestReport) -> None:
        """Called once everything is stored."""


class Ingester:
    """Stores prepared files and keeps the index in step, one batch at a time."""

    def __init__(self, store: Store, writer_factory: Callable[[int], object]) -> None:
        self.store = store
        self.writer_factory = writer_factory
        self.report = IngestReport()
        self._writer: object | None = None
        self._open_writer: Callable[[], object] = writer_factory
        self._indexed_since_commit = 0
        self._entities: EntityUpkeep | None = None

    def run(
        self,
        paths: Iterable[Path],
        *,
        workers: int = 1,
        progress: Progress | None = None,
        entities: EntityUpkeep | None = None,
        backend: str = "builtin",
    ) -> IngestReport:
        """Ingest every file under `paths`; return the report.

        `entities` keeps the canonical entities in step: `batch_stored` runs inside each
        batch's store transaction, `finish` once everything is stored, in a thread beside
        the index's final commit so that the two overlap.
        """
        todo: list[tuple[str, str]] = []
        for path, reason in iter_source_files(paths):
            self.report.files += 1
            if reason is not None:
                self.report.skipped.append((str(path), reason))
                continue
            resolved = str(path.resolve())
            record = self.store.file_record(resolved)
            if record is not None and _unchanged(path, record):
                self.report.unchanged += 1
                continue
            todo.append((resolved, record.file_hash if record else ""))
        total = len(todo)
        if progress:
            progress(0, total, "")
        done = 0
        # Worker processes pay a start-up (and gazetteer load) cost: worth it for big adds only.
        workers = workers if len(todo) >= 4 * BATCH_SIZE else 1
        # With worker processes, the index analyses documents in sub-processes too.
        procs = min(2, os.cpu_count() or 1) if workers > 1 else 1
        self._entities = entities
        if entities is not None:
            entities.begin(len(todo))
        after_store: _Background | None = None
        try:
            with interrupt_latch(), survivors_frozen(), self._big_cache(), ExitStack() as stack:
                self._open_writer = lambda: stack.enter_context(self.writer_factory(procs))  # type: ignore[attr-defined]
                resolve_with = entities.worker_resolution() if entities is not None else None
                batches = prepared_batches(todo, workers, BATCH_SIZE, backend, resolve_with)
                for batch_number, batch in enumerate(batches):
                    raise_if_interrupted()
                    self._store_batch(batch)
                    freeze_survivors(batch_number)
                    done += len(batch.files)
                    if progress:
                        progress(done, total, batch.files[-1].path)
                    if self._indexed_since_commit >= INDEX_COMMIT_EVERY * procs:
                        stack.close()  # commits this writer; the next batch opens a new one
                        self._writer = None
                        self._indexed_since_commit = 0
                if entities is not None:
                    # Runs beside the index's final commit, which mostly waits on sub-writers.
                    after_store = _Background(entities.finish, self.report)
        finally:
            if after_store is not None:
                after_store.join()
        return self.report

    @contextmanager
    def _big_cache(self) -> Iterator[None]:
        """A bigger SQLite page cache while ingesting: the B-tree pages of a big library's
        blocks and mentions are written all over, and re-reading them costs system time."""
        conn = self.store.conn
        (before,) = conn.execute("PRAGMA cache_size").fetchone()
        conn.execute(f"PRAGMA cache_size = -{INGEST_CACHE_KIB}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {int(before)}")

    def _store_batch(self, batch: PreparedBatch) -> None:
        prepared = batch.files
        to_index: list[tuple[Article, list[Mention]]] = []
        to_unindex: set[str] = set()
        replaced: set[str] = set()
        words_added: Counter[str] = Counter()
        words_removed: Counter[str] = Counter()
        fresh: dict[str, PreparedArticle] = {}
        with self.store.transaction() as conn:
            for item in prepared:
                if item.error is not None:
                    self.report.skipped.append((item.path, item.error))
                    continue
                for warning in item.warnings:  # "<file>: line 3: invalid JSON"
                    self.report.skipped.append((item.path, warning.split(": ", 1)[-1]))
                record = self.store.file_record(item.path)
                if record is not None and record.file_hash == item.file_hash:
                    self.report.unchanged += 1
                    self.store.save_file_record(
                        FileRecord(
                            item.path, item.size, item.mtime_ns, item.file_hash, record.article_ids
                        )
                    )
                    continue
                old_ids = set(record.article_ids) if record else set()
                kept: list[str] = []
                for art in item.articles:
                    owner = self.store.article_id_for_hash(art.content_hash)
                    if owner is not None and owner != art.id:
                        self.report.duplicates += 1
                        kept.append(owner)
                        continue
                    if owner == art.id:
                        kept.append(art.id)  # same content under the same id: nothing to do
                        continue
                    existed = self.store.has_article(art.id)
                    if existed:
                        replaced.add(art.id)
                        words_removed.update(self._stored_words(art.id))
                    words_added.update(art.words)
                    self.store.save_article(
                        art.id,
                        art.parsed,
                        path=item.path,
                        content_hash=art.content_hash,
                        mentions=art.mentions,
                    )
                    self.report.updated += existed
                    self.report.added += not existed
                    self.report.changed_ids.append(art.id)
                    kept.append(art.id)
                    fresh[art.id] = art
                    to_index.append(
                        (_as_article(art, item.path), [m for ms in art.mentions for m in ms])
                    )
                self.store.save_file_record(
                    FileRecord(item.path, item.size, item.mtime_ns, item.file_hash, kept)
                )
                gone = old_ids - set(kept)
                orphans = gone - self.store.articles_still_referenced(gone) if gone else set()
                if orphans:
                    for orphan in orphans:
                        words_removed.update(self._stored_words(orphan))
                    self.store.delete_articles(orphans)
                    self.report.removed += len(orphans)
                    to_unindex |= orphans
            vocabulary.remove_counts(conn, words_removed)
            vocabulary.add_counts(conn, words_added)
            if self._entities is not None:
                resolution = batch.resolution if batch.resolved_ids == fresh.keys() else None
                self._entities.batch_stored(fresh, bool(replaced or to_unindex), resolution)
        if to_index or to_unindex:
            # The store has committed; the index follows. Should the process die before the
            # index commits, the next open finds the index behind and catches it up.
            if self._writer is None:
                self._writer = self._open_writer()
            writer = self._writer
            for article_id_ in to_unindex | {a.id for a, _ in to_index if a.id in replaced}:
                writer.delete_by_term("id", article_id_)
            for article, mentions in to_index:
                writer.add_document(**article_document(article, mentions))
            self._indexed_since_commit += len(to_index)

    def _stored_words(self, article_id: str) -> set[str]:
        rows = self.store.conn.execute(
            "SELECT text FROM blocks WHERE article_id = ?", (article_id,)
        )
        return article_words(r[0] for r in rows)


class _Background(threading.Thread):
    """Runs a function in a thread; `join` re-raises what it raised."""

    def __init__(self, function: Callable[[IngestReport], None], report: IngestReport) -> None:
        super().__init__(name="after-store", daemon=True)
        self.function, self.report = function, report
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.function(self.report)
        except BaseException as exc:  # handed to the caller in join()
            self.error = exc

    def join(self, timeout: float | None = None) -> None:
        super().join(timeout)
        if self.error is not None:
            raise self.error


def _as_article(art: PreparedArticle, path: str) -> Article:
    p = art.parsed
    return Article(
        art.id,
        p.title,
        p.blocks,
        p.subtitle,
        p.date,
        p.updated,
        p.source,
        p.url,
        p.author,
        p.contributors,
        path,
    )


def _unchanged(path: Path, record: FileRecord) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_size == record.size and info.st_mtime_ns == record.mtime_ns
