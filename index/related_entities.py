"""The entity side of related passages: which entities a passage names, how rare they are
across the library, and which entities the candidate passages name (see `index.related`)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from index.search import entity_key
from index.store import Store


@dataclass(frozen=True, slots=True)
class PassageEntity:
    """An entity a passage names, with its idf over the library's articles."""

    id: int
    name: str
    idf: float


def source_entities(store: Store, article_id: str, block: int) -> dict[int, PassageEntity]:
    """The resolved entities the passage names, with their idf over the library's articles.

    Entities named in every article (idf 0) tell nothing about this passage and are left out.
    """
    (total,) = store.conn.execute("SELECT count(*) FROM articles").fetchone()
    rows = store.conn.execute(
        "SELECT DISTINCT e.id, e.name, e.article_count FROM mentions m"
        " JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? AND m.block = ?",
        (article_id, block),
    )
    found = {eid: PassageEntity(eid, name, entity_idf(total, df)) for eid, name, df in rows}
    return {eid: entity for eid, entity in found.items() if entity.idf > 0}


def mention_surfaces(
    store: Store, article_id: str, block: int, entities: dict[int, PassageEntity]
) -> set[str]:
    """The names in the passage: its mentions as written, and their entities' names."""
    rows = store.conn.execute(
        "SELECT surface FROM mentions WHERE article_id = ? AND block = ?", (article_id, block)
    )
    return {surface for (surface,) in rows} | {e.name for e in entities.values()}


def entity_idf(total_articles: int, article_count: int) -> float:
    """log(articles / articles naming the entity): 0 for an entity named everywhere."""
    return max(math.log(max(total_articles, 1) / max(article_count, 1)), 0.0)


def entity_surfaces(store: Store, entities: dict[int, PassageEntity]) -> set[tuple[int, str]]:
    """Every normalised surface form under which the library mentions these entities.

    Steps from one distinct surface of an entity to the next in the mentions-by-entity index,
    a seek each: reading every mention of the commonest entities took ~100 ms at 100,000
    articles. While a bulk add has that index dropped, the alias table stands in: it holds
    each surface's `name_key`, looked up as itself and as the indexed form of it.
    """
    if not entities:
        return set()
    conn = store.conn
    if not store.has_index("mentions_entity"):
        marks = ",".join("?" * len(entities))
        rows = conn.execute(
            f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks})",
            list(entities),
        )
        return {(eid, key) for eid, alias in rows for key in (alias, entity_key(alias))}
    found: set[tuple[int, str]] = set()
    for entity_id in entities:
        (surface,) = conn.execute(_FIRST_SURFACE, (entity_id,)).fetchone()
        while surface is not None:
            found.add((entity_id, entity_key(surface)))
            row = conn.execute(_NEXT_SURFACE, (entity_id, surface)).fetchone()
            surface = row[0] if row else None
    return found


_FIRST_SURFACE = "SELECT min(surface) FROM mentions WHERE entity_id = ?"
_NEXT_SURFACE = (
    "SELECT surface FROM mentions WHERE entity_id = ? AND surface > ? ORDER BY surface LIMIT 1"
)


def block_entities(
    store: Store, blocks: list[tuple[str, int]]
) -> dict[tuple[str, int], dict[int, int]]:
    """Per (article id, block): entity id -> that entity's article count."""
    out: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
    wanted = set(blocks)
    article_ids = sorted({article_id for article_id, _ in wanted})
    if not article_ids:
        return out
    # By article id (the primary key's prefix), not by (article, block) row values, which
    # SQLite answers with a scan of the whole table.
    rows = store.conn.execute(
        "SELECT m.article_id, m.block, m.entity_id, e.article_count FROM mentions m"
        " JOIN entities e ON e.id = m.entity_id"
        f" WHERE m.article_id IN ({','.join('?' * len(article_ids))})",
        article_ids,
    )
    for article_id, block, entity_id, article_count in rows:
        if (article_id, block) in wanted:
            out[(article_id, block)][entity_id] = article_count
    return out
