"""Opening a Whoosh index folder that is a cache: recreate it when missing, old or damaged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from whoosh import fields, index

VERSION_FILE = "VERSION"


def open_or_create(
    folder: Path, schema: Callable[[], fields.Schema], version: int, label: str
) -> tuple[index.Index, str | None]:
    """Open the index in `folder`, or recreate it empty and say why (for a rebuild).

    The reason is None for an index opened as it was; otherwise "<label> missing", "... is
    of an older version" or "... unreadable (Error)", and the caller refills it from the store.
    """
    version_file = folder / VERSION_FILE
    if not folder.exists() or not any(folder.glob("*.toc")):
        reason = f"{label} missing"
    elif stored_version(version_file) != version:
        reason = f"{label} is of an older version"
    else:
        try:
            ix = index.open_dir(str(folder))
            with ix.searcher() as s:
                s.doc_count()
            return ix, None
        except Exception as exc:  # any damage to the files means: rebuild
            reason = f"{label} unreadable ({type(exc).__name__})"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema())
    version_file.write_text(str(version))
    return ix, reason


def stored_version(version_file: Path) -> int | None:
    """The schema version an index folder was written with, or None."""
    try:
        return int(version_file.read_text().strip())
    except (OSError, ValueError):
        return None
