"""Ranked search for the common query shapes, scored a block of postings at a time.

Whoosh finds the top hits of a query by walking a tree of matchers one posting at a time,
several Python calls per posting; its block-quality skipping rarely skips anything for
news words, so a two-word query at 100,000 articles scored ~40,000 postings that way and
took over 100 ms. Most queries people type are words, quoted phrases and entity clauses:
a tree of `And`, `Or`, `Term` and exact `Phrase`. For those this module reads each term's
posting blocks whole (ids and weights arrays, as Whoosh stores them) into one NumPy array
per term, scores them with the same BM25F as `index.scoring.LengthCachedBM25F` (the same
floating-point operations in the same order), and combines the per-document scores as
sorted arrays: `Or` adds, `And` intersects and adds, a phrase is the `And` of its words
where their positions follow each other (Whoosh scores a phrase the same way). At 100,000
articles this took the 20 benchmark queries' p50 from ~50 to ~28 ms and the phrase
"general election" from ~150 to ~65 ms (per posting, a Python loop did the scoring before).
The scores are Whoosh's, and so is the ranking of every match scored
(ties: lower document number first). Whoosh's own top-N collection is not always that
ranking: the bounds with which it prunes sub-matchers dropped better hits in 10 of 24
queries at 100,000 articles; scoring every match here returns them. Any other query shape
returns None and is left to Whoosh.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain
from pickle import loads
from typing import NamedTuple

import numpy as np
from whoosh import formats, query
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from index.scoring import LengthCachedScorer


def is_block_searchable(q: query.Query) -> bool:
    """Whether `q` is made only of shapes this module ranks exactly like Whoosh."""
    if isinstance(q, query.Term):
        return True
    if isinstance(q, query.Phrase):
        return q.slop == 1 and bool(q.words)
    if isinstance(q, query.Or):
        if q.minmatch or q.scale:
            return False
    elif not isinstance(q, query.And):
        return False
    return bool(q.subqueries) and all(is_block_searchable(sub) for sub in q.subqueries)


def block_search(
    searcher: Searcher, q: query.Query, limit: int | None
) -> tuple[int, list[tuple[int, float]]] | None:
    """The number of matches and the `limit` best (every match for None) as (global
    document number, score).

    None when the query, or a segment's postings, are not of a kind this module handles;
    the caller then asks Whoosh.
    """
    if not is_block_searchable(q):
        return None
    total = 0
    best: list[tuple[float, int]] = []
    for leaf, offset in searcher.leaf_searchers():
        hits = _SegmentScorer(searcher, leaf).scores(q)
        if hits is None:
            return None
        total += len(hits.docs)
        # Whoosh's order: higher score first, then lower document number.
        docs, scores = hits.best(limit)
        best.extend(zip((-scores).tolist(), (docs + offset).tolist(), strict=True))
        if limit is not None:
            best = heapq.nsmallest(limit, best)
    if limit is None:
        best.sort()
    return total, [(doc, -negated) for negated, doc in best]


class _Hits(NamedTuple):
    """The matching documents of one segment, ascending, and their scores."""

    docs: np.ndarray  # int64, ascending, no repeats
    scores: np.ndarray  # float64

    def best(self, limit: int | None) -> tuple[np.ndarray, np.ndarray]:
        """The `limit` best (all for None): higher score first, then lower document."""
        docs, scores = self.docs, self.scores
        if limit is not None and limit < len(docs):
            cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            keep = np.flatnonzero(scores >= cut)  # every tie of the last place
            docs, scores = docs[keep], scores[keep]
        order = np.lexsort((docs, -scores))[:limit]
        return docs[order], scores[order]


_NO_HITS = _Hits(np.zeros(0, np.int64), np.zeros(0, np.float64))


class _Unsupported(Exception):
    """A segment's postings are not Whoosh's on-disk blocks (or scoring is not ours)."""


class _SegmentScorer:
    """Scores of one query over the documents of one segment."""

    def __init__(self, top: Searcher, leaf: Searcher) -> None:
        self.top = top
        self.leaf = leaf
        self.reader: IndexReader = leaf.reader()
        self.deleted = (
            np.fromiter(self.reader.deleted_docs_set, np.int64)
            if self.reader.has_deletions()
            else None
        )

    def scores(self, q: query.Query) -> _Hits | None:
        """Every matching document (in the segment) and its score; None if unsupported."""
        try:
            return self._scores(q)
        except _Unsupported:
            return None

    def _scores(self, q: query.Query) -> _Hits:
        if isinstance(q, query.Term):
            found = self._term_postings(q.fieldname, q.text, None)
        elif isinstance(q, query.Phrase):
            found = self._phrase_scores(q.fieldname, q.words)
        elif isinstance(q, query.And):
            found = _intersect([self._scores(sub) for sub in q.subqueries])
        else:
            found = _union([self._scores(sub) for sub in q.subqueries])
        # Whoosh hands a compound of one part straight to that part: its boost is ignored.
        single = isinstance(q, query.And | query.Or) and len(q.subqueries) == 1
        if q.boost != 1.0 and len(found.docs) and not single:
            found = _Hits(found.docs, found.scores * q.boost)
        return found

    # Terms -------------------------------------------------------------------------------

    def _term_postings(self, field: str, text: str | bytes, values: list | None) -> _Hits:
        """A term's documents and scores; with `values`, its raw posting values (positions)
        are appended to it, one per document."""
        if field not in self.reader.schema or (field, text) not in self.reader:
            return _NO_HITS
        scorer = self.top.weighting.scorer(self.leaf, field, text)
        if not isinstance(scorer, LengthCachedScorer):
            raise _Unsupported(field)
        norms = scorer.norms_for(self.reader.doc_count_all())
        if norms is None:
            raise _Unsupported(field)
        docs, weights = _read_postings(self._postings(field, text), values)
        # BM25F as `LengthCachedScorer.score`, the same operations in the same order.
        scores = scorer.scale * weights / (weights + np.frombuffer(norms, np.float64)[docs])
        if self.deleted is not None:
            live = ~np.isin(docs, self.deleted)
            if values is not None:
                values[:] = [
                    value for value, keep in zip(values, live.tolist(), strict=True) if keep
                ]
            docs, scores = docs[live], scores[live]
        return _Hits(docs, scores)

    def _postings(self, field: str, text: str | bytes) -> Matcher:
        m = self.reader.postings(field, text)
        if isinstance(m, FilterMatcher):  # the segment's deleted documents: removed above
            m = m.child
        if not hasattr(m, "_read_ids") or m._byteids:
            raise _Unsupported(field)
        return m

    # Phrases -----------------------------------------------------------------------------

    def _phrase_scores(self, field: str, words: list[str]) -> _Hits:
        """The documents where the words follow each other, scored as the And of the words."""
        schema = self.reader.schema
        fmt = schema[field].format if field in schema else None
        if fmt is None or not fmt.supports("positions"):
            raise _Unsupported(field)
        keys = [schema[field].to_bytes(word) for word in words]
        if any((field, key) not in self.reader for key in keys):
            return _NO_HITS
        values: list[list[bytes]] = [[] for _ in keys]
        parts = [
            self._term_postings(field, key, into) for key, into in zip(keys, values, strict=True)
        ]
        both = _intersect(parts)
        if not len(both.docs):
            return _NO_HITS
        # Positions as document row * _ROW_STRIDE + position: a phrase starts at `key` when
        # word i's keys hold key + i, for every word.
        starts = np.zeros(0, np.int64)
        for offset, (part, word_values) in enumerate(zip(parts, values, strict=True)):
            in_both = [word_values[i] for i in np.searchsorted(part.docs, both.docs).tolist()]
            rows, positions = _positions(in_both, fmt)
            keys = np.sort(rows * _ROW_STRIDE + positions)  # sorted already, as a rule
            starts = keys if offset == 0 else starts[_found_in(starts + offset, keys)]
            if not len(starts):
                return _NO_HITS
        rows = starts // _ROW_STRIDE  # ascending: one entry per phrase found in a row
        rows = rows[np.concatenate(([True], rows[1:] != rows[:-1]))]
        return _Hits(both.docs[rows], both.scores[rows])


def _found_in(wanted: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    """Which of `wanted` are in `ascending` (a sorted array): a binary search each."""
    if not len(ascending):
        return np.zeros(len(wanted), dtype=bool)
    at = np.minimum(np.searchsorted(ascending, wanted), len(ascending) - 1)
    return ascending[at] == wanted


_ROW_STRIDE = 1 << 32  # more than any position in a document
_PICKLE_2 = b"\x80\x02"


def _positions(values: list[bytes], fmt: formats.Format) -> tuple[np.ndarray, np.ndarray]:
    """Every position in the posting values of a word, one value per row: (row, position).

    A `Positions` value is the count as 4 bytes, then its position gaps pickled with
    protocol 2 (the closing "." may have been trimmed on disk). Their pickled lists are
    unpickled in one call, inside one outer list; other formats decode one value at a time.
    """
    gaps: list[list[int]] | None = None
    if type(fmt) is formats.Positions:
        bodies = [v[6:-1] if v.endswith(b".") else v[6:] for v in values]
        try:
            gaps = loads(b"".join((_PICKLE_2, b"(", *bodies, b"l.")))
        except Exception:  # not protocol 2 after all: one value at a time
            gaps = None
        if not isinstance(gaps, list) or len(gaps) != len(values):
            gaps = None
    lists = gaps if gaps is not None else [fmt.decode_positions(v) for v in values]
    lengths = np.fromiter(map(len, lists), np.int64, len(lists))
    flat = np.fromiter(chain.from_iterable(lists), np.int64, int(lengths.sum()))
    rows = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
    return rows, (_undo_deltas(flat, lengths) if gaps is not None else flat)


def posting_ids(reader: IndexReader, field: str, text: str | bytes) -> list[int]:
    """The (global) numbers of the live documents containing a term, ascending.

    Reads each segment's posting blocks whole, as `_blocks` does, instead of one id per
    Python call as Whoosh's `all_ids`: for the hundreds of thousands of ids a related-passage
    lookup reads at 100,000 articles, several times faster. Same result as
    `sorted(reader.postings(field, text).all_ids())`.
    """
    if field not in reader.schema:
        return []
    found: list[int] = []
    for leaf, offset in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        m = leaf.postings(field, text)
        if isinstance(m, FilterMatcher):  # the segment's deleted documents: removed below
            m = m.child
        if not hasattr(m, "_read_ids"):
            found.extend(offset + doc for doc in leaf.postings(field, text).all_ids())
            continue
        ids: list[int] = []
        for block_ids, _weights, _values in _blocks(m):
            ids.extend(block_ids)
        if leaf.has_deletions():
            deleted = leaf.deleted_docs_set
            ids = [doc for doc in ids if doc not in deleted]
        found.extend([doc + offset for doc in ids] if offset else ids)
    return found


def _blocks(
    m: Matcher, with_values: bool = False, raw_ids: bool = False
) -> Iterator[tuple[Iterable[int], array, tuple]]:
    """A leaf matcher's posting blocks as (ids, weights, values) — values only if asked,
    ids as stored (deltas from the previous id) if `raw_ids`.

    Reads Whoosh's block tuple as `W3LeafMatcher._read_ids` and `_read_weights` do, but
    undoes the id deltas with `itertools.accumulate` rather than a Python generator.
    """
    while m.is_active():
        m._read_data()
        ids, weights, values = m._data[:3]
        if not m._byteids and not raw_ids:
            ids = accumulate(ids)
        if weights is None or isinstance(weights, float):
            weights = array("f", [1.0 if weights is None else weights]) * m._blocklength
        if with_values:
            m._read_values()
            values = m._values
        yield ids, weights, (values if with_values else ())
        m._next_block()


def _read_postings(m: Matcher, values: list | None) -> tuple[np.ndarray, np.ndarray]:
    """A leaf matcher's whole posting list: documents (int64) and weights (float64); with
    `values`, the raw posting values are appended to it.

    Each block's ids are deltas from the previous id, the first from 0.
    """
    deltas: list[int] = []
    lengths: list[int] = []
    weights = array("f")
    for block_ids, block_weights, block_values in _blocks(m, values is not None, raw_ids=True):
        deltas.extend(block_ids)
        lengths.append(len(block_ids))
        weights.extend(block_weights)
        if values is not None:
            values.extend(block_values)
    if not deltas:
        return _NO_HITS
    docs = _undo_deltas(np.array(deltas, dtype=np.int64), np.array(lengths, dtype=np.int64))
    return docs, np.frombuffer(weights, np.float32).astype(np.float64)


def _undo_deltas(deltas: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Runs of gaps, each run's first from 0, made absolute: a cumulative sum over all the
    runs, less each run's running total before it."""
    if not len(lengths):
        return deltas
    running = np.cumsum(deltas)
    ends = np.cumsum(lengths)
    before = np.concatenate(([0], running[ends[:-1] - 1])).astype(np.int64)
    return running - np.repeat(before, lengths)


def _union(parts: list[_Hits]) -> _Hits:
    """Documents in any part, scores added (biggest part first, as the scores were added
    one part after another)."""
    parts = sorted(parts, key=lambda part: len(part.docs), reverse=True)
    if len(parts) <= 1:
        return parts[0] if parts else _NO_HITS
    docs, where = np.unique(np.concatenate([p.docs for p in parts]), return_inverse=True)
    added = np.bincount(where, np.concatenate([p.scores for p in parts]), len(docs))
    return _Hits(docs, added)


def _intersect(parts: list[_Hits]) -> _Hits:
    """Documents in every part, scores added in the parts' order."""
    if not parts or not all(len(part.docs) for part in parts):
        return _NO_HITS
    docs = min((part.docs for part in parts), key=len)
    for part in parts:
        docs = np.intersect1d(docs, part.docs, assume_unique=True)
    added = np.zeros(len(docs))
    for part in parts:
        added = added + part.scores[np.searchsorted(part.docs, docs)]
    return _Hits(docs, added)
