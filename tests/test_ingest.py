"""Ingest: seeds in, incremental re-adds, in-place updates, duplicates stored once."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import BBC, SEEDS, shared_or_skip

from index.library import Library


def _open(folder: Path) -> Library:
    return Library.open(folder, import_seeds=False)


def test_seeds_go_in_with_stable_ids(tmp_path: Path) -> None:
    library = _open(tmp_path / "lib")
    report = library.add([SEEDS])
    assert (report.added, report.skipped) == (5, [])
    ids = sorted(s.id for s in library.summaries())
    library.close()
    again = _open(tmp_path / "lib2")
    again.add([SEEDS])
    assert sorted(s.id for s in again.summaries()) == ids
    assert again.stats()["indexed"] == 5


def test_readding_an_unchanged_file_does_nothing(seed_library: Library) -> None:
    before = seed_library.store.conn.execute("SELECT id, added_at FROM articles").fetchall()
    report = seed_library.add([SEEDS])
    assert (report.added, report.updated, report.unchanged) == (0, 0, 5)
    after = seed_library.store.conn.execute("SELECT id, added_at FROM articles").fetchall()
    assert [tuple(r) for r in before] == [tuple(r) for r in after]


def test_a_touched_but_identical_file_is_not_rewritten(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    library = _open(tmp_path / "lib")
    library.add([src])
    first = next(src.iterdir())
    first.write_bytes(first.read_bytes())  # new mtime, same bytes
    report = library.add([src])
    assert (report.added, report.updated, report.unchanged) == (0, 0, 5)


def test_a_changed_file_is_updated_in_place(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    library = _open(tmp_path / "lib")
    library.add([src])
    target = src / "003_56f64484c723aef1.txt"
    ids_before = {s.id for s in library.summaries()}
    target.write_text(
        target.read_text() + "\nA freshly added closing paragraph about the zeppelin summit.\n"
    )
    report = library.add([src])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 4)
    assert {s.id for s in library.summaries()} == ids_before
    hits = library.search("zeppelin").hits
    assert len(hits) == 1
    article = library.article(hits[0].id)
    assert article is not None and article.path == str(target.resolve())
    assert library.stats()["articles"] == 5


def test_identical_content_is_stored_once(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    seed = SEEDS / "002_f0b6c271f5f38538.txt"
    shutil.copy(seed, src / "a.txt")
    shutil.copy(seed, src / "b.txt")
    library = _open(tmp_path / "lib")
    report = library.add([src])
    assert (report.added, report.duplicates) == (1, 1)
    assert library.stats()["articles"] == 1


def test_a_line_removed_from_jsonl_removes_its_article(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [
        {
            "title": f"Story {n}",
            "body": f"Paragraph number {n} about harbour cranes.",
            "url": f"u{n}",
        }
        for n in range(3)
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows))
    library = _open(tmp_path / "lib")
    assert library.add([feed]).added == 3
    feed.write_text("\n".join(json.dumps(r) for r in rows[:2]))
    report = library.add([feed])
    assert report.removed == 1
    assert sorted(s.title for s in library.summaries()) == ["Story 0", "Story 1"]
    assert library.stats()["indexed"] == 2


def test_bbc_duplicates_are_stored_once(tmp_path: Path) -> None:
    bbc = shared_or_skip(BBC)
    files = sorted(p for p in bbc.rglob("*.txt") if p.parent != bbc)
    distinct = {hashlib.sha1(p.read_bytes()).hexdigest() for p in files}
    library = _open(tmp_path / "lib")
    topics = sorted(p for p in bbc.iterdir() if p.is_dir())  # not the corpus's own README
    report = library.add(topics, workers=2)
    assert report.skipped == []
    assert report.added + report.duplicates == len(files)
    assert library.stats()["articles"] == len(distinct)
    assert library.stats()["indexed"] == len(distinct)


def test_first_use_of_the_default_library_imports_the_seeds_once(tmp_path: Path) -> None:
    # The autouse fixture points NEWSDESK_LIBRARY at an empty folder of this test's own.
    messages: list[str] = []
    library = Library.open(notify=messages.append)
    assert library.stats()["articles"] == 5
    assert any("importing the bundled seed articles" in m for m in messages)
    folder = library.folder
    library.close()
    again = Library.open(notify=messages.append)
    assert again.folder == folder and again.stats()["articles"] == 5
    assert sum("importing" in m for m in messages) == 1


def test_objects_frozen_during_an_ingest_are_handed_back(tmp_path: Path, monkeypatch) -> None:
    """After each batch the survivors are frozen (skipped by the collector); after the add,
    and after a failing add, nothing stays frozen, so garbage among them is collected."""
    import gc

    import index.ingest as ingest
    from index.collector import INGEST_THRESHOLDS

    frozen_during: list[int] = []
    thresholds_during: list[tuple[int, int, int]] = []
    real_freeze = ingest.freeze_survivors
    before = gc.get_threshold()

    def recording_freeze(batch_number: int) -> None:
        real_freeze(batch_number)
        frozen_during.append(gc.get_freeze_count())
        thresholds_during.append(gc.get_threshold())

    monkeypatch.setattr(ingest, "freeze_survivors", recording_freeze)
    library = Library.open(tmp_path / "lib", import_seeds=False)
    try:
        library.add([SEEDS])
        assert frozen_during and min(frozen_during) > 0
        assert set(thresholds_during) == {INGEST_THRESHOLDS} != {before}  # collector relaxed
        assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
        monkeypatch.setattr(ingest.Ingester, "_store_batch", lambda *a: 1 / 0)
        (tmp_path / "more.txt").write_text("A headline\n\nA paragraph long enough to keep here.\n")
        with pytest.raises(ZeroDivisionError):
            library.add([tmp_path / "more.txt"])
        assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
    finally:
        library.close()


def test_garbage_cycles_are_collected_before_a_collecting_freeze_or_after_the_add() -> None:
    """`freeze_survivors` collects every COLLECT_EVERY batches; a cycle frozen in between is
    handed back when the add ends and collected then."""
    import gc
    import weakref

    from index.collector import COLLECT_EVERY, freeze_survivors, survivors_frozen

    class Node:
        def __init__(self) -> None:
            self.me = self

    def garbage_cycle() -> weakref.ref[Node]:
        return weakref.ref(Node())  # the Node is unreachable but kept alive by its cycle

    with survivors_frozen():
        collected_at_once = garbage_cycle()
        freeze_survivors(COLLECT_EVERY)
        assert collected_at_once() is None
        frozen_until_the_end = garbage_cycle()
        freeze_survivors(COLLECT_EVERY + 1)
        gc.collect()
        assert frozen_until_the_end() is not None
    gc.collect()
    assert frozen_until_the_end() is None
