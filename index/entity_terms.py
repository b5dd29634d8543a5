"""The search terms of an entity clause (`person:lavrov`, `org:"bank of england"`).

Mentions are indexed by their written form (`entity_key`) under the type each was found with,
before any resolution; entities and their aliases come later and may change (aliases.toml,
a rebuild), so a clause is turned into terms at query time, from the store:
- every alias of the entities the name denotes, and the name itself;
- under every type: an entity's mentions may have been found as another type ("Axios"
  guessed a person, then typed ORG in aliases.toml; "Microsoft said" read as a person's);
- but a key that an entity the name does not denote holds too, with at least
  SHARED_KEY_SHARE of their mentions, is looked for under the asked type only when that
  entity is of another type ("jordan" of the country, for the person Jordan), and not at
  all when it is of the same type (`person:"cherie blair"` must not find every "Blair" of
  Tony Blair's). A misread "J. With Apple" of 22 mentions leaves "apple" to the company
  of 10,000.
"""

from __future__ import annotations

import json
import sqlite3

from index.entities.catalog import find_entity
from index.entities.known import KNOWN_NAMES, name_key
from index.search import ENTITY_FIELDS, entity_key

SHARED_KEY_SHARE = 0.05


def entity_terms(
    conn: sqlite3.Connection, name: str, entity_type: str | None
) -> list[tuple[str, str]]:
    """The (field, indexed key) terms of the entities `name` denotes, of one type or (None)
    of any, sorted."""
    own = entity_key(name)
    found = find_entity(conn, name, entity_type)
    known = KNOWN_NAMES.get(name_key(name))
    if not found and known:  # "Kiev" finds the library's "Kyiv" though no text says Kiev
        found = find_entity(conn, known[0], entity_type)
    every_field = set(ENTITY_FIELDS.values())
    own_fields = {ENTITY_FIELDS[entity_type]} if entity_type else every_field
    if not found:
        return sorted((field, own) for field in own_fields)
    ids = json.dumps([row.id for row in found])
    aliases = [
        alias
        for (alias,) in conn.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    ]
    least = SHARED_KEY_SHARE * sum(row.mention_count for row in found)
    others = conn.execute(
        "SELECT a.alias, e.type FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE a.alias IN (SELECT value FROM json_each(?))"
        " AND e.id NOT IN (SELECT value FROM json_each(?)) AND e.mention_count >= ?",
        (json.dumps(sorted(set(aliases))), ids, least),
    )
    fields_of = {entity_key(alias): every_field for alias in aliases}
    for alias, other_type in others:
        key = entity_key(alias)
        if entity_type is None or other_type == entity_type:
            fields_of.pop(key, None)  # another entity's as much as theirs
        elif key in fields_of:
            fields_of[key] = own_fields
    fields_of[own] = fields_of.get(own, own_fields) | own_fields  # the name typed, always
    return sorted((field, key) for key, fields in fields_of.items() for field in fields)
