"""The Whoosh index is a cache of the store: missing, outdated or damaged, it is rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.library import Library
from tui.cli import main


def _reopen(library: Library) -> tuple[Library, list[str]]:
    folder = library.folder
    library.close()
    messages: list[str] = []
    return Library.open(folder, notify=messages.append, import_seeds=False), messages


def test_missing_index_is_rebuilt_with_a_message(seed_library: Library) -> None:
    shutil.rmtree(seed_library.folder / "whoosh")
    library, messages = _reopen(seed_library)
    assert any("missing" in m for m in messages)
    assert library.stats()["indexed"] == 5 and library.search("Lavrov").total == 3


def test_older_index_version_is_rebuilt(seed_library: Library) -> None:
    (seed_library.folder / "whoosh" / "VERSION").write_text("0")
    library, messages = _reopen(seed_library)
    assert any("older version" in m for m in messages)
    assert library.search("Lavrov").total == 3


def test_damaged_index_is_rebuilt(seed_library: Library) -> None:
    for segment in (seed_library.folder / "whoosh").glob("*.toc"):
        segment.write_bytes(b"\x00garbage")
    library, messages = _reopen(seed_library)
    assert any("unreadable" in m for m in messages)
    assert library.search("Lavrov").total == 3


def test_index_behind_the_store_is_caught_up(seed_library: Library) -> None:
    with seed_library.index.writer() as writer:
        writer.delete_by_term("id", seed_library.summaries()[0].id)
    library, messages = _reopen(seed_library)
    assert messages and library.stats()["indexed"] == 5


def test_reindex_command(seed_library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    folder: Path = seed_library.folder
    seed_library.close()
    assert main(["--library", str(folder), "reindex"]) == 0
    assert "reindexed 5 articles" in capsys.readouterr().out


def test_reindex_entities_resolves_every_entity_anew(
    seed_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    """An older version's wrong merge (Marco Rubio's mentions on Lavrov's entity, as
    Cherie Blair's were on Tony Blair's) stays until `reindex --entities`."""
    from index.entities.catalog import find_entity

    conn = seed_library.store.conn
    lavrov = find_entity(conn, "Sergey Lavrov", "PERSON")[0].id
    conn.execute("UPDATE mentions SET entity_id = ? WHERE surface = 'Marco Rubio'", (lavrov,))
    seed_library.close()
    assert main(["--library", str(seed_library.folder), "reindex", "--entities"]) == 0
    out = capsys.readouterr().out
    assert "reindexed 5 articles" in out and "resolved" in out
    library = Library.open(seed_library.folder, import_seeds=False)
    rubio = find_entity(library.store.conn, "Marco Rubio", "PERSON")[0]
    owners = library.store.conn.execute(
        "SELECT DISTINCT entity_id FROM mentions WHERE surface = 'Marco Rubio'"
    ).fetchall()
    assert [tuple(row) for row in owners] == [(rubio.id,)]
    assert rubio.id != find_entity(library.store.conn, "Sergey Lavrov", "PERSON")[0].id
    library.close()


def test_upgrading_an_older_store_is_announced_once(seed_library: Library, tmp_path: Path) -> None:
    """An older library's schema is upgraded at open, with a message before the work (the
    mentions index rebuild takes seconds at 100,000 articles); not again, not for a new one."""
    import sqlite3

    from index.schema import SCHEMA_VERSION
    from index.store import DB_NAME

    seed_library.close()
    old = sqlite3.connect(seed_library.folder / DB_NAME)
    old.executescript(
        "DROP INDEX mentions_entity;"
        "CREATE INDEX mentions_entity ON mentions(entity_id, article_id);"
        f"PRAGMA user_version = {SCHEMA_VERSION - 1};"
    )
    old.close()
    messages: list[str] = []
    library = Library.open(seed_library.folder, notify=messages.append, import_seeds=False)
    upgrades = [m for m in messages if m.startswith("Upgrading the library's database")]
    assert upgrades == [
        f"Upgrading the library's database (version {SCHEMA_VERSION - 1} to {SCHEMA_VERSION}):"
        " once only; a large library takes a few seconds."
    ]
    columns = [row[2] for row in library.store.conn.execute("PRAGMA index_info(mentions_entity)")]
    assert columns == ["entity_id", "surface", "article_id"]
    assert library.search("Lavrov").total == 3

    library, messages = _reopen(library)
    assert not [m for m in messages if m.startswith("Upgrading")]
    library.close()
    messages = []
    Library.open(tmp_path / "new", notify=messages.append, import_seeds=False).close()
    assert not [m for m in messages if m.startswith("Upgrading")]


def _postings(library: Library) -> dict[tuple[str, bytes], list[tuple[str, float]]]:
    """Every term of the search index with its articles and weights."""
    with library.index.searcher() as s:
        reader = s.reader()
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        return {
            (field_name, term): sorted(
                (ids[d], w) for d, w in reader.postings(field_name, term).items_as("weight")
            )
            for field_name, term in reader.all_terms()
        }


def test_reindex_of_a_big_library_in_sub_processes_gives_the_same_index(
    seed_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.library as library_module
    import index.passages as passages_module

    seed_library.reindex(workers=1)
    one_process = _postings(seed_library)
    assert ("person", b"sergey lavrov") in one_process
    monkeypatch.setattr(library_module, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr(library_module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(passages_module, "PARALLEL_MIN_ARTICLES", 2)
    writers: list[str] = []
    real_writer = type(seed_library.index).writer

    def recording_writer(self, procs: int = 1):  # type: ignore[no-untyped-def]
        writers.append(f"{procs} processes")
        return real_writer(self, procs)

    monkeypatch.setattr(type(seed_library.index), "writer", recording_writer)
    assert seed_library.reindex(workers=2) == 5
    assert writers == ["2 processes"]
    assert _postings(seed_library) == one_process
    assert seed_library.search("Lavrov").total == 3
