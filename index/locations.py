"""Where a library lives, without importing the rest of `index` (the app's first paint needs
only this and a peek at the store)."""

from __future__ import annotations

import os
from pathlib import Path

LIBRARY_ENV = "NEWSDESK_LIBRARY"


def default_library_dir() -> Path:
    """Where the library lives: $NEWSDESK_LIBRARY, else the platform's user data folder."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsdesk", appauthor=False))
