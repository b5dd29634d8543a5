"""Entity quality on the five seed articles, against the hand-made gold in tests/data."""

from __future__ import annotations

import itertools
import json
from functools import cache
from pathlib import Path

import pytest

from index.entities import annotate_blocks
from index.entities.extract import find_names
from index.entities.known import name_key
from index.entities.resolve import Resolution, resolve

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests" / "data" / "seeds_gold.json").read_text(encoding="utf-8"))
SCORED_TYPES = {"PERSON", "PLACE", "ORG"}


def seed_blocks(article_id: str) -> list[str]:
    """A seed's blocks: its non-empty lines."""
    text = (ROOT / "seeds" / f"{article_id}.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


@cache
def seed_resolution() -> Resolution:
    library = {}
    roles = {}
    for article_id in GOLD["articles"]:
        blocks = seed_blocks(article_id)
        library[article_id] = [
            (block, mention)
            for block, mentions in enumerate(annotate_blocks(blocks))
            for mention in mentions
        ]
        for block, names in enumerate(find_names(blocks)):
            roles.update({(article_id, block, n.start): n.role for n in names if n.role})
    return resolve(library, None, roles)


def gold_entity_of(aliases: set[str], entity_type: str) -> int | None:
    """Index of the gold entity one of these alias keys belongs to (with a fitting type)."""
    for index, gold in enumerate(GOLD["entities"]):
        keys = {name_key(alias) for alias in gold["aliases"]}
        if keys & aliases and entity_type in gold["types"]:
            return index
    return None


def entity_scores() -> tuple[float, float]:
    """Precision and recall of (article, entity) pairs over PERSON, PLACE and ORG."""
    optional = {name_key(name) for name in GOLD["optional"]}
    by_short_id = {article_id[:3]: article_id for article_id in GOLD["articles"]}
    gold_pairs = {
        (by_short_id[short], index)
        for index, gold in enumerate(GOLD["entities"])
        for short in gold["articles"]
    }
    found_pairs: set[tuple[str, int]] = set()
    predicted = wrong = 0
    for entity in seed_resolution().entities:
        if entity.type not in SCORED_TYPES:
            continue
        keys = {name_key(alias) for alias in entity.aliases}
        index = gold_entity_of(keys, entity.type)
        if index is None and keys <= optional:
            continue
        for article_id in entity.article_ids:
            predicted += 1
            if index is not None and (article_id, index) in gold_pairs:
                found_pairs.add((article_id, index))
            else:
                wrong += 1
    precision = (predicted - wrong) / predicted
    recall = len(found_pairs) / len(gold_pairs)
    return precision, recall


def alias_pair_scores() -> tuple[float, float]:
    """Pairwise precision and recall of alias merging, over surfaces found and in the gold."""
    gold_of: dict[str, int] = {}
    for index, gold in enumerate(GOLD["entities"]):
        for alias in gold["aliases"]:
            gold_of[name_key(alias)] = index
    predicted_of: dict[str, set[int]] = {}
    for number, entity in enumerate(seed_resolution().entities):
        for alias in entity.aliases:
            predicted_of.setdefault(name_key(alias), set()).add(number)
    keys = sorted(set(gold_of) & set(predicted_of))
    same_gold = same_predicted = both = 0
    for left, right in itertools.combinations(keys, 2):
        in_gold = gold_of[left] == gold_of[right]
        in_predicted = bool(predicted_of[left] & predicted_of[right])
        same_gold += in_gold
        same_predicted += in_predicted
        both += in_gold and in_predicted
    return both / same_predicted, both / same_gold


def test_entity_precision_and_recall_on_seeds() -> None:
    precision, recall = entity_scores()
    print(f"seed entities: P {precision:.3f} R {recall:.3f}")
    assert precision >= 0.85
    assert recall >= 0.85


def test_alias_merging_on_seeds() -> None:
    precision, recall = alias_pair_scores()
    print(f"seed alias pairs: P {precision:.3f} R {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.85


@pytest.mark.parametrize(
    ("surface", "display"),
    [
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("Mr. Zelensky", "Volodymyr Zelensky"),
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Vladimir V. Putin", "Vladimir Putin"),
        ("Trump", "Donald Trump"),
        ("U.S.", "United States"),
        ("US", "United States"),
    ],
)
def test_seed_surfaces_resolve_to_display_names(surface: str, display: str) -> None:
    key = name_key(surface.removeprefix("Mr. "))
    names = {e.name for e in seed_resolution().entities if key in map(name_key, e.aliases)}
    assert names == {display}


def test_seed_roles_are_kept() -> None:
    roles = {e.name: e.roles for e in seed_resolution().entities}
    assert "Secretary of State" in roles["Marco Rubio"]
    assert "Foreign Minister" in roles["Sergey Lavrov"]
    assert "spokesperson" in roles["Tammy Bruce"]
    assert "President" in roles["Donald Trump"]
