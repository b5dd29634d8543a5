"""Resolving only the articles an `add` changed, against the entities already stored.

A full `rebuild_entities` reads every mention of the library: about a minute at 100,000
articles, too long for adding a handful of files. Here the changed articles are resolved
among themselves with the same rules, and each entity found joins the stored entity of the
same type that shares one of its aliases (the most mentioned, if several) or, for a person,
the one stored person whose name it can be ("Sergei Lavrov" for "Sergey Lavrov", "Lavrov"),
or becomes a new one. Display names keep the first form seen; in a library of up to
`ONE_PASS_MAX_ARTICLES` the next rebuild (on `reindex --entities`, an aliases.toml change, or
an add that changes a large part of it) picks the most complete common form again. A bigger
library is rebuilt with this resolver too, a batch at a time (`catalog.rebuild_entities`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from index.entities.aliases import AliasOverrides
from index.entities.catalog import StoredMentions, read_mentions, transaction
from index.entities.known import name_key
from index.entities.names import (
    LONE_MAX_EDITS,
    PersonName,
    max_edits,
    same_person,
    split_person_name,
)
from index.entities.resolve import Resolution, resolve
from index.schema import MENTIONS_BY_ENTITY, has_index


class IncrementalResolver:
    """Resolves batches of changed articles against the stored entities.

    Keeps the stored people in memory by the first letters of their surname, so a spelling
    variant or a lone surname finds its person without scanning the alias table.
    """

    def __init__(self, conn: sqlite3.Connection, aliases_path: Path | None) -> None:
        self.conn = conn
        self.overrides = AliasOverrides.load(aliases_path) if aliases_path else AliasOverrides()
        self.people: dict[str, list[tuple[int, PersonName]]] = defaultdict(list)
        self.surnames: dict[str, list[str]] = defaultdict(list)  # first letters -> surnames
        self._known_surnames: set[str] = set()
        rows = conn.execute(
            "SELECT a.entity_id, a.alias FROM entity_aliases a"
            " JOIN entities e ON e.id = a.entity_id WHERE e.type = 'PERSON'"
        )
        for entity_id, alias in rows:
            self._remember_person(entity_id, alias)

    def update(
        self,
        article_ids: list[str],
        *,
        recount_all: bool = False,
        mentions: StoredMentions | None = None,
        resolution: Resolution | None = None,
    ) -> int:
        """Resolve the mentions of `article_ids`, attach them to stored entities, drop
        entities no mention refers to any more; return how many entities were created.

        `recount_all` refreshes every entity's counts: needed when articles were replaced
        or removed, since their old mentions (now gone) may have belonged to any entity.
        Each step is one statement for the whole batch, not one per entity. `mentions`, when
        the caller still holds them (`mentions_in_memory`), saves reading them back;
        `resolution`, the result of `resolve` on them (made in a worker process), saves that too.
        """
        conn = self.conn
        created = 0
        with transaction(conn):
            if article_ids:
                if resolution is None:
                    article_mentions, roles = mentions or read_mentions(conn, article_ids)
                    resolution = resolve(article_mentions, self.overrides, roles)
                keys_of = [
                    sorted({name_key(a) for a in entity.aliases} - {""})
                    for entity in resolution.entities
                ]
                stored = self._stored_by_alias({k for keys in keys_of for k in keys})
                next_id = (conn.execute("SELECT max(id) FROM entities").fetchone()[0] or 0) + 1
                ids: list[int] = []
                new_rows: list[tuple[int, str, str, str]] = []
                for entity, keys in zip(resolution.entities, keys_of, strict=True):
                    match_keys = _matching_keys(entity.type, keys)
                    entity_id = _best_match(stored, match_keys, entity.type)
                    if entity_id is None and entity.type == "PERSON":
                        entity_id = self._same_person(match_keys)
                    if entity_id is None:
                        entity_id, next_id = next_id, next_id + 1
                        roles_json = json.dumps(entity.roles, ensure_ascii=False)
                        new_rows.append((entity_id, entity.name, entity.type, roles_json))
                        for key in keys:  # later entities of this batch may share an alias
                            stored.setdefault(key, []).append((entity_id, entity.type, 0))
                    if entity.type == "PERSON":
                        for key in keys:
                            self._remember_person(entity_id, key)
                    ids.append(entity_id)
                conn.executemany(
                    "INSERT INTO entities (id, name, type, roles) VALUES (?, ?, ?, ?)", new_rows
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
                    [(ids[i], key) for i, keys in enumerate(keys_of) for key in keys],
                )
                conn.executemany(
                    "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND block = ?"
                    " AND start = ?",
                    [(ids[i], *key) for key, i in sorted(resolution.assignments.items())],
                )
                created = len(new_rows)
                if not recount_all:
                    # Fresh articles only: add their counts instead of recounting entities
                    # that may have many thousands of mentions already.
                    mentions: Counter[int] = Counter()
                    articles: dict[int, set[str]] = defaultdict(set)
                    for (article_id, _block, _start), i in resolution.assignments.items():
                        mentions[ids[i]] += 1
                        articles[ids[i]].add(article_id)
                    conn.executemany(
                        "UPDATE entities SET mention_count = mention_count + ?,"
                        " article_count = article_count + ? WHERE id = ?",
                        [(n, len(articles[e]), e) for e, n in mentions.items()],
                    )
            if recount_all:
                _recount_all(conn)
        return created

    def _stored_by_alias(self, keys: set[str]) -> dict[str, list[tuple[int, str, int]]]:
        """(entity id, type, mention count) of the stored entities having each alias."""
        found: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
        rows = self.conn.execute(
            "SELECT a.alias, e.id, e.type, e.mention_count FROM entity_aliases a"
            " JOIN entities e ON e.id = a.entity_id"
            " WHERE a.alias IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(keys)),),
        )
        for alias, entity_id, entity_type, mentions in rows:
            found[alias].append((entity_id, entity_type, mentions))
        return found

    def _same_person(self, keys: list[str]) -> int | None:
        """The one stored person all these names can be, if exactly one.

        Same surname first (a dict lookup); spelling variants ("Zelenskyy") are looked for
        among surnames sharing the first letters, compared in C by rapidfuzz. A name is
        compared with stored names at least as complete only: any "Blair" is a "Blair", but
        the "Blair" or "T Blair" of Tony Blair's entity says nothing about Cherie Blair.
        """
        found: set[int] = set()
        for key in keys:
            name = split_person_name(key)
            if key in self.overrides.split or not name.surname:
                continue
            surnames = [name.surname] if name.surname in self.people else []
            if not surnames:
                bucket = self.surnames.get(name.surname[:2], ())
                limit = max_edits(len(name.surname))
                if not name.has_first:
                    limit = min(limit, LONE_MAX_EDITS)
                if limit and bucket:
                    surnames = [
                        match
                        for match, _score, _i in process.extract(
                            name.surname,
                            bucket,
                            scorer=Levenshtein.distance,
                            score_cutoff=limit,
                            limit=None,
                        )
                    ]
            for surname in surnames:
                rank = name.completeness
                for entity_id, other in self.people[surname]:
                    if other.completeness >= rank and same_person(name, other):
                        found.add(entity_id)
        return found.pop() if len(found) == 1 else None

    def _remember_person(self, entity_id: int, alias: str) -> None:
        name = split_person_name(alias)
        if name.surname:
            self.people[name.surname].append((entity_id, name))
            bucket = self.surnames[name.surname[:2]]
            if name.surname not in self._known_surnames:
                self._known_surnames.add(name.surname)
                bucket.append(name.surname)


def _matching_keys(entity_type: str, keys: list[str]) -> list[str]:
    """The aliases by which an entity of a batch may join a stored one: a person's most
    complete names ("Cherie Blair", not the "Blair" her article also calls her, which
    Tony Blair's entity holds too; "Shane Williams", not "S Williams"); all, for others."""
    if entity_type != "PERSON" or not keys:
        return keys
    ranks = [split_person_name(key).completeness for key in keys]
    best = max(ranks)
    return [key for key, rank in zip(keys, ranks, strict=True) if rank == best]


def _best_match(
    stored: dict[str, list[tuple[int, str, int]]], keys: list[str], entity_type: str
) -> int | None:
    """The most mentioned stored entity of this type sharing one of the aliases."""
    candidates = [c for key in keys for c in stored.get(key, ()) if c[1] == entity_type]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (-c[2], c[0]))[0]


def update_entities(
    conn: sqlite3.Connection,
    article_ids: list[str],
    aliases_path: Path | None,
    *,
    recount_all: bool = False,
) -> int:
    """Resolve the mentions of `article_ids` once (see `IncrementalResolver.update`), then
    settle names with what the whole library says (`settle.settle_names`)."""
    from index.entities.settle import settle_names

    resolver = IncrementalResolver(conn, aliases_path)
    created = resolver.update(article_ids, recount_all=recount_all)
    settle_names(conn, resolver.overrides)
    return created


def _recount_all(conn: sqlite3.Connection) -> None:
    """Fresh counts for every entity; entities left without mentions go."""
    conn.execute(
        "UPDATE entities SET mention_count = c.n, article_count = c.a FROM"
        " (SELECT entity_id, count(*) AS n, count(DISTINCT article_id) AS a FROM mentions"
        "  WHERE entity_id IS NOT NULL GROUP BY entity_id) AS c"
        " WHERE c.entity_id = entities.id"
    )
    conn.execute(
        "DELETE FROM entities WHERE NOT EXISTS"
        " (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)"
    )


def drop_mention_index(conn: sqlite3.Connection) -> None:
    """Before a bulk add: without the mentions-by-entity index each mention stored is a row
    appended in article order instead of one more random page written to disk (at 100,000
    articles that index made an add write ~50 GB). `restore_mention_index` builds it again."""
    with transaction(conn):
        conn.execute("DROP INDEX IF EXISTS mentions_entity")


def restore_mention_index(conn: sqlite3.Connection) -> bool:
    """Build the mentions-by-entity index if a bulk add dropped it, then recount every
    entity (the counts of articles replaced meanwhile were not kept up); True if it did."""
    if has_index(conn, "mentions_entity"):
        return False
    with transaction(conn):
        conn.execute(MENTIONS_BY_ENTITY)
        _recount_all(conn)
    return True
