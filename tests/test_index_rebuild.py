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
