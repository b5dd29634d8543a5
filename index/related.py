"""Related passages: follow one paragraph's story into the other articles of the library.

A passage is related to another when they name the same entities (each weighted by its
rarity across the library's articles) and share telling words. Candidates are gathered by
reading the passage index's posting lists for the passage's key terms and for every surface
form of its entities (the passage's own article left out), then scored:

    score = ENTITY_WEIGHT * entity_similarity + TEXT_WEIGHT * text_similarity

entity_similarity is the idf-weighted Jaccard of the two entity sets (entities as resolved in
the store now, so alias corrections and renumbering need no reindex); text_similarity is the
square root of the candidate's BM25 score over the key terms divided by the passage's score
against itself (names left out of the terms: they count once, as entities).
Copies of the passage (same words, or word-shingle Jaccard >= NEAR_DUPLICATE), boilerplate
(short paragraphs, or text found in BOILERPLATE_COPIES passages or more) and near-copies of
an already chosen result are dropped. Every call opens its own searcher and only reads, so
calls may run in worker threads.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh.analysis import Analyzer
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from index.block_search import posting_ids
from index.passages import (
    NEAR_DUPLICATE,
    PassageIndex,
    is_short,
    jaccard,
    passage_index_for,
    text_fingerprint,
    word_shingles,
)
from index.related_entities import (
    PassageEntity,
    block_entities,
    entity_idf,
    entity_surfaces,
    mention_surfaces,
    source_entities,
)
from index.store import Store
from index.top_matches import best_documents

if TYPE_CHECKING:
    from index.library import Library
    from index.models import Article

ENTITY_WEIGHT = 0.55
TEXT_WEIGHT = 0.45
CANDIDATES = 40
QUERY_TERMS = 20
MAX_TERM_SHARE = 0.1  # terms in more of the passages than this are too common to count...
COMMON_TERM_FLOOR = 20  # ...unless the library is so small that 20 passages is a big share
BM25_K1, BM25_B = 1.2, 0.75
BOILERPLATE_COPIES = 3
MIN_SCORE = 0.08
REASON_ITEMS = 4


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


def related(
    library: Library, article_id: str, block: int, limit: int = 10, *, catch_up: bool = True
) -> list[RelatedPassage]:
    """Passages of other articles of `library` related to block `block` of `article_id`.

    `article_id` may be a unique prefix. Returns [] for a block that is no passage (a
    subheading, a short or boilerplate paragraph); raises LookupError for an unknown article
    or block index. `catch_up=False` searches the passage index as it is, without first
    bringing it in step with the store (another process is doing that).
    """
    passages = passage_index_for(library, catch_up=catch_up)
    return related_passages(library.store, passages, article_id, block, limit)


def related_passages(
    store: Store, passages: PassageIndex, article_id: str, block: int, limit: int = 10
) -> list[RelatedPassage]:
    """`related` over an explicit store and passage index."""
    article = store.article(article_id)  # also takes a unique prefix
    if article is None:
        raise LookupError(f"no article with id {article_id}")
    if not 0 <= block < len(article.blocks):
        raise LookupError(f"article {article.id} has no block {block}")
    source_id, source_text = article.id, article.blocks[block].text
    if article.blocks[block].kind != "paragraph" or is_short(source_text) or limit <= 0:
        return []
    entities = source_entities(store, source_id, block)
    with passages.searcher() as s:
        reader = s.reader()
        fingerprint = text_fingerprint(source_text)
        if reader.doc_frequency("fingerprint", fingerprint) >= BOILERPLATE_COPIES:
            return []
        analyzer = s.schema["text"].analyzer
        term_counts, surface_of = _analyse(analyzer, source_text)
        # Names count once, as entities: as words too they would swamp the rest of the text.
        for name in mention_surfaces(store, source_id, block, entities):
            for token in analyzer(name):
                term_counts.pop(token.text, None)
        # Not indexed yet (a catch-up in progress): nothing of its own to leave out.
        own_passages = set(posting_ids(reader, "article_id", source_id))
        headline = _analyse(analyzer, f"{article.title}\n{article.subtitle or ''}")[0]
        own_term_counts = _own_passage_terms(s, analyzer, article, own_passages)
        text = _TextQuery(reader, term_counts, own_term_counts, headline)
        ranked = _gather(reader, text, entity_surfaces(store, entities), entities, own_passages)
        candidates = _shortlist(s, ranked, text, fingerprint)
        scored = _score(store, candidates, text, entities)
    return _choose(store, scored, source_text, limit, surface_of)


def _tf(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


def _analyse(analyzer: Analyzer, text: str) -> tuple[Counter[str], dict[str, str]]:
    """Stemmed term counts of a text, and the first word each stem came from."""
    counts: Counter[str] = Counter()
    surface_of: dict[str, str] = {}
    for token in analyzer(text, chars=True):
        counts[token.text] += 1
        surface_of.setdefault(token.text, text[token.startchar : token.endchar])
    return counts, surface_of


class _TextQuery:
    """The passage's key terms with BM25 weights, and the score the passage gives itself.

    A term weighs more when other paragraphs of the passage's own article, or its title and
    subtitle, use it too: the words an article puts in its headline and keeps coming back to
    are its story's ("prisoner swaps"), not asides.
    Text similarity is a candidate's BM25 score over these terms divided by that self
    score, so it reads as a fraction in [0, 1] whatever the passage's length.
    """

    def __init__(
        self,
        reader: IndexReader,
        term_counts: Counter[str],
        own_term_counts: Counter[str],
        headline: Counter[str],
    ) -> None:
        total = max(reader.doc_count_all(), 1)
        self.average_length = reader.field_length("text") / total or 1.0
        weights: dict[str, float] = {}
        self.idf: dict[str, float] = {}
        for term, count in term_counts.items():
            df = reader.doc_frequency("text", term)
            if df == 0 or df > max(MAX_TERM_SHARE * total, COMMON_TERM_FLOOR):
                continue  # found nowhere else, or so common it tells nothing
            in_own_article = own_term_counts[term] + (term in headline)
            self.idf[term] = math.log(1 + (total - df + 0.5) / (df + 0.5))
            weights[term] = _tf(count) * _tf(max(in_own_article, 1))
        ranked = sorted(weights, key=lambda t: (-weights[t] * self.idf[t], t))
        self.terms = ranked[:QUERY_TERMS]
        self.weight = {t: weights[t] for t in self.terms}
        self.passages = {t: set(posting_ids(reader, "text", t)) for t in self.terms}
        own_length = sum(term_counts.values())
        self.self_score = sum(self.contribution(t, own_length) for t in self.terms) or 1.0

    def contribution(self, term: str, length: float | None = None) -> float:
        """BM25 of one term for a passage of `length` tokens (the average when None).

        A term counts once per passage, however often it occurs there: paragraphs seldom
        repeat a word, and reading ids alone from the posting lists is four times faster.
        """
        norm = 1.0 if length is None else 1 - BM25_B + BM25_B * length / self.average_length
        saturation = (BM25_K1 + 1) / (1 + BM25_K1 * norm)
        return self.weight[term] * self.idf[term] * saturation


def _own_passage_terms(
    s: Searcher, analyzer: Analyzer, article: Article, own_passages: set[int]
) -> Counter[str]:
    """For each term, how many of the article's indexed passages contain it.

    Counted from the passages' text, as the index analysed it, rather than by skipping
    through every term's posting list to the article's few passages (at 100,000 articles
    that walked thousands of block headers per lookup).
    """
    found: Counter[str] = Counter()
    for docnum in own_passages:
        block = int(s.stored_fields(docnum)["block"])
        if 0 <= block < len(article.blocks):
            found.update({token.text for token in analyzer(article.blocks[block].text)})
    return found


def _gather(
    reader: IndexReader,
    text: _TextQuery,
    surfaces: set[tuple[int, str]],
    entities: dict[int, PassageEntity],
    own_passages: set[int],
) -> list[int]:
    """The passages of other articles with the best rough scores, best first.

    A passage's rough score is the sum of the gains of its shared key terms and entities;
    `best_documents` finds the best without adding up the score of every passage.
    """
    text_share = (TEXT_WEIGHT if entities else 1.0) / text.self_score
    lists: list[tuple[float, Collection[int]]] = [
        (text.contribution(term) * text_share, text.passages[term]) for term in text.terms
    ]
    naming: dict[int, set[int]] = defaultdict(set)
    for entity_id, surface in sorted(surfaces):
        if ("entities", surface) in reader:
            naming[entity_id].update(posting_ids(reader, "entities", surface))
    entity_total = sum(e.idf for e in entities.values()) or 1.0
    for entity_id, docnums in sorted(naming.items()):
        lists.append((ENTITY_WEIGHT * entities[entity_id].idf / entity_total, docnums))
    # Room for the short, boilerplate and copied passages that will be passed over.
    return best_documents(lists, CANDIDATES * 4, own_passages)


@dataclass(slots=True)
class _Candidate:
    article_id: str
    block: int
    docnum: int
    score: float = 0.0
    shared_entities: list[PassageEntity] = field(default_factory=list)
    shared_terms: list[str] = field(default_factory=list)


def _shortlist(
    s: Searcher,
    ranked: list[int],
    text: _TextQuery,
    source_fingerprint: str,
) -> list[_Candidate]:
    """The CANDIDATES best of the `ranked` passages, short, boilerplate and copies left out."""
    reader = s.reader()
    chosen: list[_Candidate] = []
    for docnum in ranked:
        if len(chosen) == CANDIDATES:
            break
        stored = s.stored_fields(docnum)
        fingerprint = stored.get("fingerprint", "")
        if stored.get("short") or fingerprint == source_fingerprint:
            continue
        if reader.doc_frequency("fingerprint", fingerprint) >= BOILERPLATE_COPIES:
            continue
        candidate = _Candidate(stored["article_id"], int(stored["block"]), docnum)
        candidate.shared_terms = [t for t in text.terms if docnum in text.passages[t]]
        length = reader.doc_field_length(docnum, "text", 0) or text.average_length
        text_score = sum(text.contribution(t, length) for t in candidate.shared_terms)
        # The square root: sharing a tenth of a long passage's key terms is a real link.
        candidate.score = math.sqrt(min(text_score / text.self_score, 1.0))  # text part for now
        chosen.append(candidate)
    return chosen


def _score(
    store: Store, candidates: list[_Candidate], text: _TextQuery, entities: dict[int, PassageEntity]
) -> list[_Candidate]:
    """Final scores: entity overlap (from the store's resolved mentions) and text similarity."""
    if not candidates:
        return []
    source_mass = sum(e.idf for e in entities.values())
    theirs_by_block = block_entities(store, [(c.article_id, c.block) for c in candidates])
    (total,) = store.conn.execute("SELECT count(*) FROM articles").fetchone()
    for candidate in candidates:
        text_similarity = candidate.score
        theirs = theirs_by_block.get((candidate.article_id, candidate.block), {})
        shared = [entities[eid] for eid in theirs if eid in entities]
        entity_similarity = 0.0
        if shared:
            # idf-weighted Jaccard: a passage naming one of ours and nothing else is no
            # closer than one naming it among others, as a cosine would make it.
            shared_mass = sum(e.idf for e in shared)
            their_mass = sum(entity_idf(total, df) for df in theirs.values())
            entity_similarity = shared_mass / (source_mass + their_mass - shared_mass)
        candidate.score = (
            ENTITY_WEIGHT * entity_similarity + TEXT_WEIGHT * text_similarity
            if entities
            else text_similarity
        )
        candidate.shared_entities = sorted(shared, key=lambda e: (-e.idf, e.name))
    return candidates


def _choose(
    store: Store,
    scored: list[_Candidate],
    source_text: str,
    limit: int,
    surface_of: dict[str, str],
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
    kept_shingles = [word_shingles(source_text)]
    chosen: list[RelatedPassage] = []
    for candidate in scored[: limit * 3]:
        text = texts.get((candidate.article_id, candidate.block))
        if text is None:
            continue  # the index is a step behind the store
        shingles = word_shingles(text)
        if any(jaccard(shingles, seen) >= NEAR_DUPLICATE for seen in kept_shingles):
            continue
        kept_shingles.append(shingles)
        names = tuple(e.name for e in candidate.shared_entities)
        terms = tuple(surface_of.get(t, t).lower() for t in candidate.shared_terms)
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
    wanted = set(blocks)
    article_ids = sorted({article_id for article_id, _ in wanted})
    if not article_ids:
        return {}
    rows = store.conn.execute(
        "SELECT article_id, idx, text FROM blocks"
        f" WHERE article_id IN ({','.join('?' * len(article_ids))})",
        article_ids,
    )
    return {(a, idx): text for a, idx, text in rows if (a, idx) in wanted}


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
