"""Resolving only the articles an `add` changed, against the entities already stored.

A full `rebuild_entities` reads every mention of the library: about a minute at 100,000
articles, too long for adding a handful of files. Here the changed articles are resolved
among themselves with the same rules, and each entity found joins the stored entity of the
same type that shares one of its aliases (the most mentioned, if several) or, for a person,
the one stored person whose name it can be ("Sergei Lavrov" for "Sergey Lavrov", "Lavrov"),
or becomes a new one. Display names keep the first form seen; the next full rebuild (on
`reindex`, an aliases.toml change, or an add that changes a large part of a small library)
picks the most complete common form again.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from index.entities.aliases import AliasOverrides
from index.entities.catalog import read_mentions, transaction
from index.entities.known import name_key
from index.entities.names import PersonName, same_person, split_person_name
from index.entities.resolve import CanonicalEntity, resolve


class IncrementalResolver:
    """Resolves batches of changed articles against the stored entities.

    Keeps the stored people in memory by the first letters of their surname, so a spelling
    variant or a lone surname finds its person without scanning the alias table.
    """

    def __init__(self, conn: sqlite3.Connection, aliases_path: Path | None) -> None:
        self.conn = conn
        self.overrides = AliasOverrides.load(aliases_path) if aliases_path else AliasOverrides()
        self.people: dict[str, list[tuple[int, PersonName]]] = defaultdict(list)
        rows = conn.execute(
            "SELECT a.entity_id, a.alias FROM entity_aliases a"
            " JOIN entities e ON e.id = a.entity_id WHERE e.type = 'PERSON'"
        )
        for entity_id, alias in rows:
            self._remember_person(entity_id, alias)

    def update(self, article_ids: list[str], *, recount_all: bool = False) -> int:
        """Resolve the mentions of `article_ids`, attach them to stored entities, drop
        entities no mention refers to any more; return how many entities were created.

        `recount_all` refreshes every entity's counts: needed when articles were replaced
        or removed, since their old mentions (now gone) may have belonged to any entity.
        """
        created = 0
        conn = self.conn
        with transaction(conn):
            touched: set[int] = set()
            if article_ids:
                article_mentions, roles = read_mentions(conn, article_ids)
                resolution = resolve(article_mentions, self.overrides, roles)
                members: dict[int, list[tuple[str, int, int]]] = {}
                for key, index in resolution.assignments.items():
                    members.setdefault(index, []).append(key)
                for index, entity in enumerate(resolution.entities):
                    entity_id, new = self._stored_entity_for(entity)
                    created += new
                    touched.add(entity_id)
                    conn.executemany(
                        "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND block = ?"
                        " AND start = ?",
                        [(entity_id, *key) for key in members.get(index, [])],
                    )
            _recount(conn, touched, recount_all)
        return created

    def _stored_entity_for(self, entity: CanonicalEntity) -> tuple[int, bool]:
        """The id of the stored entity this one is (adding its new aliases), and whether new."""
        keys = sorted({name_key(alias) for alias in entity.aliases} - {""})
        row = self.conn.execute(
            "SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.alias IN (SELECT value FROM json_each(?)) AND e.type = ?"
            " ORDER BY e.mention_count DESC, e.id LIMIT 1",
            (json.dumps(keys), entity.type),
        ).fetchone()
        entity_id = row[0] if row else None
        if entity_id is None and entity.type == "PERSON":
            entity_id = self._same_person(keys)
        new = entity_id is None
        if entity_id is None:
            entity_id = self.conn.execute(
                "INSERT INTO entities (name, type, roles) VALUES (?, ?, ?)",
                (entity.name, entity.type, json.dumps(entity.roles, ensure_ascii=False)),
            ).lastrowid
        self.conn.executemany(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
            [(entity_id, key) for key in keys],
        )
        if entity.type == "PERSON":
            for key in keys:
                self._remember_person(int(entity_id), key)  # type: ignore[arg-type]
        return int(entity_id), new  # type: ignore[arg-type]

    def _same_person(self, keys: list[str]) -> int | None:
        """The one stored person all these names can be, if exactly one."""
        found: set[int] = set()
        for key in keys:
            name = split_person_name(key)
            if key in self.overrides.split or not name.surname:
                continue
            for entity_id, other in self.people.get(name.surname[:2], ()):
                if same_person(name, other):
                    found.add(entity_id)
        return found.pop() if len(found) == 1 else None

    def _remember_person(self, entity_id: int, alias: str) -> None:
        name = split_person_name(alias)
        if name.surname:
            self.people[name.surname[:2]].append((entity_id, name))


def update_entities(
    conn: sqlite3.Connection,
    article_ids: list[str],
    aliases_path: Path | None,
    *,
    recount_all: bool = False,
) -> int:
    """Resolve the mentions of `article_ids` once (see `IncrementalResolver.update`)."""
    return IncrementalResolver(conn, aliases_path).update(article_ids, recount_all=recount_all)


def _recount(conn: sqlite3.Connection, touched: set[int], recount_all: bool) -> None:
    """Fresh counts for the touched entities (or all); entities left without mentions go."""
    if recount_all:
        conn.execute(
            "UPDATE entities SET mention_count = c.n, article_count = c.a FROM"
            " (SELECT entity_id, count(*) AS n, count(DISTINCT article_id) AS a FROM mentions"
            "  WHERE entity_id IS NOT NULL GROUP BY entity_id) AS c"
            " WHERE c.entity_id = entities.id"
        )
    else:
        conn.executemany(
            "UPDATE entities SET"
            " mention_count = (SELECT count(*) FROM mentions WHERE entity_id = ?),"
            " article_count = (SELECT count(DISTINCT article_id) FROM mentions"
            "  WHERE entity_id = ?) WHERE id = ?",
            [(i, i, i) for i in touched],
        )
        # Only replaced or removed articles can leave an entity without mentions.
        conn.execute(
            "DELETE FROM entities WHERE NOT EXISTS"
            " (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)"
        )
