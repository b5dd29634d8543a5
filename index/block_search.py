"""Ranked search for the common query shapes, scored a block of postings at a time.

Whoosh finds the top hits of a query by walking a tree of matchers one posting at a time,
several Python calls per posting; its block-quality skipping rarely skips anything for
news words, so a two-word query at 100,000 articles scored ~40,000 postings that way and
took over 100 ms. Most queries people type are words, quoted phrases and entity clauses:
a tree of `And`, `Or`, `Term` and exact `Phrase`. For those this module reads each term's
posting blocks whole (ids and weights arrays, as Whoosh stores them), scores them with
the same BM25F as `index.scoring.LengthCachedBM25F`, and combines the per-document scores
with dictionary and set operations: `Or` adds, `And` intersects and adds, a phrase is the
`And` of its words where their positions follow each other (Whoosh scores a phrase the
same way). The scores are Whoosh's, and so is the ranking of every match scored
(ties: lower document number first). Whoosh's own top-N collection is not always that
ranking: the bounds with which it prunes sub-matchers dropped better hits in 10 of 24
queries at 100,000 articles; scoring every match here returns them. Any other query shape
returns None and is left to Whoosh.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pickle import loads

from whoosh import formats, query
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from index.scoring import LengthCachedScorer

Scores = dict[int, float]


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
        scores = _SegmentScorer(searcher, leaf).scores(q)
        if scores is None:
            return None
        total += len(scores)
        # Whoosh's order: higher score first, then lower document number.
        ranked = ((-score, offset + doc) for doc, score in scores.items())
        if limit is None:
            best.extend(ranked)
        else:
            best = heapq.nsmallest(limit, best + heapq.nsmallest(limit, ranked))
    if limit is None:
        best.sort()
    return total, [(doc, -negated) for negated, doc in best]


class _Unsupported(Exception):
    """A segment's postings are not Whoosh's on-disk blocks (or scoring is not ours)."""


class _SegmentScorer:
    """Scores of one query over the documents of one segment."""

    def __init__(self, top: Searcher, leaf: Searcher) -> None:
        self.top = top
        self.leaf = leaf
        self.reader: IndexReader = leaf.reader()
        self.deleted = (
            frozenset(self.reader.deleted_docs_set) if self.reader.has_deletions() else None
        )

    def scores(self, q: query.Query) -> Scores | None:
        """Document number (in the segment) → score, for every match; None if unsupported."""
        try:
            return self._scores(q)
        except _Unsupported:
            return None

    def _scores(self, q: query.Query) -> Scores:
        if isinstance(q, query.Term):
            found = self._term_scores(q.fieldname, q.text)
        elif isinstance(q, query.Phrase):
            found = self._phrase_scores(q.fieldname, q.words)
        elif isinstance(q, query.And):
            found = _intersect([self._scores(sub) for sub in q.subqueries])
        else:
            found = _union([self._scores(sub) for sub in q.subqueries])
        # Whoosh hands a compound of one part straight to that part: its boost is ignored.
        single = isinstance(q, query.And | query.Or) and len(q.subqueries) == 1
        if q.boost != 1.0 and found and not single:
            found = {doc: score * q.boost for doc, score in found.items()}
        return found

    # Terms -------------------------------------------------------------------------------

    def _term_scores(self, field: str, text: str | bytes) -> Scores:
        return self._term_postings(field, text, None)

    def _term_postings(
        self, field: str, text: str | bytes, values_into: dict[int, bytes] | None
    ) -> Scores:
        """A term's scores; with `values_into`, its raw posting values too (positions)."""
        if field not in self.reader.schema or (field, text) not in self.reader:
            return {}
        scorer = self.top.weighting.scorer(self.leaf, field, text)
        if not isinstance(scorer, LengthCachedScorer):
            raise _Unsupported(field)
        norms = scorer.norms_for(self.reader.doc_count_all())
        if norms is None:
            raise _Unsupported(field)
        scale = scorer.scale
        found: Scores = {}
        for ids, weights, values in _blocks(self._postings(field, text), values_into is not None):
            if values_into is not None:
                ids = list(ids)
                values_into.update(zip(ids, values, strict=True))
            found.update(
                (doc, scale * w / (w + norms[doc])) for doc, w in zip(ids, weights, strict=True)
            )
        if self.deleted:
            for doc in self.deleted.intersection(found):
                del found[doc]
        return found

    def _postings(self, field: str, text: str | bytes) -> Matcher:
        m = self.reader.postings(field, text)
        if isinstance(m, FilterMatcher):  # the segment's deleted documents: removed above
            m = m.child
        if not hasattr(m, "_read_ids"):
            raise _Unsupported(field)
        return m

    # Phrases -----------------------------------------------------------------------------

    def _phrase_scores(self, field: str, words: list[str]) -> Scores:
        """The documents where the words follow each other, scored as the And of the words."""
        schema = self.reader.schema
        fmt = schema[field].format if field in schema else None
        if fmt is None or not fmt.supports("positions"):
            raise _Unsupported(field)
        keys = [schema[field].to_bytes(word) for word in words]
        if any((field, key) not in self.reader for key in keys):
            return {}
        values: list[dict[int, bytes]] = [{} for _ in keys]
        both = _intersect(
            [self._term_postings(field, key, into) for key, into in zip(keys, values, strict=True)]
        )
        decode = _decode_positions if type(fmt) is formats.Positions else fmt.decode_positions
        # Documents where word i sits at position start + i, for every word so far.
        starts = {doc: set(decode(values[0][doc])) for doc in both}
        for offset, word_values in enumerate(values[1:], start=1):
            narrowed = {}
            for doc, kept in starts.items():
                kept = kept.intersection([p - offset for p in decode(word_values[doc])])
                if kept:
                    narrowed[doc] = kept
            starts = narrowed
        return {doc: both[doc] for doc in starts}


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


def _decode_positions(value: bytes) -> list[int]:
    """`whoosh.formats.Positions.decode_positions` with the deltas summed in C.

    The value is the count as 4 bytes, then the pickled list of position deltas (its
    closing "." may have been trimmed on disk).
    """
    pickled = value[4:] if value.endswith(b".") else value[4:] + b"."
    return list(accumulate(loads(pickled)))


def _blocks(m: Matcher, with_values: bool = False) -> Iterator[tuple[Iterable[int], array, tuple]]:
    """A leaf matcher's posting blocks as (ids, weights, values) — values only if asked.

    Reads Whoosh's block tuple as `W3LeafMatcher._read_ids` and `_read_weights` do, but
    undoes the id deltas with `itertools.accumulate` rather than a Python generator.
    """
    while m.is_active():
        m._read_data()
        ids, weights, values = m._data[:3]
        if not m._byteids:
            ids = accumulate(ids)
        if weights is None or isinstance(weights, float):
            weights = array("f", [1.0 if weights is None else weights]) * m._blocklength
        if with_values:
            m._read_values()
            values = m._values
        yield ids, weights, (values if with_values else ())
        m._next_block()


def _union(parts: list[Scores]) -> Scores:
    """Documents in any part, scores added."""
    parts = sorted(parts, key=len, reverse=True)
    total = dict(parts[0]) if parts else {}
    for part in parts[1:]:
        get = total.get
        total.update((doc, get(doc, 0.0) + score) for doc, score in part.items())
    return total


def _intersect(parts: list[Scores]) -> Scores:
    """Documents in every part, scores added."""
    if not parts or not all(parts):
        return {}
    smallest = min(parts, key=len)
    docs = set(smallest)
    for part in parts:
        if part is not smallest:
            docs.intersection_update(part)
    return {doc: sum(part[doc] for part in parts) for doc in docs}
