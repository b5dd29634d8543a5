"""Garbage-collector settings for ingest, which allocates millions of short-lived objects,
and for the app's big one-off batches (the article list of a 100,000-article library).

Tokens, mentions, postings and unpickled batches die young and hold no cycles, yet CPython
scans its young generation every 700 allocations, and its fuller passes walk every
long-lived object again (the gazetteers of a reader process, the name caches of the storing
process). The ingest processes therefore freeze what they hold (frozen objects are skipped
by every pass) and scan the young generation every 50,000 allocations instead: on 1,000
articles of the 100k benchmark corpus, a reader process went from 3.94 to 3.49 ms per
article. Garbage cycles are still collected, just in bigger rounds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

INGEST_THRESHOLDS = (50_000, 20, 100)  # young generation, then how often the older ones


def settle_worker_heap() -> None:
    """In a worker process whose long-lived data is loaded: freeze it, relax the collector."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*INGEST_THRESHOLDS)


@contextmanager
def survivors_frozen() -> Iterator[None]:
    """The storing process's ingest: the collector relaxed, and `freeze_survivors` allowed.

    On the way out the thresholds are restored and frozen objects handed back, so garbage
    among them is still collected. Not for two threads at once (the collector is global):
    adds to a library are one at a time under its write lock.
    """
    before = gc.get_threshold()
    gc.set_threshold(*INGEST_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


# Batches between two collections before a freeze: an ingest's batches leave no garbage
# cycles (none in 8,000 articles of the 100k benchmark), and a collection walks everything
# allocated since the last freeze (10-90 ms per batch in the storing process).
COLLECT_EVERY = 10


def freeze_survivors(batch_number: int) -> None:
    """Freeze what survives a stored batch; every `COLLECT_EVERY` batches collect first.

    Every batch leaves tens of thousands of long-lived objects behind (caches of names and
    aliases, the index writer's pool) and allocates as many short-lived ones; the collector's
    full passes walked all the survivors again and again: 30% of the ingest process's time
    at 25,000 articles, more the bigger the library. Frozen objects are skipped; a garbage
    cycle frozen between two collections stays until the add ends, when `survivors_frozen`
    hands everything back to the collector's next full pass.
    """
    if batch_number % COLLECT_EVERY == 0:
        gc.collect()
    gc.freeze()


@contextmanager
def long_lived_batch(*, replacing: bool = False) -> Iterator[None]:
    """Make many objects that will live on (an article list of 100,000 rows) in one go.

    While they are made the collector is off: it would otherwise run full passes over the
    growing heap, each holding every thread (the UI's too) for tens of milliseconds. Then
    everything is frozen, so later passes skip the batch. What is frozen is still freed
    when its last reference goes, but garbage cycles among it are never collected: all
    that lived at the freeze, the app's widgets and results of the moment too (~8,500
    objects each time a search was cleared, on the seeds). So a batch `replacing` an
    earlier one first hands everything frozen back and collects it: one full pass (~40 ms
    beside 100,000 rows), when the list is read again, not on every search.
    """
    if replacing:
        gc.unfreeze()
        gc.collect()
    with collector_paused():
        yield
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Make many short-lived objects in one go, with no collection meanwhile.

    For rows that are plain tuples of strings and numbers (an entity's 106,000 mentions):
    the collector's next pass finds them holding nothing it tracks and stops tracking
    them, so they need no freezing. (Instances of a class, named tuples too, stay tracked:
    the article list's rows are frozen instead, see `long_lived_batch`.)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
