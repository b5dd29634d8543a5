"""Related passages: follow one paragraph's story into the other articles of the library.

A passage is related to another when they name the same entities (each weighted by its
rarity across the library's articles) and share telling words. Candidates come from one
Whoosh query over the passage index (the entities' surface forms and the passage's key
terms, with the passage's own article masked out); they are then scored in Python:

    score = ENTITY_WEIGHT * entity_similarity + TEXT_WEIGHT * text_similarity

both cosines in [0, 1] — idf-weighted entity sets, and tf-idf term vectors read from the
index's term vectors. Copies of the passage (word-shingle Jaccard >= NEAR_DUPLICATE, or the
same text), boilerplate (short paragraphs, or text found in BOILERPLATE_COPIES passages or
more) and copies of an already chosen result are dropped. Every call opens its own searcher
and only reads, so calls may run in worker threads.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whoosh import query
from whoosh.searching import Searcher

from index.passages import (
    PassageIndex,
    is_short,
    passage_index_for,
    passage_key,
    text_fingerprint,
)
from index.search import entity_key
from index.store import Store

if TYPE_CHECKING:
    from index.library import Library

ENTITY_WEIGHT = 0.55
TEXT_WEIGHT = 0.45
CANDIDATES = 60
QUERY_TERMS = 20
NEAR_DUPLICATE = 0.8
BOILERPLATE_COPIES = 3
MIN_SCORE = 0.05
REASON_ITEMS = 4
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class RelatedPassage:
    """A passage of another article related to the one asked about, and why."""

    article_id: str
    block: int
    score: float
    reason: str
    text: str
    title: str = ""
    shared_entities: tuple[str, ...] = ()
    shared_terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Entity:
    id: int
    name: str
    idf: float


def related(library: Library, article_id: str, block: int, limit: int = 10) -> list[RelatedPassage]:
    """Passages of other articles of `library` related to block `block` of `article_id`.

    `article_id` may be a unique prefix. Returns [] for a block that is no passage (a
    subheading, a short or boilerplate paragraph); raises LookupError for an unknown article
    or block index.
    """
    return related_passages(library.store, passage_index_for(library), article_id, block, limit)


def related_passages(
    store: Store, passages: PassageIndex, article_id: str, block: int, limit: int = 10
) -> list[RelatedPassage]:
    """`related` over an explicit store and passage index."""
    conn = store.conn
    source_id = _resolve_article_id(store, article_id)
    row = conn.execute(
        "SELECT kind, text FROM blocks WHERE article_id = ? AND idx = ?", (source_id, block)
    ).fetchone()
    if row is None:
        raise LookupError(f"article {source_id} has no block {block}")
    kind, source_text = row
    if kind != "paragraph" or is_short(source_text) or limit <= 0:
        return []
    entities = _source_entities(store, source_id, block)
    with passages.searcher() as s:
        fingerprint = text_fingerprint(source_text)
        if s.doc_frequency("fingerprint", fingerprint) >= BOILERPLATE_COPIES:
            return []
        analyzer = s.schema["text"].analyzer
        term_counts, surface_of = _analyse(analyzer, source_text)
        idf = _TermIdf(s)
        source_vector = {t: _tf(n) * idf(t) for t, n in term_counts.items()}
        key_terms = sorted(source_vector, key=lambda t: (-source_vector[t], t))[:QUERY_TERMS]
        candidates = _candidates(s, source_id, source_vector, key_terms, entities, store)
        if not candidates:
            return []
        scored = _score(s, store, candidates, source_vector, key_terms, entities, idf, fingerprint)
    entity_stems = {t.text for e in entities.values() for t in analyzer(e.name)}
    return _choose(store, scored, source_text, limit, surface_of, entity_stems)


def _resolve_article_id(store: Store, article_id: str) -> str:
    row = store.conn.execute("SELECT id FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None and article_id:
        rows = store.conn.execute(
            "SELECT id FROM articles WHERE id LIKE ? LIMIT 2", (article_id.replace("%", "") + "%",)
        ).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise LookupError(f"no article with id {article_id}")
    return row[0]


def _source_entities(store: Store, article_id: str, block: int) -> dict[int, _Entity]:
    """The resolved entities the passage names, with their idf over the library's articles."""
    (total,) = store.conn.execute("SELECT count(*) FROM articles").fetchone()
    rows = store.conn.execute(
        "SELECT DISTINCT e.id, e.name, e.article_count FROM mentions m"
        " JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? AND m.block = ?",
        (article_id, block),
    )
    return {eid: _Entity(eid, name, _entity_idf(total, df)) for eid, name, df in rows}


def _entity_idf(total_articles: int, article_count: int) -> float:
    return math.log((total_articles + 1) / max(article_count, 1))


def _tf(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


class _TermIdf:
    """Inverse document frequencies of text terms, looked up once per call."""

    def __init__(self, searcher: Searcher) -> None:
        self._reader = searcher.reader()
        self._total = searcher.doc_count_all()
        self._cache: dict[str, float] = {}

    def __call__(self, term: str) -> float:
        value = self._cache.get(term)
        if value is None:
            df = self._reader.doc_frequency("text", term)
            value = self._cache[term] = math.log((self._total + 1) / (df + 1)) + 1.0
        return value


def _analyse(analyzer: object, text: str) -> tuple[Counter[str], dict[str, str]]:
    """Stemmed term counts of a text, and the first word each stem came from."""
    counts: Counter[str] = Counter()
    surface_of: dict[str, str] = {}
    for token in analyzer(text, chars=True):  # type: ignore[operator]
        counts[token.text] += 1
        surface_of.setdefault(token.text, text[token.startchar : token.endchar])
    return counts, surface_of


def _candidates(
    s: Searcher,
    source_id: str,
    source_vector: dict[str, float],
    key_terms: list[str],
    entities: dict[int, _Entity],
    store: Store,
) -> list[tuple[int, str, int]]:
    """(docnum, article id, block) of the passages one query finds most alike."""
    top_weight = max((source_vector[t] for t in key_terms), default=1.0)
    clauses: list[query.Query] = [
        query.Term("text", t, boost=source_vector[t] / top_weight) for t in key_terms
    ]
    top_idf = max((e.idf for e in entities.values()), default=1.0) or 1.0
    for entity_id, surface in _entity_surfaces(store, entities):
        boost = 2.0 * max(entities[entity_id].idf, 0.05) / top_idf
        clauses.append(query.Term("entities", surface, boost=boost))
    if not clauses:
        return []
    mask = query.Or([query.Term("article_id", source_id), query.Term("short", True)])
    hits = s.search(query.Or(clauses), limit=CANDIDATES, mask=mask)
    found: list[tuple[int, str, int]] = []
    for hit in hits:
        stored = hit.fields()
        found.append((hit.docnum, stored["article_id"], int(stored["block"])))
    return found


def _entity_surfaces(store: Store, entities: dict[int, _Entity]) -> set[tuple[int, str]]:
    """Every normalised surface form under which the library mentions these entities."""
    if not entities:
        return set()
    marks = ",".join("?" * len(entities))
    rows = store.conn.execute(
        f"SELECT DISTINCT entity_id, surface FROM mentions WHERE entity_id IN ({marks})",
        list(entities),
    )
    return {(entity_id, entity_key(surface)) for entity_id, surface in rows}


@dataclass(slots=True)
class _Scored:
    article_id: str
    block: int
    score: float
    shared_entities: list[_Entity]
    shared_terms: list[str]


def _score(
    s: Searcher,
    store: Store,
    candidates: list[tuple[int, str, int]],
    source_vector: dict[str, float],
    key_terms: list[str],
    entities: dict[int, _Entity],
    idf: _TermIdf,
    source_fingerprint: str,
) -> list[_Scored]:
    """Score each candidate; drop copies of the passage and boilerplate."""
    source_norm = math.sqrt(sum(w * w for w in source_vector.values())) or 1.0
    entity_norm = math.sqrt(sum(e.idf**2 for e in entities.values()))
    candidate_entities = _block_entities(store, [(a, b) for _, a, b in candidates])
    (total,) = store.conn.execute("SELECT count(*) FROM articles").fetchone()
    key_rank = {t: i for i, t in enumerate(key_terms)}
    scored: list[_Scored] = []
    for docnum, article_id, block in candidates:
        fingerprint = s.stored_fields(docnum).get("fingerprint", "")
        if fingerprint == source_fingerprint:
            continue
        if s.doc_frequency("fingerprint", fingerprint) >= BOILERPLATE_COPIES:
            continue
        dot = norm = 0.0
        shared_terms: list[str] = []
        for term, count in s.vector_as("weight", docnum, "text"):
            weight = _tf(count) * idf(term)
            norm += weight * weight
            if term in source_vector:
                dot += weight * source_vector[term]
                if term in key_rank:
                    shared_terms.append(term)
        text_similarity = dot / (source_norm * math.sqrt(norm)) if norm else 0.0
        theirs = candidate_entities.get((article_id, block), {})
        shared = [entities[eid] for eid in theirs if eid in entities]
        entity_similarity = 0.0
        if shared and entity_norm:
            their_norm = math.sqrt(sum(_entity_idf(total, df) ** 2 for df in theirs.values()))
            entity_similarity = sum(e.idf**2 for e in shared) / (entity_norm * their_norm)
        if entities:
            score = ENTITY_WEIGHT * entity_similarity + TEXT_WEIGHT * text_similarity
        else:
            score = text_similarity
        shared.sort(key=lambda e: (-e.idf, e.name))
        shared_terms.sort(key=key_rank.__getitem__)
        scored.append(_Scored(article_id, block, score, shared, shared_terms))
    return scored


def _block_entities(
    store: Store, blocks: list[tuple[str, int]]
) -> dict[tuple[str, int], dict[int, int]]:
    """Per (article id, block): entity id -> that entity's article count."""
    out: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
    if not blocks:
        return out
    values = ",".join("(?, ?)" for _ in blocks)
    rows = store.conn.execute(
        "SELECT m.article_id, m.block, m.entity_id, e.article_count FROM mentions m"
        " JOIN entities e ON e.id = m.entity_id"
        f" WHERE (m.article_id, m.block) IN (VALUES {values})",
        [x for pair in blocks for x in pair],
    )
    for article_id, block, entity_id, article_count in rows:
        out[(article_id, block)][entity_id] = article_count
    return out


def _choose(
    store: Store,
    scored: list[_Scored],
    source_text: str,
    limit: int,
    surface_of: dict[str, str],
    entity_stems: set[str],
) -> list[RelatedPassage]:
    """The best `limit` candidates, with near-copies of the source or of each other dropped."""
    scored = [c for c in scored if c.score >= MIN_SCORE]
    scored.sort(key=lambda c: (-c.score, c.article_id, c.block))
    texts = _block_texts(store, [(c.article_id, c.block) for c in scored[: limit * 3]])
    article_ids = sorted({article_id for article_id, _ in texts})
    titles = dict(
        store.conn.execute(
            f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(article_ids))})",
            article_ids,
        ).fetchall()
    )
    kept_shingles = [_shingles(source_text)]
    chosen: list[RelatedPassage] = []
    for candidate in scored[: limit * 3]:
        text = texts.get((candidate.article_id, candidate.block))
        if text is None:
            continue  # the index is a step behind the store
        shingles = _shingles(text)
        if any(_jaccard(shingles, seen) >= NEAR_DUPLICATE for seen in kept_shingles):
            continue
        kept_shingles.append(shingles)
        names = tuple(e.name for e in candidate.shared_entities)
        terms = tuple(
            surface_of.get(t, t).lower() for t in candidate.shared_terms if t not in entity_stems
        )
        chosen.append(
            RelatedPassage(
                candidate.article_id,
                candidate.block,
                round(candidate.score, 4),
                _reason(names, terms),
                text,
                titles.get(candidate.article_id, ""),
                names,
                terms,
            )
        )
        if len(chosen) == limit:
            break
    return chosen


def _block_texts(store: Store, blocks: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    if not blocks:
        return {}
    values = ",".join("(?, ?)" for _ in blocks)
    rows = store.conn.execute(
        f"SELECT article_id, idx, text FROM blocks WHERE (article_id, idx) IN (VALUES {values})",
        [x for pair in blocks for x in pair],
    )
    return {(article_id, idx): text for article_id, idx, text in rows}


def _reason(entity_names: Iterable[str], terms: Iterable[str]) -> str:
    """A short explanation: "shares Rubio, Lavrov; terms: call, peace"."""
    names = list(dict.fromkeys(entity_names))[:REASON_ITEMS]
    words = list(dict.fromkeys(terms))[:REASON_ITEMS]
    parts = []
    if names:
        parts.append("shares " + ", ".join(names))
    if words:
        parts.append("terms: " + ", ".join(words))
    return "; ".join(parts) or "similar wording"


def _shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {tuple(words)}
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


__all__ = ["RelatedPassage", "passage_key", "related", "related_passages"]
