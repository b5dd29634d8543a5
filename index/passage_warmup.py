"""`python -m index.passage_warmup LIBRARY`: bring a library's passage index in step with its
store, in a process of its own at low priority.

The app starts this right after opening a library. Catching up tens of thousands of
articles takes minutes of CPU; in a thread of the app it would hold the interpreter's lock
and make every keypress wait. It commits in chunks (see `index_passages`), so quitting the
app part-way keeps what was done. Exit codes: 0 done, 3 the library was busy, 1 an error.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from index.errors import LibraryBusy
from index.orphans import exit_with_parent

BUSY_EXIT = 3


def main(argv: Sequence[str] | None = None) -> int:
    """Catch up the passage index of the library folder named by the one argument."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m index.passage_warmup LIBRARY", file=sys.stderr)
        return 2
    with contextlib.suppress(OSError):
        os.nice(10)  # the reader in front comes first
    exit_with_parent()
    from index.library import Library

    library = Library(Path(args[0]))
    try:
        library.passages()
    except LibraryBusy as exc:
        print(f"passage index not caught up: {exc}", file=sys.stderr)
        return BUSY_EXIT
    finally:
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
