"""The newest article rows, read in a thread from the moment `newsdesk` starts.

Importing Textual and the app takes most of a start; reading the first screenful of rows
from the store meanwhile lets the very first paint show articles. Imports nothing heavy.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TypeAlias

from index.locations import default_library_dir
from index.store import ArticleSummary, peek_newest

FIRST_ROWS = 200  # more than any screen is tall
FirstRows: TypeAlias = "tuple[list[ArticleSummary], int] | None"


def start_reading_first_rows(library: Path | None) -> Future[FirstRows]:
    """Start reading the newest rows and the article count of a library in a thread.

    The future's result is None when there is no store yet or it needs an upgrade (the
    library then opens the usual way), never an exception.
    """
    future: Future[FirstRows] = Future()

    def read() -> None:
        try:
            future.set_result(peek_newest(library or default_library_dir(), FIRST_ROWS))
        except Exception:  # a peek is an optimisation: any failure means "no first rows"
            future.set_result(None)

    threading.Thread(target=read, name="newsdesk-first-rows", daemon=True).start()
    return future
