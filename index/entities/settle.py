"""What the whole library says about names, applied after every resolution (an add, a
rebuild, an aliases.toml change)."""

from __future__ import annotations

import sqlite3

from index.entities.aliases import AliasOverrides
from index.entities.full_names import settle_full_names
from index.entities.lone_words import settle_lone_words


def settle_names(conn: sqlite3.Connection, overrides: AliasOverrides | None = None) -> int:
    """Single words guessed people (`lone_words`), then full names typed a person here and
    an organisation there (`full_names`); return how many entities changed."""
    return settle_lone_words(conn, overrides) + settle_full_names(conn, overrides)
