"""The in-memory-length BM25F ranks and scores exactly as Whoosh's own BM25F."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import scoring

from index.library import Library
from index.scoring import LengthCachedBM25F, _length_norms

QUERIES = [
    "election",
    "labour party",
    "mobile phone",
    '"prime minister"',
    "oil OR gas",
    "market -china",
    "title:growth",
    "ukraine",
    "zelensky talks",
    "economy growth",
]


def _compare(library: Library) -> int:
    """Search every query with both weightings; return how many hits were compared."""
    compared = 0
    ix = library.index.ix
    with (
        ix.searcher(weighting=scoring.BM25F()) as plain,
        ix.searcher(weighting=LengthCachedBM25F()) as cached,
    ):
        for reader in (leaf.reader() for leaf, _ in cached.leaf_searchers()):
            assert _length_norms(reader, "body", 100.0, 0.75, 1.2) is not None  # no fallback
        for text in QUERIES:
            q = library.index.parse(text)
            expected = [(h.docnum, h.score) for h in plain.search(q, limit=50)]
            got = [(h.docnum, h.score) for h in cached.search(q, limit=50)]
            assert [d for d, _ in got] == [d for d, _ in expected], text
            assert [s for _, s in got] == pytest.approx([s for _, s in expected], rel=1e-12)
            compared += len(got)
    return compared


def test_same_scores_over_several_segments_with_deletions(split_seed_library: Library) -> None:
    assert _compare(split_seed_library) > 0


def test_same_scores_on_real_news(bbc_news_library: Library) -> None:
    assert _compare(bbc_news_library) >= 300


def test_library_search_ranks_as_plain_whoosh(seed_library_dir: Path) -> None:
    """The library's search (binary unions, in-memory lengths) gives Whoosh's own ranking."""
    from whoosh.matching.combo import ArrayUnionMatcher

    from index.search import _use_binary_unions

    library = Library.open(seed_library_dir, import_seeds=False)
    try:
        with library.index.ix.searcher(weighting=scoring.BM25F()) as plain:
            for text in QUERIES:
                expected = plain.search(library.index.parse(text), limit=10)
                got = library.search(text, limit=10, highlight=False)
                assert [h.id for h in got.hits] == [h["id"] for h in expected], text
                assert [h.score for h in got.hits] == pytest.approx([h.score for h in expected])
            q = library.index.parse("ukraine talks")
            context = plain.context(needs_current=False)  # as when Whoosh collects top hits
            assert isinstance(q.subqueries[0].matcher(plain, context), ArrayUnionMatcher)
            _use_binary_unions(q)
            assert not isinstance(q.subqueries[0].matcher(plain, context), ArrayUnionMatcher)
    finally:
        library.close()
