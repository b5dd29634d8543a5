"""The pruned top-k of `best_documents` is exactly the top-k of scoring every document."""

from __future__ import annotations

import random

import pytest

from index import top_matches
from index.top_matches import best_documents


def _reference(lists: list[tuple[float, set[int]]], k: int, exclude: set[int]) -> list[int]:
    """Every document scored, lists added in order; best first, ties by lower number."""
    scores: dict[int, float] = {}
    for gain, docs in lists:
        for doc in docs:
            scores[doc] = scores.get(doc, 0.0) + gain
    ranked = sorted((doc for doc in scores if doc not in exclude), key=lambda d: (-scores[d], d))
    return ranked[:k]


def _random_lists(rng: random.Random, universe: int) -> list[tuple[float, set[int]]]:
    """A few short high-gain lists and many long low-gain ones, as a passage's terms give;
    gains drawn from a small set so that many documents tie."""
    lists = []
    for _ in range(rng.randint(1, 30)):
        size = rng.choice([3, 40, 500, 4_000, 20_000])
        gain = rng.choice([0.01, 0.02, 0.05, 0.3, 1.0]) * (2.0 if size < 500 else 1.0)
        lists.append((gain, set(rng.sample(range(universe), min(size, universe)))))
    return lists


@pytest.mark.parametrize("seed", range(40))
def test_same_top_k_as_scoring_every_document(seed: int) -> None:
    rng = random.Random(seed)
    lists = _random_lists(rng, rng.choice([1_000, 50_000, 200_000]))
    k = rng.choice([1, 10, 160, 5_000])
    exclude = set(rng.sample(sorted(set().union(*(d for _, d in lists))), 5))
    assert best_documents(lists, k, exclude) == _reference(lists, k, exclude)


def test_pruning_skips_documents_found_only_in_low_gain_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rare = {(0.9, frozenset(range(i * 10, i * 10 + 10))) for i in range(30)}
    common = [(0.001, set(range(0, 300_000, 3))), (0.001, set(range(1, 300_000, 7)))]
    lists = [*sorted(rare, key=lambda item: min(item[1])), *common]
    scored: list[int] = []
    original = top_matches._scores

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = original(*args, **kwargs)
        scored.append(len(found))
        return found

    monkeypatch.setattr(top_matches, "_scores", counting)
    assert best_documents(lists, 160, {0}) == _reference(lists, 160, {0})
    # 1,280 seeds for the bound, then the 300 documents of the rare lists; never the ~140,000
    # documents found in the common lists only.
    assert max(scored) <= 8 * 160 and len(scored) == 2


def test_nothing_asked_or_nothing_to_rank() -> None:
    assert best_documents([], 10) == []
    assert best_documents([(1.0, {1, 2})], 0) == []
    assert best_documents([(1.0, {1, 2})], 10, {1, 2}) == []
