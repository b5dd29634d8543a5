"""The SQLite store: articles, blocks, source files, reading state and settings.

One `Store` wraps one connection. Writers hold the library's lock (see `index.library`);
readers never block because the database runs in WAL mode.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.models import Article, Block, Mention, ParsedArticle
from index.schema import SCHEMA_VERSION, has_index, migrate

DB_NAME = "library.sqlite3"
SUMMARY_SELECT = (
    "SELECT a.id, a.title, a.source, a.date, COALESCE(r.read, 0) AS read,"
    " COALESCE(r.starred, 0) AS starred FROM articles a"
    " LEFT JOIN reading_state r ON r.article_id = a.id"
)
SUMMARY_ORDER = {"date": "a.date DESC, a.title", "title": "a.title COLLATE NOCASE"}


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the article list shows: no body text."""

    id: str
    title: str
    source: str | None
    date: str | None
    read: bool
    starred: bool


@dataclass(frozen=True, slots=True)
class FileRecord:
    """What the store remembers of a source file, to skip it when it has not changed."""

    path: str
    size: int
    mtime_ns: int
    file_hash: str
    article_ids: list[str]


class Store:
    """Typed access to a library's SQLite database."""

    def __init__(
        self,
        folder: Path,
        *,
        check_same_thread: bool = False,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        """Open (creating or upgrading if needed) the database of the library in `folder`;
        an upgrade is announced through `notify` before it runs."""
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / DB_NAME
        self.conn = sqlite3.connect(
            self.path, timeout=5.0, isolation_level=None, check_same_thread=check_same_thread
        )
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        migrate(self.conn, notify)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    # -- transactions -------------------------------------------------------------------

    def transaction(self) -> _Transaction:
        """A `with` block that commits on success and rolls back on error."""
        return _Transaction(self.conn)

    # -- files --------------------------------------------------------------------------

    def file_record(self, path: str) -> FileRecord | None:
        """The stored record of a source file, or None for a file never seen."""
        row = self.conn.execute("SELECT * FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return None
        return FileRecord(
            row["path"],
            row["size"],
            row["mtime_ns"],
            row["file_hash"],
            json.loads(row["article_ids"]),
        )

    def save_file_record(self, record: FileRecord) -> None:
        """Remember a source file as ingested."""
        self.conn.execute(
            "INSERT OR REPLACE INTO files (path, size, mtime_ns, file_hash, article_ids)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                record.path,
                record.size,
                record.mtime_ns,
                record.file_hash,
                json.dumps(record.article_ids),
            ),
        )

    def articles_still_referenced(self, article_ids: Iterable[str]) -> set[str]:
        """Those of `article_ids` that some file record still names."""
        wanted = set(article_ids)
        found: set[str] = set()
        for (ids,) in self.conn.execute("SELECT article_ids FROM files"):
            found.update(wanted.intersection(json.loads(ids)))
        return found

    # -- articles -----------------------------------------------------------------------

    def article_id_for_hash(self, content_hash: str) -> str | None:
        """The id of the article with exactly this content, if stored."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def save_article(
        self,
        article_id: str,
        parsed: ParsedArticle,
        *,
        path: str,
        content_hash: str,
        mentions: Sequence[Sequence[Mention]] = (),
    ) -> None:
        """Insert or replace an article, its blocks and its mentions (reading state is kept)."""
        conn = self.conn
        conn.execute("DELETE FROM blocks WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        conn.execute(
            "INSERT INTO articles (id, title, subtitle, date, updated, source, url, author,"
            " contributors, path, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET title=excluded.title, subtitle=excluded.subtitle,"
            " date=excluded.date, updated=excluded.updated, source=excluded.source,"
            " url=excluded.url, author=excluded.author, contributors=excluded.contributors,"
            " path=excluded.path, content_hash=excluded.content_hash",
            (
                article_id,
                parsed.title,
                parsed.subtitle,
                parsed.date,
                parsed.updated,
                parsed.source,
                parsed.url,
                parsed.author,
                json.dumps(parsed.contributors),
                path,
                content_hash,
            ),
        )
        conn.executemany(
            "INSERT INTO blocks (article_id, idx, kind, text) VALUES (?, ?, ?, ?)",
            [(article_id, i, b.kind, b.text) for i, b in enumerate(parsed.blocks)],
        )
        self.insert_mentions([(article_id, mentions)])

    def insert_mentions(self, articles: Sequence[tuple[str, Sequence[Sequence[Mention]]]]) -> None:
        """Store the mentions of each (article id, mentions per block); the caller has
        deleted the article's old ones."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO mentions (article_id, block, start, end, surface, type)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (article_id, block, m.start, m.end, m.text, m.type)
                for article_id, mentions in articles
                for block, block_mentions in enumerate(mentions)
                for m in block_mentions
            ],
        )

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Remove articles with their blocks, mentions and reading state."""
        self.conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in article_ids])

    def has_article(self, article_id: str) -> bool:
        """True when an article with exactly this id is stored."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def article(self, article_id: str) -> Article | None:
        """One article with its blocks; also accepts a unique id prefix."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and article_id:
            rows = self.conn.execute(
                "SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (article_id + "%",)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            return None
        blocks = [
            Block(kind, text)
            for kind, text in self.conn.execute(
                "SELECT kind, text FROM blocks WHERE article_id = ? ORDER BY idx", (row["id"],)
            )
        ]
        return Article(
            id=row["id"],
            title=row["title"],
            blocks=blocks,
            subtitle=row["subtitle"],
            date=row["date"],
            updated=row["updated"],
            source=row["source"],
            url=row["url"],
            author=row["author"],
            contributors=json.loads(row["contributors"]),
            path=row["path"],
        )

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        """Every article with its blocks, in id order, read in batches (for reindexing)."""
        last = ""
        while True:
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
                )
            ]
            if not ids:
                return
            for article_id in ids:
                article = self.article(article_id)
                if article is not None:
                    yield article
            last = ids[-1]

    def summaries(
        self, ids: Sequence[str] | None = None, *, order: str = "date"
    ) -> list[ArticleSummary]:
        """Article list rows: all articles newest first, or the given ids in their order."""
        base = SUMMARY_SELECT
        plain = self.conn.cursor()
        plain.row_factory = None  # tuples: 100,000 rows a quarter faster than sqlite3.Row
        if ids is None:
            key = SUMMARY_ORDER["title" if order == "title" else "date"]
            return [_summary(row) for row in plain.execute(f"{base} ORDER BY {key}")]
        by_id: dict[str, ArticleSummary] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = list(ids[chunk_start : chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            for row in plain.execute(f"{base} WHERE a.id IN ({marks})", chunk):
                by_id[row[0]] = _summary(row)
        return [by_id[i] for i in ids if i in by_id]

    def article_texts(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """(title, body text) per article id: what the highlighter needs."""
        out: dict[str, tuple[str, str]] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = list(ids[chunk_start : chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT a.id, a.title, group_concat(b.text, char(10)) FROM articles a"
                f" JOIN blocks b ON b.article_id = a.id WHERE a.id IN ({marks})"
                f" GROUP BY a.id",
                chunk,
            )
            for article_id, title, body in rows:
                out[article_id] = (title, body or "")
        return out

    # -- reading state and settings -----------------------------------------------------

    def set_state(self, article_id: str, **fields: int) -> None:
        """Set read, starred or position for an article."""
        allowed = {"read", "starred", "position"}
        if not fields or not set(fields) <= allowed:
            raise ValueError(f"unknown reading-state fields: {sorted(set(fields) - allowed)}")
        names = ", ".join(fields)
        marks = ", ".join("?" * len(fields))
        updates = ", ".join(f"{name}=excluded.{name}" for name in fields)
        self.conn.execute(
            f"INSERT INTO reading_state (article_id, {names}) VALUES (?, {marks})"
            f" ON CONFLICT(article_id) DO UPDATE SET {updates}, updated_at=datetime('now')",
            (article_id, *fields.values()),
        )

    def state(self, article_id: str) -> dict[str, int]:
        """read, starred and position of an article (zeros when never touched)."""
        row = self.conn.execute(
            "SELECT read, starred, position FROM reading_state WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        return dict(row) if row else {"read": 0, "starred": 0, "position": 0}

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A stored setting, such as the theme."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting."""
        self.conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value)
        )

    # -- counts -------------------------------------------------------------------------

    def count(self, table: str) -> int:
        """Rows in one table ("articles", "entities", "mentions"...)."""
        if table not in {"articles", "blocks", "files", "mentions", "entities"}:
            raise ValueError(f"unknown table {table}")
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def has_rows(self, table: str) -> bool:
        """True when a table is not empty (cheap, unlike counting millions of mentions)."""
        if table not in {"articles", "blocks", "files", "mentions", "entities"}:
            raise ValueError(f"unknown table {table}")
        return self.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None

    def has_index(self, name: str) -> bool:
        """True when the schema has this index (a bulk add drops one while it runs)."""
        return has_index(self.conn, name)

    def counts(self) -> dict[str, int]:
        """How many articles, blocks, files, mentions and entities the library holds."""
        out: dict[str, int] = {}
        for table in ("articles", "blocks", "files", "mentions", "entities"):
            out[table] = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        out["read"] = self.conn.execute(
            "SELECT count(*) FROM reading_state WHERE read = 1"
        ).fetchone()[0]
        out["starred"] = self.conn.execute(
            "SELECT count(*) FROM reading_state WHERE starred = 1"
        ).fetchone()[0]
        return out


def peek_newest(folder: Path, limit: int) -> tuple[list[ArticleSummary], int] | None:
    """The newest `limit` article rows and the article count, read without opening the library.

    For the app's first paint: a read-only look that never creates, migrates or waits. None
    when there is no store yet, it is of another schema version, or it cannot be read now.
    """
    path = folder / DB_NAME
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        # One statement, one row: sqlite3 lets go of the GIL at every row it steps, and with
        # the UI thread busy each row would wait for the interpreter's switch interval.
        page, total = conn.execute(
            "SELECT (SELECT json_group_array(json_array(id, title, source, date, read, starred))"
            f" FROM ({SUMMARY_SELECT} ORDER BY {SUMMARY_ORDER['date']} LIMIT ?)),"
            " (SELECT count(*) FROM articles)",
            (limit,),
        ).fetchone()
        newest = [_summary(row) for row in json.loads(page)]
        return newest, total
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _summary(row: Sequence[Any]) -> ArticleSummary:
    """An article-list row from the columns of `SUMMARY_SELECT`, in order."""
    id_, title, source, date, read, starred = row
    return ArticleSummary(id_, title, source, date, bool(read), bool(starred))


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
