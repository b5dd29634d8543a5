"""Our segment writers write the segments Whoosh's own SegmentWriter writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import Schema
from whoosh.qparser import QueryParser
from whoosh.writing import NO_MERGE, OPTIMIZE, SegmentWriter

from index import fresh_postings
from index.analysis import stemming_stop_words
from index.fresh_postings import FastSegmentWriter, FreshPostings
from index.models import Article, Block, Mention
from index.passages import (
    PASSAGE_STOP_WORDS,
    StoredArticle,
    passage_documents,
    passage_schema,
)
from index.search import article_document, article_schema
from index.segment_writer import LengthsInMemorySegmentWriter

WORDS = ["harbour", "crane", "ferry", "tide", "pier", "cargo"]
WORDS += ["ledger", "quay", "vessel", "berth", "anchor", "storm"]
PEOPLE = ["Ana Reyes", "Jo Park", "Émile Zola"]


def _articles(count: int, first: int = 0) -> list[tuple[Article, list[Mention]]]:
    out = []
    for n in range(first, first + count):
        body = " ".join(WORDS[(n * 7 + k * k) % len(WORDS)] for k in range(20 + n % 300))
        # Odd text too: Unicode words, numbers, stop words, a one-letter word, repeats.
        tail = f"Story {n} ends {WORDS[n % 12]}: naïve café déjà-vu, a b 3.5 the Über-crane."
        blocks = [Block("paragraph", body), Block("paragraph", tail)]
        date = f"2025-01-{n % 28 + 1:02d}"
        title = f"{WORDS[n % 12]} report {n}"
        person = PEOPLE[n % 3]
        mentions = [Mention(0, len(person), person, "PERSON"), Mention(0, 4, "Oslo", "PLACE")]
        article = Article(
            f"id{n:05d}", title, blocks, None, date, None, "Port News", *[None] * 2, [], ""
        )
        out.append((article, mentions[: 1 + n % 2]))
    return out


def _segment_files(
    folder: Path, writer_class: type[SegmentWriter], merge: bool = False
) -> dict[str, bytes]:
    first = [article_document(a, m) for a, m in _articles(200, first=1000)] if merge else []
    docs = [article_document(a, m) for a, m in _articles(600)]
    return _write_segment(folder, writer_class, article_schema(), docs, first)


def _write_segment(
    folder: Path,
    writer_class: type[SegmentWriter],
    schema: Schema,
    docs: list[dict[str, object]],
    first: list[dict[str, object]],
    deleted: tuple[tuple[str, str], ...] = (),
) -> dict[str, bytes]:
    """The files of the one segment `writer_class` leaves: `docs` written over a first
    segment of `first` written by Whoosh (merged in), or alone when `first` is empty."""
    folder.mkdir()
    ix = index.create_in(str(folder), schema)
    if first:  # a first segment, written by Whoosh, that the writer under test merges in
        writer = SegmentWriter(ix, compound=False)
        for doc in first:
            writer.add_document(**doc)
        writer.commit()
    if deleted:  # documents of that segment deleted before the merge
        writer = SegmentWriter(ix, compound=False)
        for field, value in deleted:
            writer.delete_by_term(field, value)
        writer.commit(mergetype=NO_MERGE)
    writer = writer_class(ix, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(mergetype=OPTIMIZE) if first else writer.commit()
    (segment,) = ix._segments()
    prefix = segment.make_filename("")
    return {p.name.removeprefix(prefix): p.read_bytes() for p in folder.glob(f"{prefix}*")}


def _postings(folder: Path) -> dict[tuple[str, bytes], tuple[object, ...]]:
    """Every term of an index with its statistics and its posting blocks as Whoosh reads
    them: each block's header (count, last id, max weight, compression, min and max length:
    what BM25 skips blocks by) and its unpickled data (ids, weights, encoded values)."""
    out: dict[tuple[str, bytes], tuple[object, ...]] = {}
    with index.open_dir(str(folder)).reader() as reader:
        for fieldname, btext in reader.all_terms():
            info = reader.term_info(fieldname, btext)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            if info.is_inlined():
                out[fieldname, btext] = (stats, info.max_weight(), info.inlined_postings())
                continue
            matcher = reader.postings(fieldname, btext)
            blocks = []
            while matcher.is_active():  # W3LeafMatcher's own block walk
                matcher._read_data()
                header = (matcher._blocklength, matcher._maxid, matcher._maxweight)
                header += (matcher._compression, matcher._minlength, matcher._maxlength)
                blocks.append((header, matcher._data))
                matcher._next_block()
            out[fieldname, btext] = (stats, info.max_weight(), blocks)
    return out


# FastSegmentWriter pickles posting blocks with protocol 5 (index.posting_blocks), so its
# posting blocks (and the term offsets into them) differ from Whoosh's: smaller, with the
# very same postings.
POSTING_FILES = {".pst", ".trm"}


@pytest.mark.parametrize("writer_class", [LengthsInMemorySegmentWriter, FastSegmentWriter])
@pytest.mark.parametrize("merge", [False, True], ids=["fresh", "merged"])
def test_segments_are_whooshs(
    tmp_path: Path, writer_class: type[SegmentWriter], merge: bool
) -> None:
    ours = _segment_files(tmp_path / "ours", writer_class, merge)
    theirs = _segment_files(tmp_path / "theirs", SegmentWriter, merge)
    assert ours.keys() == theirs.keys() and len(ours) >= 8
    same_bytes = {name for name in ours if ours[name] == theirs[name]}
    assert ours.keys() - same_bytes <= POSTING_FILES
    if writer_class is LengthsInMemorySegmentWriter:
        assert same_bytes == ours.keys()
    else:
        assert len(ours[".pst"]) < 0.8 * len(theirs[".pst"])
    ours_postings, theirs_postings = _postings(tmp_path / "ours"), _postings(tmp_path / "theirs")
    assert len(theirs_postings) > 100
    assert sum(len(blocks) > 1 for _, _, blocks in theirs_postings.values()) >= 10
    assert ours_postings == theirs_postings


def _passage_docs(count: int, first: int = 0) -> list[dict[str, object]]:
    """Passage documents (a frequency-only text field, IDs, keywords) of made-up articles;
    their text has capitals, stop words of the passage list, Whoosh's "*" and odd Unicode."""
    docs: list[dict[str, object]] = []
    for n, (article, mentions) in enumerate(_articles(count, first), start=first):
        stored = StoredArticle(article.id, f"hash{n}")
        stored.paragraphs = [(i, b.text) for i, b in enumerate(article.blocks)]
        stored.paragraphs.append((2, f"Said THE Mayor: f*** it, said again {n}; years ago."))
        stored.surfaces = {0: {m.text.lower() for m in mentions}}
        docs.extend(passage_documents(stored))
    return docs


@pytest.mark.parametrize(
    "merge", ["fresh", "merged", "merged with deletions"], ids=lambda merge: merge
)
def test_passage_segments_are_whooshs(tmp_path: Path, merge: str) -> None:
    """The passage index's text is counted by `term_counts`, not Whoosh's analyzer chain,
    and segments merged in are read in one sorted stream, not through Whoosh's pool: the
    same postings (and every other file byte for byte)."""
    first = _passage_docs(150, first=1000) if merge != "fresh" else []
    deleted = tuple(("article_id", f"id{n:05d}") for n in range(1000, 1150, 7))
    deleted = deleted if merge == "merged with deletions" else ()
    docs = _passage_docs(500)
    ours = _write_segment(
        tmp_path / "ours", FastSegmentWriter, passage_schema(), docs, first, deleted
    )
    theirs = _write_segment(
        tmp_path / "theirs", SegmentWriter, passage_schema(), docs, first, deleted
    )
    assert ours.keys() == theirs.keys()
    assert {name for name in ours if ours[name] != theirs[name]} <= POSTING_FILES
    ours_postings, theirs_postings = _postings(tmp_path / "ours"), _postings(tmp_path / "theirs")
    assert ("text", b"f***") in theirs_postings and ("text", b"mayor") in theirs_postings
    assert ("text", b"said") not in theirs_postings  # a passage stop word
    assert sum(len(blocks) > 1 for _, _, blocks in theirs_postings.values()) >= 10
    assert ours_postings == theirs_postings


def test_whoosh_merges_our_segments_into_its_own(tmp_path: Path) -> None:
    """An index whose segments our writer wrote, merged by Whoosh's own writer (an optimize),
    holds what the same documents written and merged by Whoosh alone hold."""

    def merged(folder: Path, first_writer: type[SegmentWriter]) -> Path:
        folder.mkdir()
        ix = index.create_in(str(folder), article_schema())
        for first in (0, 300):
            writer = first_writer(ix, compound=False)
            for article, mentions in _articles(300, first=first):
                writer.add_document(**article_document(article, mentions))
            writer.commit()
        writer = SegmentWriter(ix, compound=False)
        for article, mentions in _articles(100, first=600):
            writer.add_document(**article_document(article, mentions))
        writer.commit(mergetype=OPTIMIZE)
        assert len(ix._segments()) == 1
        return folder

    ours = merged(tmp_path / "ours", FastSegmentWriter)
    theirs = merged(tmp_path / "theirs", SegmentWriter)
    assert _postings(ours) == _postings(theirs)
    for query in ['"crane ferry"', 'person:"ana reyes"', "harbour OR quay", "tide -storm"]:
        parsed = QueryParser("body", article_schema()).parse(query)
        found = []
        for folder in (ours, theirs):
            with index.open_dir(str(folder)).searcher() as searcher:
                found.append([(h.docnum, h.score) for h in searcher.search(parsed, limit=None)])
        assert found[0] and found[0] == found[1], query


def test_postings_beyond_the_memory_limit_go_to_whooshs_pool_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spills: list[int] = []
    spill = FastSegmentWriter._spill_fresh

    def counted(self: FastSegmentWriter) -> None:
        spills.append(self.fresh.count)
        spill(self)

    monkeypatch.setattr("index.fresh_postings.POSTINGS_PER_MB", 10)  # a few dozen documents
    monkeypatch.setattr(FastSegmentWriter, "_spill_fresh", counted)
    ours = _segment_files(tmp_path / "ours", FastSegmentWriter)
    theirs = _segment_files(tmp_path / "theirs", SegmentWriter)
    assert len(spills) >= 5
    assert ours.keys() == theirs.keys()
    assert {name for name in ours if ours[name] != theirs[name]} <= POSTING_FILES
    assert _postings(tmp_path / "ours") == _postings(tmp_path / "theirs")


def test_fresh_postings_come_out_sorted_like_whooshs_pool() -> None:
    fresh = FreshPostings()
    fresh.add("title", b"tide", 0, 1.0, b"\x01")
    fresh.add("body", b"tide", 0, 2.0, b"")
    fresh.add("body", b"anchor", 1, 1.5, b"\x02\x03")
    fresh.add("body", b"tide", 2, 3.0, b"\x04")
    assert list(fresh.iter_postings()) == [
        ("body", b"anchor", 1, 1.5, b"\x02\x03"),
        ("body", b"tide", 0, 2.0, b""),
        ("body", b"tide", 2, 3.0, b"\x04"),
        ("title", b"tide", 0, 1.0, b"\x01"),
    ]


def test_only_whooshs_plain_stemming_analyzer_is_counted_by_hand() -> None:
    assert stemming_stop_words(passage_schema()["text"].analyzer) == PASSAGE_STOP_WORDS
    # A language's stemmer, other word sizes, words left unstemmed: Whoosh's own path.
    assert stemming_stop_words(LanguageAnalyzer("fr")) is None
    assert stemming_stop_words(StemmingAnalyzer(minsize=3)) is None
    assert stemming_stop_words(StemmingAnalyzer(ignore={"news"})) is None
    assert stemming_stop_words(StandardAnalyzer()) is None


@pytest.mark.parametrize("writer_class", [FastSegmentWriter, SegmentWriter])
def test_a_reader_of_another_index_is_added_as_whoosh_adds_it(
    tmp_path: Path, writer_class: type[SegmentWriter]
) -> None:
    """`add_reader` of a reader over another folder: its postings cannot be read back from
    this index's storage later, so they go through the pool, as in Whoosh."""
    (tmp_path / "other").mkdir()
    other = index.create_in(str(tmp_path / "other"), passage_schema())
    writer = SegmentWriter(other)
    for doc in _passage_docs(60, first=2000):
        writer.add_document(**doc)
    writer.commit()
    target = tmp_path / writer_class.__name__
    target.mkdir()
    ix = index.create_in(str(target), passage_schema())
    writer = writer_class(ix, compound=False)
    for doc in _passage_docs(40):
        writer.add_document(**doc)
    with other.reader() as reader:
        writer.add_reader(reader)
    writer.commit()
    assert ix.doc_count() == 3 * 100
    postings = _postings(target)
    assert ("article_id", b"id02000") in postings and ("article_id", b"id00000") in postings


def test_a_merge_of_more_segments_than_are_streamed_is_whooshs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_STREAMED_SEGMENTS the segments of a merge go through the pool: the first
    one streamed, the other two pooled, the same postings as Whoosh's."""
    monkeypatch.setattr(fresh_postings, "MAX_STREAMED_SEGMENTS", 1)
    for writer_class in (FastSegmentWriter, SegmentWriter):
        folder = tmp_path / writer_class.__name__
        folder.mkdir()
        ix = index.create_in(str(folder), passage_schema())
        for part in range(3):
            writer = SegmentWriter(ix, compound=False)
            for doc in _passage_docs(50, first=1000 + 100 * part):
                writer.add_document(**doc)
            writer.commit(mergetype=NO_MERGE)
        writer = writer_class(ix, compound=False)
        for doc in _passage_docs(30):
            writer.add_document(**doc)
        writer.commit(mergetype=OPTIMIZE)
        assert len(ix._segments()) == 1
    assert _postings(tmp_path / "FastSegmentWriter") == _postings(tmp_path / "SegmentWriter")
