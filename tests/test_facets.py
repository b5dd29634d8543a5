"""The entity facets of a result set (the sidebar's counts during a search), checked
against counts made by hand from the mentions table."""

from __future__ import annotations

import sqlite3
import string

from index.library import Library
from tui.data import LibraryGateway


def _sqlite_lower(text: str) -> str:
    """SQLite's lower(): ASCII letters only ("É" stays)."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _facets_by_hand(db: sqlite3.Connection, ids: set[str]) -> dict[str, tuple[str, int]]:
    """Articles per entity counted in Python: the reference the gateway's SQL must match.
    A mention without an entity (or whose entity row is gone) counts by type and surface."""
    names = dict(db.execute("SELECT id, name FROM entities").fetchall())
    articles: dict[str, set[str]] = {}
    surfaces: dict[str, list[str]] = {}
    for article, eid, kind, surface in db.execute(
        "SELECT article_id, entity_id, type, surface FROM mentions"
    ).fetchall():
        if article not in ids:
            continue
        key = f"id:{eid}" if eid is not None else f"surface:{kind}:{_sqlite_lower(surface)}"
        articles.setdefault(key, set()).add(article)
        surfaces.setdefault(key, []).append(surface)
    facets: dict[str, tuple[str, int]] = {}
    for key, found in articles.items():
        name = names.get(int(key[3:])) if key.startswith("id:") else None
        facets[key] = (name or min(surfaces[key]), len(found))
    return facets


def test_search_facets_count_the_articles_of_each_entity(seed_library: Library) -> None:
    gateway = LibraryGateway(seed_library)
    db = seed_library.store.conn
    ids = [row.id for row in gateway.summaries()][:4]
    assert len(ids) == 4
    for _ in range(2):
        facets = gateway.facets(ids)
        expected = _facets_by_hand(db, set(ids))
        assert {f.key: (f.name, f.count) for f in facets} == expected
        order = [(-f.count, f.name.casefold(), f.key) for f in facets]
        assert order == sorted(order)
        # Then some mentions not resolved yet, and an entity row gone missing.
        with db:
            db.execute("UPDATE mentions SET entity_id = NULL WHERE start % 3 = 0")
            db.execute(
                "DELETE FROM entities WHERE id ="
                " (SELECT max(entity_id) FROM mentions WHERE article_id = ?)",
                (ids[0],),
            )
    assert any(f.key.startswith("surface:") for f in facets)
    assert len(gateway.facets(ids, limit=3)) == 3


def test_facets_of_a_big_result_set_name_each_entity_once(seed_library: Library) -> None:
    """Over 500 articles (the old query went 500 at a time) with mentions not resolved yet,
    spelt differently in the first 500 and the rest: one row per entity, counted over all
    the articles and named after all of them."""
    db = seed_library.store.conn
    ids = [f"bulk{n:04d}" for n in range(620)]
    with db:
        db.executemany(
            "INSERT INTO articles (id, title, path, content_hash) VALUES (?, ?, ?, ?)",
            [(i, f"Story {i}", f"/news/{i}.txt", f"hash-{i}") for i in ids],
        )
        db.executemany(
            "INSERT INTO mentions (article_id, block, start, end, surface, type, entity_id)"
            " VALUES (?, 0, ?, ?, ?, ?, NULL)",
            [
                row
                for n, i in enumerate(ids)
                for row in (
                    (i, 0, 4, "zola" if n < 500 else "Zola", "PERSON"),
                    (i, 10, 15, "Émile" if n % 2 else "ÉMILE", "PERSON"),
                )
            ],
        )
    facets = LibraryGateway(seed_library).facets(ids)
    assert {f.key: (f.name, f.count) for f in facets} == _facets_by_hand(db, set(ids))
    assert ("surface:PERSON:zola", "Zola", 620) in {(f.key, f.name, f.count) for f in facets}


def _library_entities_by_hand(db: sqlite3.Connection) -> list[tuple[str, str, str, int, int]]:
    """Every entity of the library counted from its mentions in Python, most mentioned
    first: (key, name, type, mentions, articles)."""
    entities = {
        eid: (name, kind) for eid, name, kind in db.execute("SELECT id, name, type FROM entities")
    }
    mentions: dict[str, int] = {}
    articles: dict[str, set[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    for article, eid, kind, surface in db.execute(
        "SELECT article_id, entity_id, type, surface FROM mentions"
    ):
        key = f"id:{eid}" if eid is not None else f"surface:{kind}:{_sqlite_lower(surface)}"
        mentions[key] = mentions.get(key, 0) + 1
        articles.setdefault(key, set()).add(article)
        name = entities[eid] if eid is not None else (surface, kind)
        if key not in names or (eid is None and name < names[key]):
            names[key] = name
    rows = [(key, *names[key], mentions[key], len(articles[key])) for key in mentions]
    # Most mentioned first, then by name and type; entities before unresolved surfaces.
    rows.sort(key=lambda row: (-row[3], row[1], row[2], _key_order(row[0])))
    return rows


def _key_order(key: str) -> tuple[int, int, str]:
    """Entities by id (as numbers), then unresolved surfaces by their lowercase form."""
    if key.startswith("id:"):
        return (0, int(key[3:]), "")
    return (1, 0, key.rsplit(":", 1)[1])


def test_library_entities_are_every_mention_counted(seed_library: Library) -> None:
    """The sidebar's library scope: the entities table's counts (kept by each resolution)
    are the mentions' own, and mentions not resolved yet are counted by type and surface."""
    from index.entities.incremental import _recount_all

    gateway = LibraryGateway(seed_library)
    db = seed_library.store.conn

    def listed(limit: int = 1000) -> list[tuple[str, str, str, int, int]]:
        return [
            (e.key, e.name, e.type, e.count, e.articles) for e in gateway.library_entities(limit)
        ]

    expected = _library_entities_by_hand(db)
    assert len(expected) > 50 and listed() == expected
    with db:  # an add whose entities are not resolved yet
        db.execute("UPDATE mentions SET entity_id = NULL WHERE start % 4 = 0")
        _recount_all(db)
    expected = _library_entities_by_hand(db)
    assert any(key.startswith("surface:") for key, *_ in expected[:20])
    assert listed() == expected
    assert listed(7) == expected[:7]
    # Same name, same count: the limit keeps the one the order puts first, whatever the
    # order SQLite reads them in (ids 12 and 3 compare the other way as strings).
    (article,) = db.execute("SELECT id FROM articles LIMIT 1").fetchone()
    with db:
        for eid, kind in ((12, "PLACE"), (3, "PLACE"), (40, "PERSON")):
            db.execute("DELETE FROM entities WHERE id = ?", (eid,))
            db.execute("UPDATE mentions SET entity_id = NULL WHERE entity_id = ?", (eid,))
            db.execute("INSERT INTO entities (id, name, type) VALUES (?, 'Jordan', ?)", (eid, kind))
            db.executemany(
                "INSERT INTO mentions (article_id, block, start, end, surface, type, entity_id)"
                " VALUES (?, 0, ?, ?, 'Jordan', ?, ?)",
                [(article, 10_000 * eid + n, 10_000 * eid + n + 6, kind, eid) for n in range(500)],
            )
        _recount_all(db)
    expected = _library_entities_by_hand(db)
    assert [key for key, *_ in expected[:3]] == ["id:40", "id:3", "id:12"]
    for limit in (1, 2, 3, 4):
        assert listed(limit) == expected[:limit]
