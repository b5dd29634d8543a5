"""How an add keeps a library's canonical entities in step with the articles it stores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.entities.catalog import ONE_PASS_MAX_ARTICLES
from index.ingest import IngestReport
from index.prepare import PreparedArticle

if TYPE_CHECKING:
    from index.entities.aliases import AliasOverrides
    from index.entities.incremental import IncrementalResolver
    from index.entities.resolve import Resolution
    from index.library import Library

# An add that changes more than this share of the library resolves all entities afresh...
FULL_RESOLVE_SHARE = 0.2
# ...unless the library is bigger than this: then each batch is resolved as it is stored,
# in bounded time and memory (a full pass over 100k articles takes minutes and gigabytes).
FULL_RESOLVE_MAX_ARTICLES = ONE_PASS_MAX_ARTICLES
# An add of this many files, and at least a quarter of the library after it, is a bulk add:
# the mentions-by-entity index is dropped while it runs and built again at the end.
BULK_ADD_MIN_FILES = 5_000
ENTITIES_PENDING = "entities_pending"


class LibraryEntityUpkeep:
    """How an add keeps entities in step: one full resolution at the end for small
    libraries (the best merges), batch by batch for big ones (bounded time and memory),
    just the changed articles for small adds."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.per_batch = False
        self.bulk = False
        self.resolver: IncrementalResolver | None = None

    def begin(self, files_to_read: int) -> None:
        """Choose the strategy from the library's size after the add."""
        stored = self.library.store.count("articles")
        self.per_batch = stored + files_to_read > FULL_RESOLVE_MAX_ARTICLES
        self.bulk = (
            self.per_batch
            and files_to_read >= BULK_ADD_MIN_FILES
            and 4 * files_to_read >= stored + files_to_read
        )
        if self.bulk:
            from index.entities.incremental import drop_mention_index

            drop_mention_index(self.library.store.conn)
        if files_to_read and not self.per_batch:
            # Cleared by `finish`; left set by a killed add, so the next open resolves.
            self.library.store.set_setting(ENTITIES_PENDING, "1")

    def worker_resolution(self) -> AliasOverrides | None:
        """Batch by batch, the worker processes resolve each batch with the aliases.toml
        overrides (as `IncrementalResolver.update` would), and the storing process only
        matches the result against the stored entities."""
        if not self.per_batch:
            return None
        from index.entities.aliases import AliasOverrides

        return AliasOverrides.load(self.library.aliases_path)

    def batch_stored(
        self,
        fresh: dict[str, PreparedArticle],
        replaced_or_removed: bool,
        resolution: Resolution | None = None,
    ) -> None:
        """Big libraries: resolve this batch inside its own store transaction (`fresh`: the
        articles just stored; `resolution`: theirs, if a worker process made it)."""
        if self.per_batch and (fresh or replaced_or_removed):
            from index.entities.catalog import mentions_in_memory, stored_mentions

            if self.resolver is None:
                from index.entities.incremental import IncrementalResolver

                self.resolver = IncrementalResolver(
                    self.library.store.conn, self.library.aliases_path
                )
            # A bulk add recounts once at the end (without their index, recounting the
            # mentions after each batch would scan them all).
            mentions = None
            if resolution is None:
                articles = {i: (stored_mentions(a.mentions), a.roles) for i, a in fresh.items()}
                mentions = mentions_in_memory(articles)
            self.resolver.update(
                sorted(fresh),
                recount_all=replaced_or_removed and not self.bulk,
                mentions=mentions,
                resolution=resolution,
            )

    def finish(self, report: IngestReport) -> None:
        """Small libraries: resolve everything, or just the changed articles."""
        store = self.library.store
        if self.bulk:
            from index.entities.incremental import restore_mention_index

            restore_mention_index(store.conn)
        changed_any = bool(report.added or report.updated or report.removed)
        if self.per_batch or not changed_any:
            if self.resolver is not None and changed_any:
                from index.entities.settle import settle_names

                settle_names(store.conn, self.resolver.overrides)
            store.set_setting(ENTITIES_PENDING, "0")
            return
        changed = len(report.changed_ids)
        if not store.has_rows("entities") or changed > FULL_RESOLVE_SHARE * store.count("articles"):
            self.library.rebuild_entities()
        else:
            self.library.update_entities(
                report.changed_ids, recount_all=bool(report.updated or report.removed)
            )
        store.set_setting(ENTITIES_PENDING, "0")
