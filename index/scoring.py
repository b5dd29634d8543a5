"""BM25F as Whoosh scores it, with each segment's field lengths read once into memory.

Whoosh's scorer reads a document's field length from the segment's column file for every
posting it scores (a seek and a one-byte read, ~4 µs); a broad query at 100k articles scores
tens of thousands of postings. Here each segment's length column is read once per searcher
and turned into BM25's per-document length norm, so scoring a posting is one multiplication
and one division. Scores and rankings are the same as `whoosh.scoring.BM25F`'s.
"""

from __future__ import annotations

from array import array

from whoosh import scoring
from whoosh.matching import Matcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from index.segment_writer import length_column

_CACHE_ATTRIBUTE = "_newsdesk_length_norms"


def _length_norms(
    reader: IndexReader, field: str, avgfl: float, b: float, k1: float
) -> array | None:
    """BM25's `K1 * (1 - B + B * length / avgfl)` for every document of one segment."""
    cache = reader.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    key = (field, avgfl, b, k1)
    if key not in cache:
        perdoc = getattr(reader, "_perdoc", None)
        raw = length_column(perdoc, field) if perdoc is not None else None
        by_byte = [k1 * ((1 - b) + b * byte_to_length(n) / avgfl) for n in range(256)]
        cache[key] = None if raw is None else array("d", (by_byte[n] for n in raw))
    return cache[key]


class LengthCachedScorer(scoring.BM25FScorer):
    """Whoosh's BM25F scorer for one term in one segment, lengths from memory."""

    def __init__(
        self, searcher: Searcher, fieldname: str, text: str, b: float, k1: float, qf: int = 1
    ) -> None:
        super().__init__(searcher, fieldname, text, b, k1, qf=qf)
        self.scale = self.idf * (k1 + 1)
        self._norms = _length_norms(searcher.reader(), fieldname, self.avgfl, b, k1)
        self._default_norm = k1 * ((1 - b) + b / self.avgfl)  # Whoosh's length 1 when unknown

    def score(self, matcher: Matcher) -> float:
        """The BM25F score of the posting under the matcher."""
        norms = self._norms
        if norms is None:
            return super().score(matcher)
        weight = matcher.weight()
        docnum = matcher.id()
        norm = norms[docnum] if docnum < len(norms) else self._default_norm
        return self.scale * weight / (weight + norm)

    def norms_for(self, doc_count: int) -> array | None:
        """The length norm of every document of the segment (None: lengths not in memory).

        A posting's score is `scale * weight / (weight + norm)`. Documents past the length
        column (none in segments we write) get Whoosh's norm for an unknown length.
        """
        norms = self._norms
        if norms is None or len(norms) >= doc_count:
            return norms
        return norms + array("d", [self._default_norm]) * (doc_count - len(norms))


class LengthCachedBM25F(scoring.BM25F):
    """`whoosh.scoring.BM25F` with in-memory field lengths (same parameters, same scores)."""

    def scorer(
        self, searcher: Searcher, fieldname: str, text: str, qf: int = 1
    ) -> scoring.BaseScorer:
        """A scorer for one term of one field in one segment."""
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        b = self._field_B.get(fieldname, self.B)
        return LengthCachedScorer(searcher, fieldname, text, b, self.K1, qf=qf)
