"""Catching up the passage index: in chunks that survive an interruption, and for the app in
a process of its own, while related passages come from the index as it is."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest

import index.passages as passages_module
from index.library import Library
from index.passages import PASSAGES_DIR, PassageIndex, passage_index_for, sync_passages
from index.related import related
from tui.data import LibraryGateway


@pytest.fixture
def folder(seed_library_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the seed library, its passage index not built yet."""
    target = tmp_path / "lib"
    shutil.copytree(seed_library_dir, target, ignore=shutil.ignore_patterns(PASSAGES_DIR))
    return target


def _passage_count(folder: Path) -> int:
    passages, _ = PassageIndex.open(folder / PASSAGES_DIR)
    try:
        return passages.doc_count()
    finally:
        passages.close()


def test_an_interrupted_catch_up_keeps_its_committed_chunks(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passages_module, "PASSAGE_COMMIT_EVERY", 2)
    library = Library.open(folder, import_seeds=False)
    passages, _ = PassageIndex.open(folder / PASSAGES_DIR)
    real_add = PassageIndex.add_articles
    calls = []

    def failing_add(self, writer, articles, *args):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the user quit during the second chunk
        return real_add(self, writer, articles, *args)

    monkeypatch.setattr(PassageIndex, "add_articles", failing_add)
    with pytest.raises(KeyboardInterrupt):
        sync_passages(library.store, passages)
    first_chunk = passages.doc_count()
    assert first_chunk > 0 and not passages.in_step_with(library.store)
    monkeypatch.setattr(PassageIndex, "add_articles", real_add)
    redone, dropped = sync_passages(library.store, passages)
    assert (redone, dropped) == (3, 0)  # 5 articles, the first 2 were kept
    assert passages.in_step_with(library.store)
    passages.close()
    library.close()


def test_an_interrupted_parallel_catch_up_stops_its_sub_processes(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passages_module, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr(passages_module, "PARALLEL_COMMIT_EVERY", 2)
    monkeypatch.setattr(passages_module, "PASSAGES_PER_JOB", 5)
    monkeypatch.setattr(passages_module.os, "cpu_count", lambda: 2)
    library = Library.open(folder, import_seeds=False)
    passages, _ = PassageIndex.open(folder / PASSAGES_DIR)
    real_add = PassageIndex.add_articles
    writers: list[str] = []

    def failing_add(self, writer, articles, *args):  # type: ignore[no-untyped-def]
        writers.append(type(writer).__name__)
        if len(writers) == 2:
            # The user quits while the second chunk is being analysed in sub-processes.
            real_add(self, writer, articles, *args)
            assert multiprocessing.active_children()
            raise KeyboardInterrupt
        return real_add(self, writer, articles, *args)

    monkeypatch.setattr(PassageIndex, "add_articles", failing_add)
    with pytest.raises(KeyboardInterrupt):
        sync_passages(library.store, passages)
    assert writers == ["OrphanSafeMpWriter"] * 2
    assert not multiprocessing.active_children()  # cancelled, not left waiting
    first_chunk = passages.doc_count()
    assert first_chunk > 0 and not passages.in_step_with(library.store)
    monkeypatch.setattr(PassageIndex, "add_articles", real_add)
    assert sync_passages(library.store, passages) == (3, 0)  # 5 articles, 2 kept
    assert passages.in_step_with(library.store)
    passages.close()
    library.close()


def test_the_app_catches_up_in_another_process(folder: Path) -> None:
    gateway = LibraryGateway.open(folder, import_seeds=False)
    try:
        assert _passage_count(folder) == 0
        gateway.warm_passages()
        assert not gateway.warming
        assert not passages_module._opened.get(gateway.library), "caught up in this process"
        library = Library(folder)
        try:
            assert passage_index_for(library, catch_up=False).in_step_with(library.store)
        finally:
            library.close()
    finally:
        gateway.close()


def test_related_does_not_wait_for_a_catch_up_in_progress(folder: Path) -> None:
    warming = Library(folder)  # another process catching up holds the write lock
    library = Library.open(folder, import_seeds=False)
    article_id = library.summaries()[0].id
    try:
        with warming.write_lock():
            # Catching up would need the lock and end in LibraryBusy: it is not even tried.
            found = related(library, article_id, 1, catch_up=False)
            assert found == []  # nothing indexed yet: no related passages, no error
    finally:
        library.close()
        warming.close()
