"""People's full names guessed to be organisations in some articles, settled with what the
whole library says.

One article may hold too little to type a name of two words. "Lleyton Hewitt" is a person in
an article that goes on to call him "Hewitt", but no gazetteer knows the first name
"Lleyton", so in an article that names him once he is guessed an organisation. Resolution
keeps one entity per type, so the library showed both: Lleyton Hewitt the person (16
mentions) and Lleyton Hewitt the organisation (12). Once an add or a rebuild has resolved
the entities, such an organisation joins the person when:
- everything it is called is a name of several words the person is called too (a company
  also called "Dell" alone or "Dell Inc" stays as it is);
- neither the built-in names nor aliases.toml say anything of its names;
- the person has more mentions;
- the person is also named by surname alone or after an initial ("Hewitt", "L Hewitt");
- the first word of the name is no country or big city, and either a particle ("de Niro")
  or a word of three letters or more that the library hardly uses otherwise: "Real
  Sociedad", "Man Utd" and "Enduring Love" were people with their last word alone too, but
  "real", "man" and "enduring" are everyday words. (The gazetteer's first names cannot
  tell: "Man", "Red" and "Go" are among them, as are "Mark" and "Spike".)
The other way round is not done: "Roland de Marigny" was an organisation in 8 mentions
and a person in 2, and a person's name alone is no evidence that the majority is right.

On the 2,130 BBC articles, 12 organisations (33 mentions) joined their person: Lleyton
Hewitt's 12 mentions, Kanye West's 8, Kenenisa Bekele's 3, Mefin Davies's 2, and one each
of Eidur Gudjohnsen, Sania Mirza, Spike Lee, Tupac Shakur and four more.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from index.entities.aliases import AliasOverrides
from index.entities.catalog import merge_entities, recount_entities, transaction
from index.entities.gazetteers import major_places
from index.entities.known import KNOWN_NAMES
from index.entities.wordlists import NAME_PARTICLES

# The first word is taken for a first name when the library's articles using it at all are at
# most this many times those of the two entities.
RARE_WORD_SHARE = 2
MIN_WORD_LETTERS = 3  # the shortest word `index.vocabulary` counts


@dataclass(slots=True)
class _Entity:
    id: int
    type: str
    mentions: int
    articles: int
    aliases: set[str]


def settle_full_names(conn: sqlite3.Connection, overrides: AliasOverrides | None = None) -> int:
    """Merge organisations that are people's full names into those people (see the module
    docstring); return how many were merged. Runs in the caller's transaction (or its own)."""
    with transaction(conn):
        return _settle(conn, overrides or AliasOverrides())


def _settle(conn: sqlite3.Connection, overrides: AliasOverrides) -> int:
    entities = _typed_both_ways(conn)
    people: dict[str, list[_Entity]] = defaultdict(list)
    for entity in entities.values():
        if entity.type == "PERSON":
            for alias in entity.aliases:
                people[alias].append(entity)
    merged_into: set[int] = set()
    merged = 0
    for organisation in entities.values():
        if organisation.type != "ORG" or not _only_a_name(organisation, overrides):
            continue
        candidates = {p.id: p for alias in organisation.aliases for p in people[alias]}
        if len(candidates) != 1:
            continue
        (person,) = candidates.values()
        if person.mentions <= organisation.mentions or not organisation.aliases <= person.aliases:
            continue
        if not _surely_a_person(conn, person, organisation):
            continue
        merge_entities(conn, organisation.id, person.id)
        merged_into.add(person.id)
        merged += 1
    recount_entities(conn, sorted(merged_into))
    return merged


def _typed_both_ways(conn: sqlite3.Connection) -> dict[int, _Entity]:
    """The people and organisations holding a name of several words that an entity of the
    other type holds too, with all their aliases."""
    shared = conn.execute(
        "SELECT a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE e.type IN ('PERSON', 'ORG') AND instr(a.alias, ' ') > 0"
        " GROUP BY a.alias HAVING count(DISTINCT e.type) > 1"
    ).fetchall()
    if not shared:
        return {}
    entities: dict[int, _Entity] = {}
    rows = conn.execute(
        "SELECT e.id, e.type, e.mention_count, e.article_count, a.alias"
        " FROM entities e JOIN entity_aliases a ON a.entity_id = e.id"
        " WHERE e.type IN ('PERSON', 'ORG') AND e.id IN (SELECT b.entity_id FROM"
        " entity_aliases b WHERE b.alias IN (SELECT value FROM json_each(?)))",
        (json.dumps([alias for (alias,) in shared]),),
    )
    for entity_id, entity_type, mentions, articles, alias in rows:
        entity = entities.get(entity_id)
        if entity is None:
            entity = entities[entity_id] = _Entity(
                entity_id, entity_type, mentions, articles, set()
            )
        entity.aliases.add(alias)
    return entities


def _only_a_name(organisation: _Entity, overrides: AliasOverrides) -> bool:
    """Called by names of several words only, none the built-in table or aliases.toml
    decides."""
    return all(
        " " in alias and alias not in KNOWN_NAMES and not overrides.decides(alias)
        for alias in organisation.aliases
    )


def _surely_a_person(conn: sqlite3.Connection, person: _Entity, joining: _Entity) -> bool:
    """The person is also named by surname alone or after an initial, and the first word
    of the name they share is one the library hardly uses otherwise (and no country or
    big city)."""
    short_forms = {alias.split()[-1] for alias in person.aliases if _is_short_form(alias)}
    for name in joining.aliases:
        first, *_, last = name.split()
        if last not in short_forms or first in major_places():
            continue
        if len(first) < MIN_WORD_LETTERS and first not in NAME_PARTICLES:
            continue  # "Go Digital", "UK Online": the vocabulary keeps no such short words
        row = conn.execute("SELECT df FROM vocabulary WHERE word = ?", (first,)).fetchone()
        if (row[0] if row else 0) <= RARE_WORD_SHARE * (person.articles + joining.articles):
            return True
    return False


def _is_short_form(alias: str) -> bool:
    """A surname alone ("hewitt") or after an initial ("l hewitt")."""
    words = alias.split()
    return len(words) == 1 or (len(words) == 2 and len(words[0]) == 1)
