"""A library folder: the SQLite store (the truth), the Whoosh index beside it, and a lock.

`Library` is the one entry point scripts, the CLI and the app use.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from filelock import FileLock, Timeout
from whoosh import query

from index import vocabulary
from index.entity_upkeep import ENTITIES_PENDING, LibraryEntityUpkeep
from index.errors import LibraryBusy, NewsdeskError
from index.ingest import INDEX_COMMIT_EVERY, Ingester, IngestReport, Progress
from index.locations import default_library_dir
from index.models import Article, Mention
from index.passages import PARALLEL_MIN_ARTICLES, PassageIndex, passage_index_for
from index.search import ArticleIndex, SearchResults, article_document
from index.store import DB_NAME, ArticleSummary, Store

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"
LOCK_TIMEOUT = 3.0
ENTITY_CLAUSE = re.compile(r'\b(person|place|org|other|entity):("[^"]*"|\S+)', re.IGNORECASE)


class Library:
    """One library folder; open it with `Library.open`."""

    def __init__(self, folder: Path, *, notify: Callable[[str], None] | None = None) -> None:
        self.folder = folder
        self.notify = notify or (lambda message: None)
        folder.mkdir(parents=True, exist_ok=True)
        self.store = Store(folder, notify=self.notify)
        self._lock = FileLock(str(folder / ".write.lock"))
        self.index, reason = ArticleIndex.open(folder / "whoosh")
        stored = self.store.count("articles")
        if (reason is not None and stored) or self.index.doc_count() != stored:
            try:
                # Another process writing right now will bring the index in step itself.
                with self.write_lock(timeout=0):
                    if reason is not None:
                        self.notify(f"Rebuilding the search index: {reason}.")
                        self.reindex()
                    else:
                        self.catch_up_index()
            except LibraryBusy:
                pass
        if self.store.setting(ENTITIES_PENDING) == "1":
            self.resolve_pending_entities()
        self._restore_mention_index()
        self.apply_alias_changes()
        self._check_name_rules()

    @classmethod
    def open(
        cls,
        folder: Path | None = None,
        *,
        notify: Callable[[str], None] | None = None,
        import_seeds: bool | None = None,
    ) -> Library:
        """Open (creating if needed) a library; the default library imports the seeds once."""
        is_default = folder is None
        folder = folder or default_library_dir()
        fresh = not (folder / DB_NAME).exists()
        library = cls(folder, notify=notify)
        if (
            import_seeds if import_seeds is not None else is_default and fresh
        ) and SEEDS_DIR.is_dir():
            library.notify(f"First use: importing the bundled seed articles into {folder}.")
            library.add([SEEDS_DIR])
        return library

    def passages(self) -> PassageIndex:
        """The passage index, brought in step with the store if the store has changed.

        Kept in step lazily (on first use after a change) so that `add` stays fast; the app
        warms it in a background worker right after opening.
        """
        return passage_index_for(self)

    def close(self) -> None:
        """Close the store and the indexes."""
        self.index.close()
        self.store.close()

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def write_lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the library's write lock; another writer waits `timeout` s, then LibraryBusy."""
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout:
            raise LibraryBusy(
                f"the library at {self.folder} is busy: another newsdesk is writing to it;"
                " try again when it has finished"
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def add(
        self, paths: Iterable[Path], *, workers: int = 1, progress: Progress | None = None
    ) -> IngestReport:
        """Ingest files and folders; return what happened to each."""

        backend = self.entity_backend()
        with self.write_lock():
            return Ingester(self.store, self.index.writer).run(
                list(paths),
                workers=workers,
                progress=progress,
                entities=LibraryEntityUpkeep(self),
                backend=backend,
            )

    def entity_backend(self) -> str:
        """The entity extractor config.toml asks for, if it works here; else the built-in one."""
        from index.config import load_config

        config = load_config()
        if config.entity_backend != "spacy":
            return "builtin"
        from index.entities.spacy_backend import spacy_annotator

        try:
            spacy_annotator(config.spacy_model)
        except NewsdeskError as exc:
            self.notify(f"Using the built-in entity extractor: {exc}.")
            return "builtin"
        return f"spacy:{config.spacy_model}"

    def rebuild_entities(self) -> int:
        """Resolve every mention to its canonical entity, applying aliases.toml."""
        from index.entities.catalog import rebuild_entities

        count = rebuild_entities(self.store.conn, self.aliases_path)
        self.store.set_setting("aliases_stamp", self._aliases_stamp())
        self.store.set_setting(ENTITIES_PENDING, "0")
        return count

    def refresh_names(self, *, workers: int = 1, progress: Progress | None = None) -> int:
        """Find every stored article's names again with this version's rules (see
        `index.name_refresh`); return how many articles were read. The search index and
        the entities must be rebuilt after it (`reindex`, `rebuild_entities`)."""
        from index.name_refresh import refresh_names

        with self.write_lock():
            return refresh_names(
                self.store, self.entity_backend(), workers=workers, progress=progress
            )

    def _check_name_rules(self) -> None:
        """Stamp a new library with the rules that find names; tell when older ones did."""
        from index.name_refresh import OUTDATED_MESSAGE, names_are_outdated, stamp_new_library

        stamp_new_library(self.store)
        if names_are_outdated(self.store) and self.entity_backend() == "builtin":
            self.notify(OUTDATED_MESSAGE)

    def update_entities(self, article_ids: list[str], *, recount_all: bool) -> int:
        """Resolve just these articles' mentions against the stored entities."""
        from index.entities.incremental import update_entities

        return update_entities(
            self.store.conn, article_ids, self.aliases_path, recount_all=recount_all
        )

    def _aliases_stamp(self) -> str:
        try:
            info = self.aliases_path.stat()
        except OSError:
            return "absent"
        return f"{info.st_mtime_ns}:{info.st_size}"

    def resolve_pending_entities(self) -> None:
        """Finish the entity resolution of an add that was interrupted."""
        try:
            with self.write_lock(timeout=0):
                self.notify("Resolving the entities of an interrupted add or reindex.")
                self.rebuild_entities()
        except LibraryBusy:
            pass  # the add that is running will resolve them

    def _restore_mention_index(self) -> None:
        """Rebuild the mentions-by-entity index an interrupted bulk add left dropped."""
        if self.store.has_index("mentions_entity"):
            return
        from index.entities.incremental import restore_mention_index

        try:
            with self.write_lock(timeout=0):
                if restore_mention_index(self.store.conn):
                    self.notify("Rebuilt the entity index of an interrupted add.")
        except LibraryBusy:
            pass  # an add is running: it builds the index when it finishes

    def apply_alias_changes(self) -> bool:
        """Re-resolve entities if aliases.toml changed since the last resolution.

        Corrections thus apply at once, without re-ingest. A malformed file is reported with
        one line and the previous entities stay. Returns True when entities were rebuilt.
        """
        from index.entities.aliases import AliasFileError

        stamp = self._aliases_stamp()
        if self.store.setting("aliases_stamp", "absent") == stamp:
            return False
        if not self.store.has_rows("mentions"):
            self.store.set_setting("aliases_stamp", stamp)
            return False
        try:
            with self.write_lock(timeout=0):
                self.rebuild_entities()
        except AliasFileError as exc:
            self.notify(f"aliases.toml not applied: {exc}")
            return False
        except LibraryBusy:
            return False  # the writer resolves entities itself when it finishes
        self.notify(f"Applied the entity corrections in {self.aliases_path}.")
        return True

    @property
    def aliases_path(self) -> Path:
        """The user's alias corrections for this library."""
        return self.folder / "aliases.toml"

    def reindex(
        self,
        progress: Progress | None = None,
        passage_progress: Progress | None = None,
        *,
        workers: int = 1,
        merge_progress: Progress | None = None,
    ) -> int:
        """Rebuild the search index, then the passage index, from the store; return how many
        articles the search index holds. With workers > 1, sub-processes (up to one per core)
        analyse a big library's articles, as in an add; `merge_progress` hears the passage
        segments merged after (`index_passages`)."""
        with self.write_lock():
            total = self.store.count("articles")
            procs = min(workers, os.cpu_count() or 1) if total >= PARALLEL_MIN_ARTICLES else 1
            self.index.close()
            shutil.rmtree(self.folder / "whoosh", ignore_errors=True)
            self.index, _ = ArticleIndex.open(self.folder / "whoosh")
            done = 0
            with self.store.transaction() as conn:
                vocabulary.rebuild(conn)
            articles = self.store.iter_articles()
            while True:  # a commit (a segment) per INDEX_COMMIT_EVERY articles, as an add does
                with self.index.writer(procs=procs) as writer:
                    written = 0
                    for article in islice(articles, INDEX_COMMIT_EVERY):
                        doc = article_document(article, self.mentions_of(article.id))
                        writer.add_document(**doc)
                        written += 1
                        done += 1
                        if progress and done % 200 == 0:
                            progress(done, total, article.id)
                if written < INDEX_COMMIT_EVERY:
                    break
            if progress:
                progress(done, total, "")
            passage_index_for(self).rebuild_from_store(
                self.store, passage_progress, processes=workers, merge_progress=merge_progress
            )
            return done

    def catch_up_index(self) -> tuple[int, int]:
        """Bring the index in step with the store after an interrupted write.

        Only the difference is written: articles the index lacks are added, articles the
        store no longer has are removed. Returns (added, removed).
        """
        stored = {r[0] for r in self.store.conn.execute("SELECT id FROM articles")}
        indexed = self.index.all_ids()
        missing, extra = stored - indexed, indexed - stored
        if missing or extra:
            self.notify(
                f"Search index out of step with the store: adding {len(missing)},"
                f" removing {len(extra)}."
            )
            with self.index.writer() as writer:
                for article_id in extra:
                    writer.delete_by_term("id", article_id)
                for article_id in sorted(missing):
                    article = self.store.article(article_id)
                    if article is not None:
                        doc = article_document(article, self.mentions_of(article_id))
                        writer.update_document(**doc)
        return len(missing), len(extra)

    # -- reading ------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        """One article, by id or unique id prefix."""
        return self.store.article(article_id)

    def summaries(self, ids: list[str] | None = None, order: str = "date") -> list[ArticleSummary]:
        """Rows for the article list."""
        return self.store.summaries(ids, order=order)

    def mentions_of(self, article_id: str) -> list[Mention]:
        """The stored mentions of an article (with block order kept in `start` per block)."""
        rows = self.store.conn.execute(
            "SELECT start, end, surface, type FROM mentions WHERE article_id = ?"
            " ORDER BY block, start",
            (article_id,),
        )
        return [Mention(s, e, t, ty) for s, e, t, ty in rows]

    def search(
        self, text: str, *, limit: int | None = 20, sort: str = "relevance", highlight: bool = True
    ) -> SearchResults:
        """Search articles with the query language, including person:/place:/org:/entity:."""
        rest, extra = self.entity_filter(text)
        results = self.index.search(
            rest,
            limit=limit,
            sort=sort,
            extra=extra,
            highlight_with=self.store.article_texts if highlight else None,
            highlight_words=self._entity_words(extra) if highlight else (),
        )
        results.suggestion = vocabulary.did_you_mean(self.store.conn, rest)
        return results

    def entity_filter(self, text: str) -> tuple[str, query.Query | None]:
        """Split entity clauses off a query: the remaining text and a Whoosh filter for them."""
        clauses: list[query.Query] = []
        for kind, raw in ENTITY_CLAUSE.findall(text):
            name = raw.strip('"')
            terms = self.entity_terms(name, None if kind.lower() == "entity" else kind.upper())
            clauses.append(
                query.Or([query.Term(f, k) for f, k in terms]) if terms else query.NullQuery
            )
        if not clauses:
            return text, None
        rest = ENTITY_CLAUSE.sub(" ", text).strip()
        return rest, query.And(clauses) if len(clauses) > 1 else clauses[0]

    def _entity_words(self, entity_query: query.Query | None) -> set[str]:
        """Body words (as indexed) of the aliases an entity clause matches, for snippets."""
        if entity_query is None:
            return set()
        analyzer = self.index.ix.schema["body"].analyzer
        return {
            token.text
            for _field, alias in entity_query.iter_all_terms()
            for token in analyzer(str(alias))
        }

    def entity_terms(self, name: str, entity_type: str | None) -> list[tuple[str, str]]:
        """The (field, indexed key) search terms of the entities a name denotes, of one
        type or of any with None (`index.entity_terms`)."""
        from index.entity_terms import entity_terms

        return entity_terms(self.store.conn, name, entity_type)

    def stats(self) -> dict[str, int]:
        """Counts of articles, blocks, files, mentions, entities and indexed documents."""
        counts = self.store.counts()
        counts["indexed"] = self.index.doc_count()
        return counts
