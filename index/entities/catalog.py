"""Canonical entities in the store: rebuilding them from `mentions`, and queries for the UI.

`rebuild_entities` reads every stored mention (with the few characters before it, to recover
titles such as "Secretary of State" as roles), resolves them (a big library a batch at a
time), and rewrites `entities`, `entity_aliases` and `mentions.entity_id` in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from index.entities.aliases import AliasOverrides
from index.entities.known import name_key
from index.entities.resolve import Resolution, resolve
from index.entities.titles import role_before
from index.models import Mention
from index.schema import MENTIONS_BY_ENTITY

# Characters of block text read before each mention to find its title.
_ROLE_CONTEXT = 60


class EntityRow(NamedTuple):
    """One canonical entity as stored."""

    id: int
    name: str
    type: str
    roles: list[str]
    mention_count: int
    article_count: int


class MentionRow(NamedTuple):
    """One stored mention of an entity."""

    article_id: str
    block: int
    start: int
    end: int
    surface: str
    type: str


class EntityFacet(NamedTuple):
    """How often an entity occurs within a set of articles."""

    id: int
    name: str
    type: str
    articles: int
    mentions: int


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction, or a savepoint inside the caller's: all or nothing either way."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT rebuild_entities")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO rebuild_entities")
            conn.execute("RELEASE rebuild_entities")
            raise
        conn.execute("RELEASE rebuild_entities")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


# A library bigger than this is resolved batch by batch, as a big add resolves it.
ONE_PASS_MAX_ARTICLES = 20_000
REBUILD_BATCH_ARTICLES = 250


def rebuild_entities(conn: sqlite3.Connection, aliases_path: Path | None) -> int:
    """Resolve all stored mentions and rewrite the entity tables; return the entity count.

    Up to ONE_PASS_MAX_ARTICLES articles, all mentions are resolved together. A bigger
    library is resolved a batch at a time against the entities of the batches before, as a
    big add does: in one pass over 100,000 articles a lone "Apple" (10,341 times) was taken
    for the library's only person of that surname, a misread "J. With Apple", and "Blair"
    (6,647) for nobody, Tony Blair having namesakes; it also took 2.9 GB.
    A malformed aliases file raises `AliasFileError` before anything is changed.
    """
    overrides = AliasOverrides.load(aliases_path) if aliases_path else AliasOverrides()
    from index.entities.settle import settle_names

    with transaction(conn):
        ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
        if len(ids) <= ONE_PASS_MAX_ARTICLES:
            article_mentions, roles = read_mentions(conn)
            _write(conn, resolve(article_mentions, overrides, roles))
        else:
            _resolve_in_batches(conn, aliases_path, ids)
        settle_names(conn, overrides)
        (count,) = conn.execute("SELECT count(*) FROM entities").fetchone()
    return int(count)


def _resolve_in_batches(
    conn: sqlite3.Connection, aliases_path: Path | None, article_ids: list[str]
) -> None:
    """Every entity anew, resolving `article_ids` a batch at a time (`IncrementalResolver`)."""
    from index.entities.incremental import IncrementalResolver

    _clear(conn)
    resolver = IncrementalResolver(conn, aliases_path)
    for start in range(0, len(article_ids), REBUILD_BATCH_ARTICLES):
        resolver.update(article_ids[start : start + REBUILD_BATCH_ARTICLES])
    conn.execute(MENTIONS_BY_ENTITY)


# Mentions per article as (block, mention), and the role words before people's mentions.
StoredMentions = tuple[dict[str, list[tuple[int, Mention]]], dict[tuple[str, int, int], str]]


def read_mentions(conn: sqlite3.Connection, article_ids: list[str] | None = None) -> StoredMentions:
    """Stored mentions per article (all, or of `article_ids`) and the roles before them."""
    only = "WHERE m.article_id IN (SELECT value FROM json_each(?))" if article_ids else ""
    params: tuple[object, ...] = (_ROLE_CONTEXT, _ROLE_CONTEXT)
    if article_ids:
        params += (json.dumps(article_ids),)
    rows = conn.execute(
        f"""
        SELECT m.article_id, m.block, m.start, m."end", m.surface, m.type,
               substr(b.text, max(1, m.start - ? + 1), min(m.start, ?))
        FROM mentions m
        LEFT JOIN blocks b ON b.article_id = m.article_id AND b.idx = m.block
        {only}
        ORDER BY m.article_id, m.block, m.start
        """,
        params,
    )
    article_mentions: dict[str, list[tuple[int, Mention]]] = defaultdict(list)
    roles: dict[tuple[str, int, int], str] = {}
    for article_id, block, start, end, surface, entity_type, before in rows:
        article_mentions[article_id].append((block, Mention(start, end, surface, entity_type)))
        if before and entity_type == "PERSON":
            role = role_before(before, len(before))
            if role:
                roles[(article_id, block, start)] = role
    return article_mentions, roles


def stored_mentions(mentions: list[list[Mention]]) -> list[tuple[int, Mention]]:
    """An article's mentions per block as the store keeps and reads them back: the first
    at each position, in (block, start) order, without the extractor's canonical hint."""
    kept: list[tuple[int, Mention]] = []
    for block, block_mentions in enumerate(mentions):
        by_start: dict[int, Mention] = {}
        for m in block_mentions:
            by_start.setdefault(m.start, m)
        for start in sorted(by_start):
            m = by_start[start]
            kept.append((block, Mention(start, m.end, m.text, m.type)))
    return kept


def person_roles(texts: list[str], kept: list[tuple[int, Mention]]) -> dict[tuple[int, int], str]:
    """The role words before an article's people ("Foreign Minister"), by (block, start) of
    the mention: what `read_mentions` finds in the stored text. Worker processes compute
    them while reading, so the process storing the articles does not."""
    roles: dict[tuple[int, int], str] = {}
    for block, m in kept:
        if m.type == "PERSON" and m.start > 0 and block < len(texts):
            before = texts[block][max(0, m.start - _ROLE_CONTEXT) : m.start]
            role = role_before(before, len(before)) if before else None
            if role:
                roles[(block, m.start)] = role
    return roles


def mentions_in_memory(
    articles: dict[str, tuple[list[tuple[int, Mention]], dict[tuple[int, int], str]]],
) -> StoredMentions:
    """What `read_mentions` would read back for these articles just stored, from their
    `stored_mentions` and `person_roles` still in memory."""
    article_mentions: dict[str, list[tuple[int, Mention]]] = defaultdict(list)
    roles: dict[tuple[str, int, int], str] = {}
    for article_id in sorted(articles):
        kept, article_roles = articles[article_id]
        if kept:
            article_mentions[article_id] = kept
        for (block, start), role in article_roles.items():
            roles[(article_id, block, start)] = role
    return article_mentions, roles


def _clear(conn: sqlite3.Connection) -> None:
    """No entities, and no mention pointing to one.

    Rewriting millions of mention rows: their entity index is dropped (the caller builds it
    again after, far cheaper than updating it row by row), and the aliases are cleared before
    the entities so the foreign-key cascade has nothing to look for.
    """
    conn.execute("DROP INDEX IF EXISTS mentions_entity")
    conn.execute("UPDATE mentions SET entity_id = NULL WHERE entity_id IS NOT NULL")
    conn.execute("DELETE FROM entity_aliases")
    conn.execute("DELETE FROM entities")


def _write(conn: sqlite3.Connection, resolution: Resolution) -> None:
    # Mentions written in key order.
    _clear(conn)
    conn.executemany(
        "INSERT INTO entities (id, name, type, roles, mention_count, article_count)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                number,
                entity.name,
                entity.type,
                json.dumps(entity.roles, ensure_ascii=False),
                entity.mention_count,
                len(entity.article_ids),
            )
            for number, entity in enumerate(resolution.entities, 1)
        ),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
        (
            (number, alias)
            for number, entity in enumerate(resolution.entities, 1)
            for alias in {name_key(a) for a in entity.aliases} - {""}
        ),
    )
    conn.executemany(
        "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND block = ? AND start = ?",
        (
            (index + 1, article_id, block, start)
            for (article_id, block, start), index in sorted(resolution.assignments.items())
        ),
    )
    conn.execute(MENTIONS_BY_ENTITY)


def _entity_row(row: tuple) -> EntityRow:
    entity_id, name, entity_type, roles, mentions, articles = row
    return EntityRow(entity_id, name, entity_type, json.loads(roles or "[]"), mentions, articles)


_ENTITY_COLUMNS = "e.id, e.name, e.type, e.roles, e.mention_count, e.article_count"


def find_entity(conn: sqlite3.Connection, name: str, type: str | None = None) -> list[EntityRow]:
    """Entities whose name or an alias matches `name` (case, accents, periods ignored).

    Most mentioned first.
    """
    key = name_key(name)
    if not key:
        return []
    sql = (
        f"SELECT DISTINCT {_ENTITY_COLUMNS} FROM entity_aliases a"
        " JOIN entities e ON e.id = a.entity_id WHERE a.alias = ?"
    )
    params: list[object] = [key]
    if type:
        sql += " AND e.type = ?"
        params.append(type.upper())
    sql += " ORDER BY e.mention_count DESC, e.id"
    return [_entity_row(row) for row in conn.execute(sql, params)]


def list_entities(
    conn: sqlite3.Connection, type: str | None = None, article_id: str | None = None
) -> list[EntityRow]:
    """All entities (of a type, or mentioned in one article), most mentioned first."""
    conditions: list[str] = []
    params: list[object] = []
    if type:
        conditions.append("e.type = ?")
        params.append(type.upper())
    if article_id is not None:
        conditions.append(
            "e.id IN (SELECT entity_id FROM mentions WHERE article_id = ?"
            " AND entity_id IS NOT NULL)"
        )
        params.append(article_id)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"SELECT {_ENTITY_COLUMNS} FROM entities e{where} ORDER BY e.mention_count DESC, e.name"
    return [_entity_row(row) for row in conn.execute(sql, params)]


def entity_mentions(conn: sqlite3.Connection, entity_id: int) -> list[MentionRow]:
    """Every mention of an entity, ordered by article, then block, then offset."""
    rows = conn.execute(
        'SELECT article_id, block, start, "end", surface, type FROM mentions'
        " WHERE entity_id = ? ORDER BY article_id, block, start",
        (entity_id,),
    )
    return [MentionRow(*row) for row in rows]


def entity_facets(
    conn: sqlite3.Connection, article_ids: list[str], limit: int | None = None
) -> list[EntityFacet]:
    """Entities found in these articles, with article and mention counts, most articles first."""
    if not article_ids:
        return []
    # Counted per entity id first, then named: joining every mention to its entity before
    # grouping took twice as long on big result sets.
    sql = (
        "SELECT e.id, e.name, e.type, g.articles, g.mentions FROM ("
        " SELECT entity_id, COUNT(DISTINCT article_id) AS articles, COUNT(*) AS mentions"
        " FROM mentions WHERE article_id IN (SELECT value FROM json_each(?))"
        " AND entity_id IS NOT NULL GROUP BY entity_id"
        ") g JOIN entities e ON e.id = g.entity_id"
        " ORDER BY 4 DESC, 5 DESC, e.name"
    )
    params: list[object] = [json.dumps(list(article_ids))]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [EntityFacet(*row) for row in conn.execute(sql, params)]


def merge_entities(conn: sqlite3.Connection, source: int, target: int) -> None:
    """Move the mentions and aliases of one entity to another, and drop it."""
    conn.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (target, source))
    conn.execute(
        "INSERT OR IGNORE INTO entity_aliases (entity_id, alias)"
        " SELECT ?, alias FROM entity_aliases WHERE entity_id = ?",
        (target, source),
    )
    conn.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (source,))
    conn.execute("DELETE FROM entities WHERE id = ?", (source,))


def recount_entities(conn: sqlite3.Connection, entity_ids: list[int]) -> None:
    """Fresh mention and article counts for these entities."""
    conn.execute(
        "UPDATE entities SET"
        " mention_count = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id),"
        " article_count ="
        " (SELECT count(DISTINCT article_id) FROM mentions m WHERE m.entity_id = entities.id)"
        " WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(entity_ids),),
    )
