"""The passage index: one document per paragraph, a cache of the store kept in step."""

from __future__ import annotations

import shutil
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

import index.passages as passages_module
from index.library import Library
from index.passages import (
    NEAR_DUPLICATE,
    PASSAGES_DIR,
    PassageIndex,
    index_passages,
    is_short,
    jaccard,
    passage_index_for,
    sync_passages,
    text_fingerprint,
    word_shingles,
)


@pytest.fixture
def library(seed_library_dir: Path, tmp_path: Path) -> Library:
    """A private copy of the seed library (the passage index not built yet)."""
    folder = tmp_path / "lib"
    shutil.copytree(seed_library_dir, folder, ignore=shutil.ignore_patterns(PASSAGES_DIR))
    opened = Library.open(folder, import_seeds=False)
    yield opened
    opened.close()


def paragraphs(library: Library) -> list[tuple[str, int, str]]:
    """Every (article id, block index, text) of a paragraph in the store."""
    return library.store.conn.execute(
        "SELECT article_id, idx, text FROM blocks WHERE kind = 'paragraph' ORDER BY 1, 2"
    ).fetchall()


def indexed(passages: PassageIndex) -> list[tuple[str, int]]:
    """Every (article id, block index) the passage index holds."""
    with passages.searcher() as s:
        return sorted((f["article_id"], f["block"]) for f in s.all_stored_fields())


def test_every_paragraph_is_one_passage(library: Library) -> None:
    passages = passage_index_for(library)
    assert (library.folder / PASSAGES_DIR / "VERSION").exists()
    stored = paragraphs(library)
    assert indexed(passages) == [(a, i) for a, i, _ in stored]
    assert passages.in_step_with(library.store)
    headings = library.store.conn.execute(
        "SELECT count(*) FROM blocks WHERE kind = 'subheading'"
    ).fetchone()[0]
    assert headings, "the seeds have subheadings, which are no passages"


def test_passages_hold_the_surfaces_of_their_mentions(library: Library) -> None:
    passages = passage_index_for(library)
    article_id, block = library.store.conn.execute(
        "SELECT article_id, block FROM mentions WHERE surface LIKE '%Lavrov' LIMIT 1"
    ).fetchone()
    with passages.searcher() as s:
        hits = (
            {(f["article_id"], f["block"]) for f in s.documents(entities="lavrov")}
            | {(f["article_id"], f["block"]) for f in s.documents(entities="sergei lavrov")}
            | {(f["article_id"], f["block"]) for f in s.documents(entities="sergey lavrov")}
        )
        assert (article_id, block) in hits
        doc = next(f for f in s.documents(article_id=article_id) if f["block"] == block)
    assert doc["fingerprint"]


def test_missing_outdated_or_damaged_index_is_refilled(library: Library) -> None:
    expected = len(paragraphs(library))
    passage_index_for(library).close()
    folder = library.folder / PASSAGES_DIR
    for damage in (
        lambda: shutil.rmtree(folder),
        lambda: (folder / "VERSION").write_text("0"),
        lambda: [toc.write_bytes(b"\x00garbage") for toc in folder.glob("*.toc")],
    ):
        damage()
        reopened, reason = PassageIndex.open(folder)
        assert reason is not None and reopened.doc_count() == 0
        assert reopened.rebuild_from_store(library.store) == expected
        assert reopened.doc_count() == expected
        reopened.close()
    again, reason = PassageIndex.open(folder)
    assert reason is None and again.doc_count() == expected


def test_a_fresh_library_object_refills_a_missing_index(library: Library) -> None:
    passage_index_for(library)
    shutil.rmtree(library.folder / PASSAGES_DIR)
    other = Library.open(library.folder, import_seeds=False)
    try:
        assert passage_index_for(other).doc_count() == len(paragraphs(library))
    finally:
        other.close()


def test_sync_catches_up_with_changed_and_deleted_articles(library: Library) -> None:
    passages = passage_index_for(library)
    first, second = (s.id for s in library.summaries()[:2])
    with passages.writer() as writer:
        writer.delete_by_term("article_id", first)
    assert not passages.in_step_with(library.store)
    assert sync_passages(library.store, passages) == (1, 0)
    assert indexed(passages) == [(a, i) for a, i, _ in paragraphs(library)]

    with library.store.transaction():
        library.store.delete_articles([second])
    assert sync_passages(library.store, passages) == (0, 1)
    assert all(a != second for a, _ in indexed(passages))
    assert sync_passages(library.store, passages) == (0, 0)


def test_sync_reindexes_an_article_whose_text_changed(library: Library) -> None:
    passages = passage_index_for(library)
    article_id, idx, _ = paragraphs(library)[0]
    with library.store.transaction() as conn:
        conn.execute(
            "UPDATE blocks SET text = 'Zanzibar lighthouse keepers went on strike for a week.'"
            " WHERE article_id = ? AND idx = ?",
            (article_id, idx),
        )
        conn.execute("UPDATE articles SET content_hash = 'changed' WHERE id = ?", (article_id,))
    assert sync_passages(library.store, passages) == (1, 0)
    with passages.searcher() as s:
        (hit,) = s.documents(text="zanzibar")
    assert (hit["article_id"], hit["block"]) == (article_id, idx)


def test_index_passages_replaces_and_drops_by_id(library: Library) -> None:
    passages = passage_index_for(library)
    article_id = library.summaries()[0].id
    count = sum(1 for a, _, _ in paragraphs(library) if a == article_id)
    assert index_passages(library.store, passages, [article_id, article_id]) == count
    assert passages.doc_count() == len(paragraphs(library))
    with library.store.transaction():
        library.store.delete_articles([article_id])
    assert index_passages(library.store, passages, [article_id]) == 0
    assert passages.in_step_with(library.store)


def contents(passages: PassageIndex) -> dict[tuple[str, bytes], list[tuple[str, int, int]]]:
    """Every indexed term with its passages, as (article id, block, weight), and every
    passage's stored fields under the term ("stored", b"")."""
    with passages.searcher() as s:
        reader = s.reader()
        where = {d: (f["article_id"], f["block"]) for d, f in reader.iter_docs()}
        found: dict[tuple[str, bytes], list[tuple[str, int, int]]] = {
            ("stored", b""): sorted((*where[d], len(f)) for d, f in reader.iter_docs())
        }
        for field_name, term in reader.all_terms():
            postings = reader.postings(field_name, term)
            found[(field_name, term)] = sorted(
                (*where[d], int(w)) for d, w in postings.items_as("weight")
            )
    return found


def test_a_big_catch_up_is_indexed_by_sub_processes_with_the_same_result(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    passages = passage_index_for(library)
    one_process = contents(passages)
    assert any(field == "entities" for field, _ in one_process)
    monkeypatch.setattr(passages_module, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr(passages_module, "PARALLEL_COMMIT_EVERY", 3)  # 5 seeds: 2 commits
    monkeypatch.setattr(passages_module.os, "cpu_count", lambda: 4)
    processes: list[int] = []
    real_writer = PassageIndex.writer

    def counting_writer(
        self: PassageIndex, *, procs: int = 1, **options: bool
    ) -> AbstractContextManager[object]:
        processes.append(procs)
        return real_writer(self, procs=procs, **options)

    monkeypatch.setattr(PassageIndex, "writer", counting_writer)
    assert passages.rebuild_from_store(library.store) == len(paragraphs(library))
    assert processes == [1, 2, 2]  # emptied, then two chunks by two sub-processes
    assert passages.segment_count() > 1
    assert contents(passages) == one_process
    assert passages.in_step_with(library.store)

    monkeypatch.setattr(passages_module, "MAX_SEGMENTS", 1)
    merging: list[tuple[int, int]] = []
    passages.rebuild_from_store(
        library.store, merge_progress=lambda d, t, _: merging.append((d, t))
    )
    assert merging == [(0, 1), (1, 1)]
    assert passages.segment_count() == 1
    assert contents(passages) == one_process


def test_short_and_fingerprint_helpers() -> None:
    assert is_short("Also read")
    assert not is_short("Rubio spoke with Lavrov about the talks in Istanbul on Monday.")
    assert text_fingerprint("Peace talks, again!") == text_fingerprint("peace  talks again")
    assert text_fingerprint("Peace talks again") != text_fingerprint("Peace talks resumed")
    story = (
        "The harbour authority of Tallinn approved a new ferry terminal on Tuesday after"
        " a long dispute with the shipping company Baltic Lines over berth fees."
    )
    copy = word_shingles(story.replace("Tuesday", "Wednesday"))
    assert jaccard(word_shingles(story), copy) >= NEAR_DUPLICATE
    assert jaccard(word_shingles(story), word_shingles("The ferry terminal opens today.")) < 0.2
