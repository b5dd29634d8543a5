"""The SQLite schema of a library and its migrations.

The store is the truth: every table here can be queried without the search index, and the
Whoosh index is rebuilt from these tables. Each migration moves the schema one version up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# Mentions by entity: the surfaces too, so that listing an entity's written forms reads the
# index alone (grouping 5 million mentions' rows took 11 s at 100,000 articles).
MENTIONS_BY_ENTITY = (
    "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id, surface, article_id)"
)

MIGRATIONS: list[str] = [
    # 1: articles, their blocks, the files they came from, reading state and settings.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        subtitle TEXT,
        date TEXT,
        updated TEXT,
        source TEXT,
        url TEXT,
        author TEXT,
        contributors TEXT NOT NULL DEFAULT '[]',
        path TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE INDEX articles_date ON articles(date);
    CREATE TABLE blocks (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('paragraph', 'subheading')),
        text TEXT NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        file_hash TEXT NOT NULL,
        article_ids TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE reading_state (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: entity mentions as extracted, and the canonical entities they resolve to.
    """
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        block INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        surface TEXT NOT NULL,
        type TEXT NOT NULL,
        entity_id INTEGER,
        PRIMARY KEY (article_id, block, start)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_entity ON mentions(entity_id, article_id);
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        roles TEXT NOT NULL DEFAULT '[]',
        mention_count INTEGER NOT NULL DEFAULT 0,
        article_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
    CREATE TABLE entity_aliases (
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        PRIMARY KEY (alias, entity_id)
    ) WITHOUT ROWID;
    """,
    # 3: the words of the library with their document frequency, for "did you mean".
    """
    CREATE TABLE vocabulary (word TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
    """,
    # 4: the article list's order (newest first) read straight from an index, not sorted.
    """
    CREATE INDEX articles_newest ON articles(date DESC, title);
    """,
    # 5: the mentions-by-entity index covers the surfaces as well (kept dropped if a bulk
    # add left it dropped: `migrate`).
    f"""
    DROP INDEX IF EXISTS mentions_entity;
    {MENTIONS_BY_ENTITY};
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, notify: Callable[[str], None] | None = None) -> int:
    """Bring the database up to SCHEMA_VERSION; return the version it was at.

    Upgrading an existing library (not creating one) is said through `notify` first: some
    migrations rebuild an index over every mention, seconds on a big library.
    """
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if notify is not None and 0 < found < SCHEMA_VERSION:
        notify(
            f"Upgrading the library's database (version {found} to {SCHEMA_VERSION}): "
            "once only; a large library takes a few seconds."
        )
    for version in range(found, SCHEMA_VERSION):
        script = MIGRATIONS[version]
        if version == 4 and not has_index(conn, "mentions_entity"):
            # A bulk add was interrupted with the index dropped: it stays dropped, so that
            # the next open builds it (the new one) and recounts the entities, as after
            # any interrupted bulk add.
            script = ""
        conn.executescript(f"BEGIN;{script}PRAGMA user_version = {version + 1}; COMMIT;")
    return found


def has_index(conn: sqlite3.Connection, name: str) -> bool:
    """True when the schema has this index (a bulk add drops one while it runs)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
    ).fetchone()
    return found is not None
