"""A small built-in table of common abbreviations and spelling variants of places and bodies.

`U.S.`, `US` and `United States` are one place; `Kiev` is `Kyiv`. General news knowledge,
kept short on purpose: a library's `aliases.toml` adds its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.entities.gazetteers import fold

_VARIANTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("United States", "PLACE"): ("US", "U.S.", "USA", "U.S.A.", "United States of America"),
    ("United Kingdom", "PLACE"): ("UK", "U.K.", "Britain", "Great Britain"),
    ("United Arab Emirates", "PLACE"): ("UAE", "U.A.E."),
    ("Soviet Union", "PLACE"): ("USSR", "U.S.S.R."),
    ("Kyiv", "PLACE"): ("Kiev",),
    ("Odesa", "PLACE"): ("Odessa",),
    ("Kharkiv", "PLACE"): ("Kharkov",),
    ("Lviv", "PLACE"): ("Lvov",),
    ("Beijing", "PLACE"): ("Peking",),
    ("Mumbai", "PLACE"): ("Bombay",),
    ("Vatican", "PLACE"): ("Vatican City", "Holy See"),
    ("United Nations", "ORG"): ("UN", "U.N."),
    ("European Union", "ORG"): ("EU", "E.U."),
    ("NATO", "ORG"): ("Nato", "North Atlantic Treaty Organization"),
    ("International Monetary Fund", "ORG"): ("IMF",),
    ("World Health Organization", "ORG"): ("WHO",),
    ("World Trade Organization", "ORG"): ("WTO",),
    ("Federal Bureau of Investigation", "ORG"): ("FBI",),
    ("Central Intelligence Agency", "ORG"): ("CIA",),
    ("OPEC", "ORG"): (),
    ("White House", "ORG"): (),
    ("Kremlin", "ORG"): (),
    ("Pentagon", "ORG"): (),
    # Political parties: "the Tories" and the "Conservative Party" are one party to follow.
    ("Labour Party", "ORG"): ("Labour",),
    ("Conservative Party", "ORG"): (
        "Conservative",
        "Conservatives",
        "Tory",
        "Tories",
        "Tory Party",
    ),
    ("Liberal Democrats", "ORG"): ("Lib Dems", "Lib Dem", "Liberal Democrat"),
    ("Scottish National Party", "ORG"): ("SNP",),
    ("UK Independence Party", "ORG"): ("UKIP",),
    ("Republican Party", "ORG"): ("Republicans", "GOP"),
    ("Democratic Party", "ORG"): ("Democrats",),
    # Awards, named in the singular too ("an Oscar nomination").
    ("Oscars", "OTHER"): ("Oscar", "Academy Awards"),
    ("Baftas", "OTHER"): ("Bafta",),
    ("Grammys", "OTHER"): ("Grammy",),
    ("Olympics", "OTHER"): ("Olympic", "Olympic Games"),  # "Olympic champion" is no place
    ("New Year", "OTHER"): (),
    # News agencies and broadcasters: a news reader meets them in every other article.
    ("Reuters", "ORG"): (),
    ("Associated Press", "ORG"): ("AP",),
    ("Agence France-Presse", "ORG"): ("AFP",),
    ("Bloomberg", "ORG"): (),
    ("BBC", "ORG"): (),
    ("CNN", "ORG"): (),
    ("CBS", "ORG"): (),
    ("NBC", "ORG"): (),
    ("ABC", "ORG"): (),
    ("NPR", "ORG"): (),
    # Sport's governing bodies, in every other sports story.
    ("FIFA", "ORG"): ("Fifa",),
    ("UEFA", "ORG"): ("Uefa",),
}

_SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 17)
def name_key(surface: str) -> str:
    """Lookup form of a name: folded, no periods, single spaces, no leading "the", no 's."""
    key = fold(surface).replace("’", "'")
    if key.endswith("'s"):
        key = key[:-2]
    key = _SPACES_RE.sub(" ", key.replace(".", "")).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def _build() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for (canonical, entity_type), variants in _VARIANTS.items():
        for surface in (canonical, *variants):
            table[name_key(surface)] = (canonical, entity_type)
    return table


# name_key(surface) -> (canonical name, type)
KNOWN_NAMES: dict[str, tuple[str, str]] = _build()
