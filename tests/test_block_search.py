"""Block-at-a-time ranking gives exactly the hits and scores of Whoosh scoring every match."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query, scoring
from whoosh.searching import Searcher

from index.block_search import block_search, is_block_searchable, posting_ids
from index.library import Library

BLOCK_QUERIES = [
    "election",
    "labour party",
    '"prime minister"',
    '"interest rates" bank',
    "oil OR gas",
    "(oil OR gas) prices",
    "title:growth",
    "title:growth^3 economy",
    "ukraine",
    "zelensky talks",
    'org:"european union" trade',
    'person:"tony blair"',
    "nosuchwordanywhere",
]
SEED_QUERIES = [
    "russia",
    "ukraine talks",
    '"prime minister" OR istanbul',
    "trump OR rubio",
    "kyiv moscow",
    '"vladimir putin"',
    "president^2 ukraine",
    "place:istanbul talks",
]
WHOOSH_ONLY = ["market -china", "grow*", "growht~", "date:>2020", 'NOT "prime minister"']


def _exhaustive(searcher: Searcher, q: query.Query) -> dict[int, float]:
    """Every match with Whoosh's own BM25F score (no top-N shortcuts)."""
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}


def _assert_top_hits(got: list[tuple[int, float]], every: dict[int, float], limit: int) -> None:
    """`got` is a best-first top `limit` of `every`, scores equal (ties in any order)."""
    assert len(got) == min(limit, len(every))
    scores = [score for _doc, score in got]
    assert scores == sorted(scores, reverse=True)
    for doc, score in got:
        assert score == pytest.approx(every[doc], rel=1e-12)
    if got:
        cut = scores[-1]
        better = {doc for doc, score in every.items() if score > cut * (1 + 1e-9)}
        assert better <= {doc for doc, _ in got}


def _compare(library: Library, limit: int = 10, queries: list[str] = BLOCK_QUERIES) -> int:
    """Check every query's block-search top hits; return how many hits were compared."""
    compared = 0
    with (
        library.index.ix.searcher(weighting=scoring.BM25F()) as plain,
        library.index.searcher() as ours,
    ):
        for text in queries:
            q = library.index.parse(text)
            assert is_block_searchable(q), text
            ranked = block_search(ours, q, limit)
            assert ranked is not None, text
            total, best = ranked
            every = _exhaustive(plain, q)
            assert total == len(every), text
            _assert_top_hits(best, every, limit)
            compared += len(best)
    return compared


def test_same_hits_as_exhaustive_whoosh_with_segments_and_deletions(
    split_seed_library: Library,
) -> None:
    library = split_seed_library
    assert _compare(library) > 0
    assert _compare(library, limit=2, queries=SEED_QUERIES) >= 14  # the top-N cut matters
    with library.index.searcher() as s:  # Whoosh ignores the boost of a one-part compound
        for compound in (query.And, query.Or):
            q = compound([query.Term("body", "ukrain")], boost=3.0)
            plain = _exhaustive(s, q)
            ranked = block_search(s, q, 10)
            assert ranked is not None and plain
            _assert_top_hits(ranked[1], plain, 10)
    # Deleted documents never come back: every hit is a live article.
    live = {s.id for s in library.summaries()}
    assert {h.id for h in library.search("ukraine", limit=50, highlight=False).hits} <= live


def test_same_hits_as_exhaustive_whoosh_on_real_news(bbc_news_library: Library) -> None:
    assert _compare(bbc_news_library, limit=10) >= 90
    assert _compare(bbc_news_library, limit=200) >= 800


def test_other_query_shapes_are_left_to_whoosh(seed_library_dir: Path) -> None:
    library = Library.open(seed_library_dir, import_seeds=False)
    try:
        with library.index.searcher() as s:
            for text in WHOOSH_ONLY:
                q = library.index.parse(text)
                assert not is_block_searchable(q), text
                assert block_search(s, q, 10) is None, text
            assert block_search(s, query.Or([query.Term("body", "war")], minmatch=1), 10) is None
            # Whoosh still answers them through the library.
            assert library.search("ukrain*", highlight=False).total > 0
    finally:
        library.close()


def test_phrase_needs_the_words_in_order_and_adjacent(seed_library_dir: Path) -> None:
    library = Library.open(seed_library_dir, import_seeds=False)
    try:
        with library.index.searcher() as s:
            for text in ['"prime minister"', '"minister prime"', '"foreign minister"']:
                q = library.index.parse(text)
                ranked = block_search(s, q, 50)
                assert ranked is not None
                assert {doc for doc, _ in ranked[1]} == set(q.docs(s)), text
        assert library.search('"prime minister"', highlight=False).total > 0
        assert library.search('"minister prime"', highlight=False).total == 0
    finally:
        library.close()


def _assert_posting_ids_match_whoosh(library: Library, fields: list[str], min_terms: int) -> int:
    """`posting_ids` lists the same documents as Whoosh's `all_ids`, for every term; returns
    how many terms have more than one block of postings."""
    checked = long_lists = 0
    with library.index.searcher() as s:
        reader = s.reader()
        for field in fields:
            for term in reader.lexicon(field):
                expected = sorted(reader.postings(field, term).all_ids())
                assert posting_ids(reader, field, term) == expected, (field, term)
                checked += 1
                long_lists += len(expected) > 128  # more than one block in a segment
        assert posting_ids(reader, "body", b"nosuchwordanywhere") == []
        assert posting_ids(reader, "nosuchfield", b"x") == []
    assert checked >= min_terms
    return long_lists


def test_posting_ids_with_segments_and_deletions(split_seed_library: Library) -> None:
    with split_seed_library.index.searcher() as s:
        assert len(s.reader().leaf_readers()) > 1 and s.reader().has_deletions()
    _assert_posting_ids_match_whoosh(split_seed_library, ["body", "id", "title"], 500)


def test_posting_ids_on_real_news(bbc_news_library: Library) -> None:
    assert _assert_posting_ids_match_whoosh(bbc_news_library, ["body"], 10_000) >= 200


def test_every_match_when_no_limit(split_seed_library: Library) -> None:
    """limit=None ranks every match: Whoosh's scores, higher first, then lower number."""
    library = split_seed_library
    with library.index.searcher() as s:
        for text in [*SEED_QUERIES, "ukraine OR russia OR talks"]:
            q = library.index.parse(text)
            ranked = block_search(s, q, None)
            assert ranked is not None, text
            total, best = ranked
            every = _exhaustive(s, q)
            assert total == len(best) == len(every) > 0, text
            assert [doc for doc, _ in best] == sorted(every, key=lambda d: (-every[d], d)), text
            for doc, score in best:
                assert score == pytest.approx(every[doc], rel=1e-12)
    found = library.search("ukraine OR russia", limit=None, highlight=False)
    assert found.total == len(found.hits) == len({h.id for h in found.hits}) >= 3


def test_positions_of_many_postings_read_at_once_are_whoosh_positions() -> None:
    """Positions unpickled in one call, closing "." on disk or not, equal Whoosh's own
    decoding; another format (characters) is decoded value by value."""
    from whoosh import formats

    from index.block_search import _positions

    lists = [[3], [0, 7, 8], [300, 70_000, 70_001], [5, 5_000_000]]
    fmt = formats.Positions()
    values = [fmt.encode(positions) for positions in lists]
    values[1] = values[1][:-1]  # the closing "." trimmed
    fmt.decode_positions = lambda value: pytest.fail("decoded one value at a time")
    rows, found = _positions(values, fmt)
    assert rows.tolist() == [0, 1, 1, 1, 2, 2, 2, 3, 3]
    assert found.tolist() == [p for positions in lists for p in positions]
    characters = formats.Characters()
    spans = [[(3, 10, 14)], [(0, 0, 4), (2, 9, 12)]]
    values = [characters.encode(span) for span in spans]
    rows, found = _positions(values, characters)
    assert (rows.tolist(), found.tolist()) == ([0, 1, 1], [3, 0, 2])
