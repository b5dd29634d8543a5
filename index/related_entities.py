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

    Read from the alias table, which holds every name a resolved mention of the entity was
    written with (and the names `aliases.toml` merges into it): scanning the mentions
    themselves read ~60,000 rows for the commonest entities of a 100,000-article library.
    """
    if not entities:
        return set()
    marks = ",".join("?" * len(entities))
    rows = store.conn.execute(
        f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks})",
        list(entities),
    )
    return {(entity_id, entity_key(alias)) for entity_id, alias in rows}


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
