"""Finding the names of stored articles again, after the rules that find them have changed.

Mentions are derived data: the store keeps every article's cleaned blocks, so a newer
newsdesk finds the names anew (`newsdesk reindex --entities`) without the source files.
A library records which rules found its names (`NAME_RULES`); one found by older rules
says so when it is opened, and how to bring it up to date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from index.entity_upkeep import ENTITIES_PENDING
from index.ingest import Progress
from index.models import Mention
from index.orphans import interrupt_latch, raise_if_interrupted, sigint_deferred
from index.store import Store

# The built-in extractor's rules; raise it when they change what they find, so that
# libraries whose names older rules found are told. 2: parties, "&", awards (2026-11-26).
# 3: organisation cues ("aircraft maker Airbus"), more peoples and demonyms (2026-11-26).
# 4: periods ("January-to-March"), clubs before a position, "owner" before a company
# (2026-11-26); surnames alone after a full name of an unknown first name; "-shire".
# 5: a person's full name guessed an organisation elsewhere joins the person (2026-11-27).
# 6: "the" before a lone name, a role word before a country, double-barrelled surnames,
# nationality nouns, faiths, "Olympic", organisations "for" something (2026-11-27).
NAME_RULES = 6
NAME_RULES_SETTING = "name_rules"
# Libraries from before the stamp existed.
UNSTAMPED_RULES = 1
BATCH_ARTICLES = 250

ArticleTexts = tuple[str, list[str]]  # article id, its blocks' texts in order


def stamp_new_library(store: Store) -> None:
    """Record the current rules for a library that holds no names yet; an older library
    without the stamp is marked as found by the first rules."""
    if store.setting(NAME_RULES_SETTING) is not None:
        return
    stamp = UNSTAMPED_RULES if store.has_rows("articles") else NAME_RULES
    with store.transaction():
        store.set_setting(NAME_RULES_SETTING, str(stamp))


def names_are_outdated(store: Store) -> bool:
    """True when older rules than this version's found the library's names."""
    stamp = store.setting(NAME_RULES_SETTING)
    return stamp is not None and stamp.isdigit() and int(stamp) < NAME_RULES


OUTDATED_MESSAGE = (
    "The names in this library were found by an older newsdesk: `newsdesk reindex "
    "--entities` finds them again with this version's rules."
)


def refresh_names(
    store: Store, backend: str, *, workers: int = 1, progress: Progress | None = None
) -> int:
    """Find the names of every stored article again and replace its mentions; return how
    many articles were read. Entities must be resolved afterwards: until they are, the
    library is marked as having entities to resolve (also if this is interrupted)."""
    conn = store.conn
    ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
    with store.transaction():
        store.set_setting(ENTITIES_PENDING, "1")
        # Every mention is rewritten and its entity resolved after: the mentions-by-entity
        # index is built again then (or by the next open, if this is interrupted).
        conn.execute("DROP INDEX IF EXISTS mentions_entity")
    batches = (ids[i : i + BATCH_ARTICLES] for i in range(0, len(ids), BATCH_ARTICLES))
    with interrupt_latch():  # Ctrl-C stops after the batch being stored, as in an add
        found = _annotated(store, batches, backend, workers)
        done = _store_batches(store, found, len(ids), progress)
    if backend == "builtin":
        with store.transaction():
            store.set_setting(NAME_RULES_SETTING, str(NAME_RULES))
    return done


def _store_batches(
    store: Store,
    batches: Iterator[list[tuple[str, list[list[Mention]]]]],
    total: int,
    progress: Progress | None,
) -> int:
    """Replace each batch's mentions in one transaction; return how many articles."""
    conn = store.conn
    done = 0
    for found in batches:
        with store.transaction():
            conn.executemany(
                "DELETE FROM mentions WHERE article_id = ?", [(aid,) for aid, _ in found]
            )
            store.insert_mentions(found)
        done += len(found)
        if progress:
            progress(done, total, found[-1][0] if found else "")
        raise_if_interrupted()
    return done


def _annotated(
    store: Store, batches: Iterator[list[str]], backend: str, workers: int
) -> Iterator[list[tuple[str, list[list[Mention]]]]]:
    """Each batch's articles with their mentions, found in `workers` processes."""
    texts = (_texts_of(store, batch) for batch in batches)
    if workers <= 1:
        yield from (annotate_articles(batch, backend) for batch in texts)
        return
    from index.prepare import start_reader_process

    with ProcessPoolExecutor(max_workers=workers, initializer=start_reader_process) as pool:
        # Two batches ahead per worker: bounded memory, the workers never wait.
        pending = []
        for batch in texts:
            with sigint_deferred():  # submit() may fork a worker
                pending.append(pool.submit(annotate_articles, batch, backend))
            if len(pending) > 2 * workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def _texts_of(store: Store, article_ids: list[str]) -> list[ArticleTexts]:
    rows = store.conn.execute(
        "SELECT article_id, text FROM blocks"
        " WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, idx",
        (json.dumps(article_ids),),
    )
    texts: dict[str, list[str]] = {article_id: [] for article_id in article_ids}
    for article_id, text in rows:
        texts[article_id].append(text)
    return list(texts.items())


def annotate_articles(
    articles: list[ArticleTexts], backend: str
) -> list[tuple[str, list[list[Mention]]]]:
    """The mentions of each article's blocks, by the built-in extractor or spaCy."""
    from index.entities import annotate_blocks

    if backend.startswith("spacy:"):
        from index.entities.spacy_backend import spacy_annotator

        annotate_blocks = spacy_annotator(backend.removeprefix("spacy:"))
    return [(article_id, annotate_blocks(texts)) for article_id, texts in articles]
