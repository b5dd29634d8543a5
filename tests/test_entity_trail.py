"""Following an entity: every mention, in the order the reader walks them, checked against
an order worked out by hand from the store."""

from __future__ import annotations

import sqlite3

from index.library import Library
from tui.data import EntityRow, LibraryGateway


def _trail_by_hand(
    db: sqlite3.Connection, where: str, params: list[object], order: list[str]
) -> list[tuple[str, int, int, int]]:
    """Articles of `order` first, in that order; the others newest first (no date last),
    then by title and id; in each article, mentions in reading order."""
    rows = [
        tuple(row)
        for row in db.execute(
            f"SELECT article_id, block, start, end FROM mentions WHERE {where}", params
        )
    ]
    info = {
        aid: (date, title)
        for aid, date, title in db.execute("SELECT id, date, title FROM articles")
    }
    rank = {article_id: i for i, article_id in enumerate(order)}
    others = sorted({r[0] for r in rows} - rank.keys(), key=lambda a: (info[a][1], a))
    others.sort(key=lambda a: info[a][0] or "", reverse=True)
    for article_id in others:
        rank[article_id] = len(rank)
    return sorted(rows, key=lambda r: (rank[r[0]], r[1], r[2]))


def test_trail_order_and_counts(seed_library: Library) -> None:
    gateway = LibraryGateway(seed_library)
    db = seed_library.store.conn
    listed = [row.id for row in gateway.summaries()]
    with db:  # two articles without a date, and mentions not resolved yet
        db.execute("UPDATE articles SET date = NULL WHERE id IN (?, ?)", (listed[0], listed[3]))
        db.execute("UPDATE mentions SET entity_id = NULL WHERE surface = 'Istanbul'")
    unresolved = EntityRow("surface:PLACE:istanbul", "Istanbul", "PLACE", 0, 0)
    entities = [*gateway.library_entities()[:8], unresolved]
    checked = 0
    for entity in entities:
        if entity.key.startswith("id:"):
            where, params = "entity_id = ?", [int(entity.key[3:])]
        else:
            _, kind, name = entity.key.split(":", 2)
            where, params = "entity_id IS NULL AND type = ? AND lower(surface) = ?", [kind, name]
        for order in ([], listed[::-1][:2], listed):
            trail = gateway.entity_trail(entity, order)
            expected = _trail_by_hand(db, where, params, order)
            assert [tuple(m) for m in trail.mentions] == expected
            counts: dict[str, int] = {}
            for article_id, *_ in expected:
                counts[article_id] = counts.get(article_id, 0) + 1
            assert trail.per_article == counts
            assert list(trail.per_article) == list(dict.fromkeys(r[0] for r in expected))
            checked += len(expected)
    assert checked > 100
    assert gateway.entity_trail(EntityRow("id:999999", "Nobody", "PERSON", 0, 0)).mentions == []


def test_trail_order_keeps_each_article_together_and_counts_it() -> None:
    """Sorted as NumPy columns: ranked articles first, then articles the ranking lacks,
    each one's mentions together (the cursor finds an article's mentions as one run)."""
    from tui.data import _in_trail_order
    from tui.mention_cursor import MentionCursor

    rows = [
        ("x", 2, 0, 3),
        ("b", 1, 9, 12),
        ("y", 0, 4, 6),
        ("a", 3, 1, 2),
        ("x", 0, 7, 9),
        ("b", 1, 2, 5),
        ("y", 5, 0, 2),
        ("a", 0, 8, 9),
    ]
    ordered, counts = _in_trail_order(rows, {"b": 0, "a": 1})
    by_hand = {"b": 0, "a": 1, "x": 2, "y": 3}  # the unranked ones after, each together
    assert ordered == sorted(rows, key=lambda row: (by_hand[row[0]], row[1], row[2]))
    assert counts == [("b", 2), ("a", 2), ("x", 2), ("y", 2)]
    given, counted = MentionCursor("E", ordered, counts), MentionCursor("E", ordered)
    for cursor in (given, counted):
        assert cursor.next("x", block=1).mention == ("x", 2, 0, 3)
        assert cursor.status() == "E · mention 6 of 8 · article 3 of 4"
    assert _in_trail_order([], {}) == ([], [])
