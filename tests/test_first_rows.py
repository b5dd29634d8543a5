"""The app's first paint: the newest rows come straight from the store, and starting the app
imports neither the search engine nor the ingest."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from app_helpers import build_seed_library

from index.library import Library
from index.store import peek_newest
from tui.first_rows import start_reading_first_rows

REPO = Path(__file__).resolve().parents[1]


def test_first_rows_are_the_head_of_the_full_list(tmp_path: Path) -> None:
    folder = build_seed_library(tmp_path)
    library = Library.open(folder, import_seeds=False)
    try:
        full = library.summaries()
        library.store.conn.execute(
            "INSERT INTO reading_state (article_id, read, starred) VALUES (?, 1, 1)", (full[1].id,)
        )
        library.store.conn.commit()
        full = library.summaries()
    finally:
        library.close()
    peek = peek_newest(folder, 3)
    assert peek is not None
    rows, total = peek
    assert rows == full[:3] and total == len(full) == 5
    assert rows[1].read and rows[1].starred
    assert start_reading_first_rows(folder).result(timeout=10) == (full[:5], 5)


def test_no_first_rows_without_a_current_store(tmp_path: Path) -> None:
    assert peek_newest(tmp_path / "nowhere", 10) is None
    assert start_reading_first_rows(tmp_path / "nowhere").result(timeout=10) is None
    old = tmp_path / "old"
    old.mkdir()
    with sqlite3.connect(old / "library.sqlite3") as conn:
        conn.execute("CREATE TABLE articles (id TEXT)")
        conn.execute("PRAGMA user_version = 1")
    assert peek_newest(old, 10) is None  # an upgrade is the library's job, not the peek's
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "library.sqlite3").write_bytes(b"not a database at all" * 100)
    assert peek_newest(tmp_path / "junk", 10) is None


def test_starting_the_app_imports_no_search_engine() -> None:
    code = (
        "import sys, tui.cli, tui.app;"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'whoosh', 'trafilatura', 'feedparser', 'rapidfuzz'}"
        " | {m for m in sys.modules if m in ('index.library', 'index.ingest', 'index.search')}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout.strip()
    assert out == "[]", f"imported before the first paint: {out}"
