"""The passage index: every paragraph of every article, one Whoosh document each.

It sits beside the article index (`<library>/passages/`) and, like it, is a cache of the
store: a schema function plus SCHEMA_VERSION, and `PassageIndex.open` recreates it when it is
missing, outdated or unreadable. Each passage holds its article id, block index, stemmed
text, a fingerprint of its words (to spot copies and boilerplate) and the normalised surface
forms of the entities it mentions. Surfaces, not entity ids: `rebuild_entities` renumbers ids on
every add, while a block's surfaces only change with its text; `index.related` resolves them
to entities through the store at query time.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from whoosh import fields, index
from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.searching import Searcher
from whoosh.writing import CLEAR, IndexWriter

from index.fresh_postings import FastSegmentWriter
from index.parallel_writer import OrphanSafeMpWriter
from index.search import entity_key
from index.store import Store
from index.whoosh_files import open_or_create

if TYPE_CHECKING:
    from index.ingest import Progress
    from index.library import Library

SCHEMA_VERSION = 3  # 2: segments as separate files; 3: no key field, block and short stored only
PASSAGE_COMMIT_EVERY = 2_000  # articles per commit when catching up
# A catch-up of at least this many articles is indexed by sub-processes (one per core, at
# most PASSAGE_PROCESSES), committing a segment each per PARALLEL_COMMIT_EVERY articles.
PARALLEL_MIN_ARTICLES = 4_000
PARALLEL_COMMIT_EVERY = 12_500
PASSAGE_PROCESSES = 2
PASSAGES_PER_JOB = 100  # passages handed to a sub-process at a time
# A parallel catch-up that leaves more segments merges them into one: every segment costs a
# related-passage lookup a term lookup and a partly filled posting block per word (at
# 100,000 articles, 16 segments made lookups ~40% slower than one).
MAX_SEGMENTS = 4
PASSAGES_DIR = "passages"
# Paragraphs of fewer words are kept in the index (its count must match the store) but are
# never offered as related: datelines, "Also read", photo credits.
MIN_PASSAGE_WORDS = 8
# Word-bigram Jaccard at or above which two passages are copies of one another.
NEAR_DUPLICATE = 0.8
_WORD = re.compile(r"\w+")
# Words that say nothing about a story, added to Whoosh's short list: relatedness is decided
# by the rarer words a passage shares, and these would only add noise.
_EXTRA_STOP_WORDS = """
    about above after again against ago all also although am among any around because been
    before being between both but could did do does doing down during each even ever every
    few first further had has having he her here hers him his how however i into its just
    last least less like made make many me more most much must my near never new next no nor
    now off once one only other our out over own per perhaps said same say says she should
    since so some still such than their them then there these they those though through too
    two under until up upon very was well were what whether which while who whom whose why
    would year years mr mrs ms told added according
"""
PASSAGE_STOP_WORDS = STOP_WORDS | frozenset(_EXTRA_STOP_WORDS.split())


def passage_schema() -> fields.Schema:
    """The fields of a passage document."""
    # Only what is looked up is indexed: `block` and `short` are read from a found passage,
    # never searched (indexed, they cost a passage nine postings).
    return fields.Schema(
        article_id=fields.ID(stored=True),
        block=fields.STORED,
        text=fields.TEXT(analyzer=StemmingAnalyzer(stoplist=PASSAGE_STOP_WORDS), phrase=False),
        entities=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        fingerprint=fields.ID(stored=True),
        short=fields.STORED,
        version=fields.ID(),
    )


def text_fingerprint(text: str) -> str:
    """A hash of a passage's words (case and punctuation ignored): equal for exact copies."""
    words = " ".join(_WORD.findall(text.casefold()))
    return hashlib.sha1(words.encode()).hexdigest()[:16]


def word_shingles(text: str, size: int = 2) -> set[tuple[str, ...]]:
    """The passage's runs of `size` consecutive words (lowercased), for copy detection."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {tuple(words)}
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Shared over total shingles: 1.0 for the same words, 0.0 for nothing in common."""
    return len(a & b) / len(a | b) if a or b else 1.0


def is_short(text: str) -> bool:
    """Too few words to be worth relating (bylines, credits, "Also read")."""
    return len(_WORD.findall(text)) < MIN_PASSAGE_WORDS


@dataclass(slots=True)
class StoredArticle:
    """What the passage index needs of one stored article."""

    id: str
    content_hash: str
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    surfaces: dict[int, set[str]] = field(default_factory=dict)


def passage_documents(article: StoredArticle) -> Iterator[dict[str, object]]:
    """The Whoosh documents of an article's paragraphs."""
    version = f"{article.id}@{article.content_hash}"
    for block, text in article.paragraphs:
        yield {
            "article_id": article.id,
            "block": block,
            "text": text,
            "entities": ",".join(sorted(article.surfaces.get(block, ()))),
            "fingerprint": text_fingerprint(text),
            "short": is_short(text),
            "version": version,
        }


def read_articles(
    conn: sqlite3.Connection, article_ids: Iterable[str] | None = None
) -> Iterator[StoredArticle]:
    """Stored articles with their paragraphs and mention surfaces; all of them for None.

    Reads whole tables (or chunks of 500 ids) in three queries rather than one per article,
    so a rebuild of thousands of articles stays quick.
    """
    if article_ids is None:
        yield from _read_chunk(conn, None)
        return
    ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(ids), 500):
        yield from _read_chunk(conn, ids[start : start + 500])


def _read_chunk(conn: sqlite3.Connection, ids: list[str] | None) -> Iterator[StoredArticle]:
    where, params = "", ()
    if ids is not None:
        where, params = f" WHERE article_id IN ({','.join('?' * len(ids))})", tuple(ids)
    articles: dict[str, StoredArticle] = {}
    id_where = where.replace("article_id", "id")
    for article_id, content_hash in conn.execute(
        f"SELECT id, content_hash FROM articles{id_where} ORDER BY id", params
    ):
        articles[article_id] = StoredArticle(article_id, content_hash)
    for article_id, idx, text in conn.execute(
        "SELECT article_id, idx, text FROM blocks"
        + (where + " AND" if where else " WHERE")
        + " kind = 'paragraph' ORDER BY article_id, idx",
        params,
    ):
        if article_id in articles:
            articles[article_id].paragraphs.append((idx, text))
    surfaces: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for article_id, block, surface in conn.execute(
        f"SELECT article_id, block, surface FROM mentions{where}", params
    ):
        surfaces[article_id][block].add(entity_key(surface))
    for article_id, article in articles.items():
        article.surfaces = dict(surfaces.get(article_id, {}))
        yield article


class PassageIndex:
    """The passage index of one library folder."""

    def __init__(self, ix: index.Index, folder: Path) -> None:
        self.ix = ix
        self.folder = folder

    @classmethod
    def open(cls, folder: Path) -> tuple[PassageIndex, str | None]:
        """Open the index in `folder`; return it with the reason it must be refilled, if any.

        A missing, outdated or unreadable index is recreated empty; the caller refills it
        from the store (`rebuild_from_store`) when a reason is returned.
        """
        ix, reason = open_or_create(folder, passage_schema, SCHEMA_VERSION, "passage index")
        return cls(ix, folder), reason

    @contextmanager
    def writer(
        self, *, clear: bool = False, procs: int = 1, optimize: bool = False
    ) -> Iterator[IndexWriter]:
        """A writer that commits on success and cancels on error; `clear` drops all else,
        `optimize` merges every segment into one. With procs > 1, sub-processes analyse the
        passages and write a segment each."""
        # Separate segment files and in-memory lengths: see ArticleIndex.writer.
        if procs > 1:
            w: IndexWriter = OrphanSafeMpWriter(
                self.ix,
                procs=procs,
                batchsize=PASSAGES_PER_JOB,
                limitmb=128,
                multisegment=True,
                compound=False,
            )
        else:
            w = FastSegmentWriter(self.ix, limitmb=128, compound=False)
        try:
            yield w
        except BaseException:
            w.cancel()
            raise
        else:
            w.commit(mergetype=CLEAR) if clear else w.commit(optimize=optimize)

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher of its own over the latest committed state (safe in any thread)."""
        with self.ix.searcher() as s:
            yield s

    def segment_count(self) -> int:
        """How many segments the index is made of."""
        with self.ix.reader() as reader:
            return len(list(reader.leaf_readers()))

    def merge_segments(self) -> None:
        """Merge every segment into one; an interruption leaves the segments as they were."""
        with self.writer(optimize=True):
            pass

    def doc_count(self) -> int:
        """How many passages the index holds."""
        with self.searcher() as s:
            return s.doc_count()

    def add_articles(
        self,
        writer: IndexWriter,
        articles: Iterable[StoredArticle],
        progress: Progress | None = None,
        done_of: tuple[int, int] = (0, 0),
    ) -> int:
        """Add the passages of `articles` through `writer` (the caller deleted any older
        ones: `index_passages`); return how many were written. `progress` hears every 500
        articles, counted from `done_of` = (articles done before, articles in all)."""
        written = 0
        done, total = done_of
        for count, article in enumerate(articles, 1):
            for doc in passage_documents(article):
                writer.add_document(**doc)
                written += 1
            if progress and count % 500 == 0:
                progress(done + count, total, article.id)
        return written

    def index_article(self, store: Store, article_id: str) -> int:
        """Re-index one article's passages from the store (removes them if it is gone)."""
        return index_passages(store, self, [article_id])

    def rebuild_from_store(
        self,
        store: Store,
        progress: Progress | None = None,
        *,
        processes: int = PASSAGE_PROCESSES,
        merge_progress: Progress | None = None,
    ) -> int:
        """Empty the index and refill it from every stored article; return the passage count.

        Refilled in committed chunks: an interrupted rebuild is finished by the next sync.
        `processes` caps the sub-processes of a big library's rebuild, `merge_progress`
        hears its segments merged (`index_passages`).
        """
        with self.writer(clear=True):
            pass
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        return index_passages(
            store,
            self,
            ids,
            progress,
            replace=False,
            processes=processes,
            merge_progress=merge_progress,
        )

    def in_step_with(self, store: Store) -> bool:
        """True when the index holds exactly as many passages as the store has paragraphs."""
        (paragraphs,) = store.conn.execute(
            "SELECT count(*) FROM blocks WHERE kind = 'paragraph'"
        ).fetchone()
        return self.doc_count() == paragraphs

    def close(self) -> None:
        """Release the index files."""
        self.ix.close()


def index_passages(
    store: Store,
    passages: PassageIndex,
    article_ids: Iterable[str],
    progress: Progress | None = None,
    *,
    replace: bool = True,
    processes: int = PASSAGE_PROCESSES,
    merge_progress: Progress | None = None,
) -> int:
    """Bring the passages of `article_ids` in step with the store: re-index those stored,
    drop those deleted; return how many passages were written. Call it after the store
    transaction that changed them committed. `replace=False` when the index holds none of
    them (a rebuild): nothing is looked up to delete.

    Commits in chunks: catching up a big library takes minutes, and work already committed
    survives an interruption (the next sync goes on from there). PARALLEL_MIN_ARTICLES or
    more are indexed by sub-processes (`processes`, at most one per core), in chunks of
    PARALLEL_COMMIT_EVERY articles, a segment each; then, if the index has more than
    MAX_SEGMENTS, they are merged into one (`merge_progress` hears 0 of 1, then 1 of 1).
    """
    ids = list(dict.fromkeys(article_ids))
    procs = min(processes, os.cpu_count() or 1)
    if len(ids) < PARALLEL_MIN_ARTICLES or procs < 2:
        procs, every = 1, PASSAGE_COMMIT_EVERY
    else:
        every = PARALLEL_COMMIT_EVERY
    written = 0
    for start in range(0, len(ids), every):
        chunk = ids[start : start + every]
        with passages.writer(procs=procs) as writer:
            if replace:
                for article_id in chunk:
                    writer.delete_by_term("article_id", article_id)
            written += passages.add_articles(
                writer, read_articles(store.conn, chunk), progress, (start, len(ids))
            )
        if progress:
            progress(start + len(chunk), len(ids), chunk[-1])
    if procs > 1 and passages.segment_count() > MAX_SEGMENTS:
        if merge_progress:
            merge_progress(0, 1, "")
        passages.merge_segments()
        if merge_progress:
            merge_progress(1, 1, "")
    return written


def sync_passages(store: Store, passages: PassageIndex) -> tuple[int, int]:
    """Re-index articles added or changed since the index was written, drop deleted ones.

    Needs no list of changed ids: each passage records `article_id@content_hash`, so the
    articles whose current version is not in the index are exactly the ones to re-index.
    Returns (articles re-indexed, articles dropped).
    """
    stored = dict(store.conn.execute("SELECT id, content_hash FROM articles").fetchall())
    has_paragraphs = {
        article_id
        for (article_id,) in store.conn.execute(
            "SELECT DISTINCT article_id FROM blocks WHERE kind = 'paragraph'"
        )
    }
    with passages.searcher() as s:
        indexed_ids = _live_terms(s, "article_id")
        live_versions = _live_terms(s, "version")
    stale = [
        article_id
        for article_id, content_hash in stored.items()
        if article_id in has_paragraphs and f"{article_id}@{content_hash}" not in live_versions
    ]
    gone = sorted(indexed_ids - stored.keys())
    if stale or gone:
        index_passages(store, passages, [*stale, *gone])
    return len(stale), len(gone)


_opened: WeakKeyDictionary[Library, PassageIndex] = WeakKeyDictionary()
_opening = threading.Lock()
_checked: WeakKeyDictionary[Library, tuple[int, int]] = WeakKeyDictionary()


def passage_index_for(library: Library, *, catch_up: bool = True) -> PassageIndex:
    """The passage index of a library, in step with its store.

    `library.passages` when the Library keeps one (it then keeps it in step on add and
    reindex); otherwise `<library>/passages` is opened once per Library object and caught up
    with the store whenever its passage count differs from the store's paragraph count.
    With `catch_up=False` it is returned as it is (another process is catching it up).
    """
    kept = getattr(library, "passages", None)
    if isinstance(kept, PassageIndex):
        return kept
    with _opening:
        passages = _opened.get(library)
        if passages is None:
            passages, reason = PassageIndex.open(library.folder / PASSAGES_DIR)
            _opened[library] = passages
            if reason is not None and catch_up:
                with library.write_lock():
                    passages.rebuild_from_store(library.store)
                return passages
        if not catch_up:
            return passages
        # Counting paragraphs costs a scan of the blocks table: only do it when the store
        # has changed since the last look (this connection's or another process's commits).
        conn = library.store.conn
        stamp = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
        if _checked.get(library) != stamp:
            if not passages.in_step_with(library.store):
                with library.write_lock():
                    sync_passages(library.store, passages)
            _checked[library] = stamp
    return passages


def _live_terms(searcher: Searcher, field_name: str) -> set[str]:
    """The terms of a field that some undeleted document still holds."""
    reader = searcher.reader()
    terms = [term.decode() for term in reader.lexicon(field_name)]
    if not reader.has_deletions():
        return set(terms)
    # Deleted documents keep their terms in the lexicon until a merge; postings skip them.
    return {term for term in terms if reader.postings(field_name, term).is_active()}
