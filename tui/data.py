"""The app's adapter over the data layer: every read and write the UI needs, thread-safe.

The library's SQLite connection is shared, so every call here holds one lock; the UI calls
these only from thread workers, never from the event loop. Entity queries read the
`mentions` and `entities` tables directly (mentions not yet resolved to an entity are
grouped by their surface form and type instead).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from index.collector import collector_paused
from index.errors import NewsdeskError
from tui.mention_cursor import MentionCursor, MentionRow

if TYPE_CHECKING:  # imported when first used: the app paints before they load
    from whoosh.analysis import Analyzer

    from index.library import Library
    from index.models import Article
    from index.related import RelatedPassage
    from index.search import SearchResults
    from index.store import ArticleSummary

ENTITY_TYPES = ("PERSON", "PLACE", "ORG", "OTHER")
_FIELD_CLAUSE = re.compile(r'(-?)(\w+):("[^"]*"|\S+)')
_ENTITY_FIELDS = {"person", "place", "org", "other", "entity"}
_NEGATED = re.compile(r'(?:^|\s)(?:-|NOT\s+)("[^"]*"|\S+)')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


@cache
def _analyzer() -> Analyzer:
    """The index's stemming, to find a query's words in an article."""
    from whoosh.analysis import StemmingAnalyzer

    return StemmingAnalyzer()


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity as the sidebar lists it; `key` is "id:N" or "surface:TYPE:name"."""

    key: str
    name: str
    type: str
    count: int
    articles: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """A marked span in an article block: a mention (with its type and entity key) or a hit."""

    block: int
    start: int
    end: int
    type: str = ""
    key: str = ""


@dataclass(slots=True)
class ArticleView:
    """Everything the reader and the sidebar need to show one article."""

    article: Article
    mentions: list[Span]
    hits: list[Span]
    entities: list[EntityRow]
    position: int = 0
    starred: bool = False


@dataclass(slots=True)
class EntityTrail:
    """Every mention of one entity, in reading order, with a count per article, and a
    cursor over them."""

    entity: EntityRow
    mentions: list[MentionRow]
    cursor: MentionCursor
    per_article: dict[str, int] = field(default_factory=dict)


def search_terms(query: str) -> set[str]:
    """The stemmed words a query looks for (negated words, operators and fields left out)."""
    text = _NEGATED.sub(" ", query)
    words: list[str] = []

    def keep_entity_value(match: re.Match[str]) -> str:
        if not match.group(1) and match.group(2).lower() in _ENTITY_FIELDS:
            words.append(match.group(3).strip('"'))
        return " "

    text = _FIELD_CLAUSE.sub(keep_entity_value, text)
    words.extend(w for w in re.findall(r"\w+", text) if w not in _OPERATORS)
    return {t.text for t in _analyzer()(" ".join(words))}


def find_hits(article: Article, query: str) -> list[Span]:
    """Where the words of a query occur in an article's blocks, in reading order."""
    terms = search_terms(query) if query.strip() else set()
    if not terms:
        return []
    hits: list[Span] = []
    for index, block in enumerate(article.blocks):
        for token in _analyzer()(block.text, chars=True):
            if token.text in terms:
                hits.append(Span(index, token.startchar, token.endchar))
    return hits


def _entity_where(key: str) -> tuple[str, list[object]]:
    """The SQL condition on `mentions m` selecting one entity key."""
    if key.startswith("id:"):
        return "m.entity_id = ?", [int(key[3:])]
    _, kind, name = key.split(":", 2)
    return "m.entity_id IS NULL AND m.type = ? AND lower(m.surface) = ?", [kind, name]


class LibraryGateway:
    """One open library and a lock around its connection."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.lock = threading.RLock()
        self._warmup: subprocess.Popen[str] | None = None
        self._closed = False

    @classmethod
    def open(
        cls,
        folder: Path | None,
        *,
        import_seeds: bool | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> LibraryGateway:
        """Open the library (slow on first use: imports seeds, may rebuild the index)."""
        from index.library import Library

        return cls(Library.open(folder, notify=notify, import_seeds=import_seeds))

    def close(self) -> None:
        """Close the library (and stop a passage catch-up: what it committed is kept)."""
        with self.lock:
            self._closed = True
            if self._warmup is not None:
                self._warmup.terminate()
            self.library.close()

    def summaries(
        self, ids: Sequence[str] | None = None, order: str = "date"
    ) -> list[ArticleSummary]:
        """Rows for the article list."""
        with self.lock:
            return self.library.summaries(list(ids) if ids is not None else None, order=order)

    def search(self, text: str, *, sort: str = "relevance", limit: int = 2000) -> SearchResults:
        """Run a query of the query language."""
        with self.lock:
            return self.library.search(text, limit=limit, sort=sort, highlight=False)

    def snippets(
        self, text: str, *, sort: str = "relevance", limit: int = 50
    ) -> dict[str, list[tuple[str, bool]]]:
        """Snippets of the first results of a query, as (text, is_hit) segments, by id."""
        with self.lock:
            results = self.library.search(text, limit=limit, sort=sort, highlight=True)
        return {hit.id: hit.snippet for hit in results.hits if hit.snippet}

    def warm_passages(self) -> None:
        """Bring the passage index in step with the store (slow once after the library changed),
        so the first related-passage lookup is quick; returns when it is done.

        Runs `index.passage_warmup` in a process of its own: catching up a big library takes
        minutes of CPU, and in a thread here it would slow every keypress. Meanwhile related
        passages come from the index as it is.
        """
        from index.passage_warmup import BUSY_EXIT

        with self.lock:
            if self._warmup is not None or self._closed:
                return
            self._warmup = subprocess.Popen(
                [sys.executable, "-m", "index.passage_warmup", str(self.library.folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        process = self._warmup
        _, err = process.communicate()
        with self.lock:
            self._warmup = None
        if process.returncode not in (0, BUSY_EXIT) and not self._closed:
            last = (err or "").strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
            raise NewsdeskError(f"the passage index could not be caught up: {last[0]}")

    @property
    def warming(self) -> bool:
        """True while another process catches up the passage index."""
        return self._warmup is not None

    def related(self, article_id: str, block: int, limit: int = 10) -> list[RelatedPassage]:
        """Passages of other articles related to one paragraph ([] for a subheading, a short
        paragraph or an unknown article or block)."""
        from index.related import related

        with self.lock:
            try:
                return related(
                    self.library, article_id, block, limit=limit, catch_up=self._warmup is None
                )
            except LookupError:
                return []

    def load_article(self, article_id: str, query: str = "") -> ArticleView | None:
        """An article with its mentions, the query's hits, its entities and reading state."""
        with self.lock:
            article = self.library.article(article_id)
            if article is None:
                return None
            rows = self.library.store.conn.execute(
                "SELECT block, start, end, type, entity_id, surface FROM mentions"
                " WHERE article_id = ? ORDER BY block, start",
                (article.id,),
            ).fetchall()
            state = self.library.store.state(article.id)
            entities = self._article_entities(article.id)
        mentions = [
            Span(b, s, e, t, f"id:{eid}" if eid is not None else f"surface:{t}:{surf.lower()}")
            for b, s, e, t, eid, surf in rows
        ]
        return ArticleView(
            article,
            mentions,
            find_hits(article, query),
            entities,
            position=int(state["position"]),
            starred=bool(state["starred"]),
        )

    def _article_entities(self, article_id: str) -> list[EntityRow]:
        rows = self.library.store.conn.execute(
            "SELECT m.entity_id, COALESCE(e.name, min(m.surface)), COALESCE(e.type, m.type),"
            " count(*), lower(m.surface) FROM mentions m LEFT JOIN entities e"
            " ON e.id = m.entity_id WHERE m.article_id = ?"
            " GROUP BY COALESCE(m.entity_id, m.type || ':' || lower(m.surface))"
            " ORDER BY count(*) DESC, 2",
            (article_id,),
        ).fetchall()
        return [
            _row(eid, name, kind, count, 1, surface) for eid, name, kind, count, surface in rows
        ]

    def library_entities(self, limit: int = 1000) -> list[EntityRow]:
        """The library's most mentioned entities (count = mentions), most first.

        Resolved entities come with the counts every resolution keeps in the entities table
        (as `newsdesk entities` shows them): counting the mentions themselves took 11 s at
        100,000 articles. Mentions not resolved yet (an add still running or interrupted)
        are counted by type and surface.
        """
        with self.lock:
            conn = self.library.store.conn
            resolved = conn.execute(_LIBRARY_ENTITIES, (limit,)).fetchall()
            unresolved = conn.execute(_UNRESOLVED_ENTITIES, (limit,)).fetchall()
        # Both queries' order, so that their LIMIT keeps the rows this one wants.
        ranked = [
            ((-n, name, kind, 0, eid, ""), _row(eid, name, kind, n, articles, ""))
            for eid, name, kind, n, articles in resolved
        ]
        ranked += [
            ((-n, name, kind, 1, 0, surface), _row(None, name, kind, n, articles, surface))
            for name, kind, n, articles, surface in unresolved
        ]
        ranked.sort(key=lambda pair: pair[0])
        return [row for _, row in ranked[:limit]]

    def facets(self, article_ids: Sequence[str], limit: int = 1000) -> list[EntityRow]:
        """Entities of a set of articles (search results); count = articles mentioning them.

        Mentions are counted per entity id first and named after (joining every mention to
        its entity before grouping took twice as long at 100,000 articles); mentions not yet
        resolved to an entity are counted by type and surface.
        """
        if not article_ids:
            return []
        ids = json.dumps(list(article_ids))
        rows: list[EntityRow] = []
        with self.lock:
            conn = self.library.store.conn
            for eid, name, kind, n in conn.execute(_FACETS_BY_ENTITY, (ids,)).fetchall():
                if name is None:  # an entity row gone missing: named by its mentions here
                    name, kind = conn.execute(_FACET_SURFACE, (eid, ids)).fetchone()
                rows.append(_row(eid, name, kind, n, n, ""))
            for name, kind, n, surface in conn.execute(_FACETS_UNRESOLVED, (ids,)):
                rows.append(_row(None, name, kind, n, n, surface))
        rows.sort(key=lambda row: (-row.count, row.name.casefold(), row.key))
        return rows[:limit]

    def entity_trail(self, entity: EntityRow, article_order: Sequence[str] = ()) -> EntityTrail:
        """Every mention of an entity: articles in `article_order` first, then newest first,
        each article's mentions in reading order.

        The mentions are read from the mentions-by-entity index alone (a mention's end is
        its start plus its surface's length, the store keeping the surface as sliced) and
        put in order here; only articles missing from `article_order` are sorted by SQLite.
        Joining every mention to its article and sorting them took ~600 ms for the
        commonest entities of a 100,000-article library (106,000 mentions).
        """
        where, params = _entity_where(entity.key)
        # 106,000 rows for the commonest entities of a 100,000-article library: made with
        # the collector off (its passes made the trail take half as long again).
        with collector_paused():
            rank = {article_id: i for i, article_id in enumerate(article_order)}
            with self.lock:
                conn = self.library.store.conn
                rows = conn.execute(
                    "SELECT m.article_id, m.block, m.start, m.start + length(m.surface)"
                    f" FROM mentions m WHERE {where}",
                    params,
                ).fetchall()
                missing = {row[0] for row in rows}.difference(rank)
                if missing:
                    newest_first = conn.execute(
                        "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))"
                        " ORDER BY date DESC, title, id",
                        (json.dumps(sorted(missing)),),
                    )
                    for (article_id,) in newest_first:
                        rank[article_id] = len(rank)
            rows, article_counts = _in_trail_order(rows, rank)
            cursor = MentionCursor(entity.name, rows, article_counts)
        return EntityTrail(entity, rows, cursor, dict(article_counts))

    def set_state(self, article_id: str, **fields: int) -> None:
        """Store read, starred or position for an article."""
        with self.lock:
            self.library.store.set_state(article_id, **fields)

    def setting(self, key: str) -> str | None:
        """A stored setting."""
        with self.lock:
            return self.library.store.setting(key)

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting."""
        with self.lock:
            self.library.store.set_setting(key, value)


_IN_ARTICLES = "article_id IN (SELECT value FROM json_each(?))"
_LIBRARY_ENTITIES = (
    "SELECT id, name, type, mention_count, article_count FROM entities"
    " ORDER BY mention_count DESC, name, type, id LIMIT ?"
)
_UNRESOLVED_ENTITIES = (
    "SELECT min(surface), type, count(*), count(DISTINCT article_id), lower(surface)"
    " FROM mentions WHERE entity_id IS NULL GROUP BY type, lower(surface)"
    " ORDER BY 3 DESC, 1, 2, 5 LIMIT ?"
)
_FACETS_BY_ENTITY = (
    "SELECT g.entity_id, e.name, e.type, g.articles FROM ("
    " SELECT entity_id, count(DISTINCT article_id) AS articles FROM mentions"
    f" WHERE {_IN_ARTICLES} AND entity_id IS NOT NULL GROUP BY entity_id"
    ") g LEFT JOIN entities e ON e.id = g.entity_id"
)
_FACET_SURFACE = (
    f"SELECT min(surface), min(type) FROM mentions WHERE entity_id = ? AND {_IN_ARTICLES}"
)
_FACETS_UNRESOLVED = (
    "SELECT min(surface), type, count(DISTINCT article_id), lower(surface) FROM mentions"
    f" WHERE entity_id IS NULL AND {_IN_ARTICLES} GROUP BY type, lower(surface)"
)


def _in_trail_order(
    rows: list[MentionRow], rank: dict[str, int]
) -> tuple[list[MentionRow], list[tuple[str, int]]]:
    """Mentions by their article's rank (unranked articles last, each apart), then block
    and start; and each article with its count of mentions, in that order.

    Sorted and counted as NumPy columns: a key tuple per mention, then a count per
    article, took 260 ms of a 106,000-mention trail."""
    if not rows:
        return rows, []
    import numpy as np

    articles, blocks, starts, _ends = zip(*rows, strict=True)
    last, place = len(rank), rank.get
    ranks = np.array([place(article_id, last) for article_id in articles], dtype=np.int64)
    unranked = ranks == last  # articles gone from the store: each one's mentions together
    if unranked.any():
        ranks[unranked] += np.unique(np.array(articles)[unranked], return_inverse=True)[1]
    order = np.lexsort((np.array(starts), np.array(blocks), ranks))
    rows = [rows[index] for index in order.tolist()]
    sorted_ranks = ranks[order]
    firsts = np.flatnonzero(np.diff(sorted_ranks, prepend=-1)).tolist()
    counts = np.diff(np.array([*firsts, len(rows)])).tolist()
    return rows, [(rows[first][0], count) for first, count in zip(firsts, counts, strict=True)]


def _row(
    eid: int | None, name: str, kind: str, count: int, articles: int, surface: str
) -> EntityRow:
    key = f"id:{eid}" if eid is not None else f"surface:{kind}:{surface}"
    return EntityRow(key, name, kind, int(count), int(articles))
