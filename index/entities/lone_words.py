"""Single capitalised words guessed to be people, settled with what the whole library says.

An unknown capitalised word is guessed to be a person's surname: "Microsoft said" reads like
"Blair said", and one article holds nothing more to go on. A library does. A person talked of
in many articles is named in full in some of them, and news names a person in full at the first
mention. At 100,000 BBC articles thousands of "people" had no full name and no title before
them, and the people named in full with their word as surname were mentioned a hundred times
less, or not at all: Microsoft (15,716 mentions), Arsenal ("Brooks Arsenal", 2), Google,
Gazprom, Xbox... So, once an add or a rebuild has resolved the entities, such a person:
- joins the organisation of the same name, when the library has one;
- else becomes an organisation itself, when it is mentioned in MIN_ARTICLES articles or more;
- a place of the same single word that no gazetteer knows (a guess from "at Microsoft") joins
  that organisation too.
Names given a type or kept apart in aliases.toml are left alone, and so are first names that
people named in full carry nearly as often ("Brian" alone is a Brian; "Mercedes" is no
Mercedes Ruehl).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from index.entities.aliases import AliasOverrides
from index.entities.catalog import merge_entities, recount_entities, transaction
from index.entities.gazetteers import places
from index.entities.known import KNOWN_NAMES
from index.entities.names import split_person_name
from index.entities.titles import says_person

MIN_MENTIONS = 20
MIN_ARTICLES = 10
# A word stays a person's when the people named in full with it (as surname or first name)
# have this share of its mentions: "Williams" alone is some Williams; "Arsenal" is not
# Brooks Arsenal, nor "Mercedes" Mercedes Ruehl.
FULL_NAME_SHARE = 0.05


@dataclass(slots=True)
class _Entity:
    id: int
    roles: str
    mentions: int
    articles: int
    aliases: list[str]


def settle_lone_words(conn: sqlite3.Connection, overrides: AliasOverrides | None = None) -> int:
    """Retype or merge the single-word "people" the library never names as people (see the
    module docstring); return how many entities changed. Runs in the caller's transaction
    (or its own)."""
    with transaction(conn):
        return _settle(conn, overrides or AliasOverrides())


def _settle(conn: sqlite3.Connection, overrides: AliasOverrides) -> int:
    people, named_in_full = _people(conn)
    lone = [entity for entity in people if _is_single_word_guess(entity, overrides)]
    if not lone:
        return 0
    keys = sorted({alias for entity in lone for alias in entity.aliases})
    organisations = _holders(conn, keys, "ORG")
    guessed_places = {
        key: holders
        for key, holders in _holders(conn, keys, "PLACE").items()
        if key not in places() and key not in KNOWN_NAMES and key not in overrides.types
    }
    changed = 0
    merged_into: set[int] = set()
    for entity in sorted(lone, key=lambda e: (-e.mentions, e.id)):
        target = next((organisations[k][0] for k in entity.aliases if k in organisations), None)
        # Weighed with the organisation it would join: a later add's 3 "Sony" mentions
        # against the 46 of a misread "Mac Sony" alone would stay a person.
        weight = entity.mentions + (target[1] if target else 0)
        if any(named_in_full.get(key, 0) >= FULL_NAME_SHARE * weight for key in entity.aliases):
            continue
        if target is None:
            if entity.mentions < MIN_MENTIONS or entity.articles < MIN_ARTICLES:
                continue
            conn.execute("UPDATE entities SET type = 'ORG' WHERE id = ?", (entity.id,))
            target = (entity.id, entity.mentions)
            for key in entity.aliases:
                organisations.setdefault(key, [target])
        else:
            merge_entities(conn, entity.id, target[0])
        changed += 1
        merged_into.add(target[0])
        for key in entity.aliases:
            for place_id, _mentions in guessed_places.pop(key, []):
                merge_entities(conn, place_id, target[0])
                changed += 1
    recount_entities(conn, sorted(merged_into))
    return changed


def _people(conn: sqlite3.Connection) -> tuple[list[_Entity], dict[str, int]]:
    """Every stored person with its aliases, and for each first name and surname of the
    full names among them, the mentions of the people so named."""
    aliases: dict[int, list[str]] = defaultdict(list)
    rows = conn.execute(
        "SELECT a.entity_id, a.alias FROM entity_aliases a"
        " JOIN entities e ON e.id = a.entity_id WHERE e.type = 'PERSON'"
    )
    for entity_id, alias in rows:
        aliases[entity_id].append(alias)
    # Mentions of each written full name, not of the entities holding one: a person entity
    # of thousands of mentions may hold a misread "London Mercedes" among its aliases. Read
    # from the mentions-by-entity index alone (0.7 s over 4.9 million mentions).
    named_in_full: dict[str, int] = defaultdict(int)
    rows = conn.execute(
        "SELECT m.surface, count(*) FROM entities e JOIN mentions m ON m.entity_id = e.id"
        " WHERE e.type = 'PERSON' GROUP BY m.entity_id, m.surface"
    )
    for surface, mentions in rows:
        name = split_person_name(surface)
        if name.completeness == 2:
            named_in_full[name.surname] += mentions
            named_in_full[name.first] += mentions
    people = [
        _Entity(entity_id, roles, mentions, articles, aliases[entity_id])
        for entity_id, roles, mentions, articles in conn.execute(
            "SELECT id, roles, mention_count, article_count FROM entities WHERE type = 'PERSON'"
        )
    ]
    return people, named_in_full


def _is_single_word_guess(entity: _Entity, overrides: AliasOverrides) -> bool:
    """A person only ever written as one word, with no title or person's role before it,
    of which neither the built-in names nor aliases.toml say anything."""
    if not entity.aliases or any(says_person(role) for role in json.loads(entity.roles)):
        return False
    for alias in entity.aliases:
        # One word, hyphens and all: "Wal-Mart" is no first name and surname.
        if " " in alias:
            return False
        if alias in KNOWN_NAMES:
            return False
        if overrides.decides(alias):
            return False
    return True


def _holders(
    conn: sqlite3.Connection, keys: list[str], entity_type: str
) -> dict[str, list[tuple[int, int]]]:
    """(id, mentions) of the entities of a type holding each alias, most mentioned first."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rows = conn.execute(
        "SELECT a.alias, e.id, e.mention_count FROM entity_aliases a"
        " JOIN entities e ON e.id = a.entity_id"
        " WHERE a.alias IN (SELECT value FROM json_each(?)) AND e.type = ?"
        " ORDER BY e.mention_count DESC, e.id",
        (json.dumps(keys), entity_type),
    )
    for alias, entity_id, mentions in rows:
        found[alias].append((entity_id, mentions))
    return found
