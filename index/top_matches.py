"""The best documents by a sum of per-list gains, without scoring every document.

Related passages rank every passage sharing a key term or an entity with the source by a
rough score: the sum of the gains of the lists (a term's or an entity's passages) that hold
it. At 100,000 articles the twenty-odd lists of one passage hold 100,000-400,000 passages,
almost all of them in one or two of the common terms' lists only, and adding a float per
passage in Python took ~100 ms of a lookup. `best_documents` returns the same top k but
visits those passages only when they could make it (MaxScore pruning):

1. Score exactly the passages of the highest-gain lists until there are enough of them:
   the k-th best of those scores is a lower bound of the k-th best score overall.
2. The lowest-gain lists whose gains sum to less than that bound cannot, on their own,
   lift a passage into the top k: a passage found only in them is never scored.
3. Every other passage is scored exactly, list by list in the caller's order (so each
   score is the same float an exhaustive pass adds up), and the top k are taken with ties
   broken by the lower document number.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence
from itertools import islice

GainList = tuple[float, Collection[int]]

# Below this many postings in all, scoring every document is as quick as pruning.
EXHAUSTIVE_BELOW = 20_000
# Documents scored in step 1, as a multiple of k.
SEED_FACTOR = 8


def best_documents(lists: Sequence[GainList], k: int, exclude: Collection[int] = ()) -> list[int]:
    """The k documents with the highest sum of gains, best first (ties: lower number first).

    `lists` are (gain, documents) pairs, gains > 0, each document at most once per list;
    documents in `exclude` are never returned.
    """
    if k <= 0 or not lists:
        return []
    if sum(len(docs) for _, docs in lists) < EXHAUSTIVE_BELOW:
        return _top(_scores(lists, None, exclude), k)
    bound = _lower_bound(lists, k, exclude)
    by_gain = sorted(range(len(lists)), key=lambda i: lists[i][0])
    weak: set[int] = set()  # lists whose passages alone stay below the bound
    total = 0.0
    for i in by_gain:
        total += lists[i][0]
        if total >= bound * (1 - 1e-9):  # a margin for the rounding of sums in other orders
            break
        weak.add(i)
    strong = [i for i in range(len(lists)) if i not in weak]
    candidates: set[int] = set()
    for i in strong:
        candidates.update(lists[i][1])
    candidates.difference_update(exclude)
    return _top(_scores(lists, candidates, exclude, strong), k)


def _lower_bound(lists: Sequence[GainList], k: int, exclude: Collection[int]) -> float:
    """The k-th best exact score among up to SEED_FACTOR * k documents of the highest-gain
    lists (0.0 when there are fewer than k): any documents' k-th best score is no higher
    than the k-th best overall."""
    room = SEED_FACTOR * k
    seeds: set[int] = set()
    for _, docs in sorted(lists, key=lambda item: -item[0]):
        fresh = [doc for doc in islice(docs, room + len(exclude)) if doc not in exclude]
        seeds.update(fresh[: room - len(seeds)])
        if len(seeds) >= room:
            break
    if len(seeds) < k:
        return 0.0
    return heapq.nlargest(k, _scores(lists, seeds, ()).values())[-1]


def _scores(
    lists: Sequence[GainList],
    only: set[int] | None,
    exclude: Collection[int],
    whole: Collection[int] = (),
) -> dict[int, float]:
    """Sum of gains per document, the lists added in order, leaving out `exclude`.

    With `only`, just the documents in it are scored: each list is intersected with it,
    except the lists numbered in `whole`, which the caller knows to lie inside `only` (but
    for excluded documents) and which are read as they are.
    """
    scores: dict[int, float] = {}
    get = scores.get
    for i, (gain, docs) in enumerate(lists):
        if only is not None and i not in whole:
            docs = only.intersection(docs)
        for doc in docs:
            scores[doc] = get(doc, 0.0) + gain
    for doc in exclude:
        scores.pop(doc, None)
    return scores


def _top(scores: dict[int, float], k: int) -> list[int]:
    """The k best documents: higher score first, then lower document number."""
    if len(scores) <= k:
        return sorted(scores, key=lambda doc: (-scores[doc], doc))
    cut = heapq.nlargest(k, scores.values())[-1]
    best = [doc for doc, score in scores.items() if score >= cut]
    best.sort(key=lambda doc: (-scores[doc], doc))
    return best[:k]
