"""Comparing person names: spelling variants, initials and surnames.

"Sergei Lavrov" and "Sergey Lavrov", "Zelensky" and "Zelenskyy": transliterations differ by a
letter or two, so surnames match within a small edit distance that grows with their length.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from index.entities.known import name_key
from index.entities.wordlists import NAME_PARTICLES


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split for matching: folded first name ("" if none) and surname."""

    first: str
    surname: str
    words: int

    @property
    def has_first(self) -> bool:
        """True when the name has a first name or initial before the surname."""
        return bool(self.first)

    @property
    def completeness(self) -> int:
        """2 with a first name, 1 with an initial only ("S Williams"), 0 for a surname."""
        return min(len(self.first), 2)


@lru_cache(maxsize=1 << 16)
def split_person_name(surface: str) -> PersonName:
    """Split "Vladimir V. Putin" into first "vladimir", surname "putin" (initials dropped).

    A hyphenated last word is one surname: "Mr Kilroy-Silk" is Robert Kilroy-Silk's surname
    alone, not a first name "Kilroy" and a surname "Silk".
    """
    parts = name_key(surface).split()
    if not parts:
        return PersonName("", "", 0)
    surname_start = len(parts) - 1
    # "von der Leyen": particles before the last word belong to the surname.
    while surname_start > 1 and parts[surname_start - 1] in NAME_PARTICLES:
        surname_start -= 1
    surname = " ".join(parts[surname_start:])
    first = parts[0] if surname_start > 0 else ""
    return PersonName(first, surname, len(parts))


LONE_MAX_EDITS = 1


def max_edits(length: int) -> int:
    """Edits allowed between two spellings of a name of this length."""
    if length >= 8:
        return 2
    if length >= 5:
        return 1
    return 0


def edit_distance(left: str, right: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`."""
    return Levenshtein.distance(left, right, score_cutoff=limit)


def surnames_match(left: str, right: str, *, lone: bool = False) -> bool:
    """True for the same surname or a close transliteration ("zelensky" / "zelenskyy").

    A `lone` surname (no first name on one side to back the match up) is allowed one edit
    at most: with two, "Christmas" was taken for Louise Christian 9,000 times.
    """
    if left == right:
        return True
    if not left or not right or left[0] != right[0]:
        return False
    limit = max_edits(min(len(left), len(right)))
    if lone:
        limit = min(limit, LONE_MAX_EDITS)
    return limit > 0 and edit_distance(left, right, limit) <= limit


def first_names_match(left: str, right: str) -> bool:
    """True when two first names can be the same person's (equal, an initial, a variant)."""
    if not left or not right:
        return True
    if left[0] != right[0]:
        return False
    if len(left) == 1 or len(right) == 1 or left == right:
        return True
    limit = max(1, max_edits(min(len(left), len(right))))
    return edit_distance(left, right, limit) <= limit


def same_person(left: PersonName, right: PersonName) -> bool:
    """True when two names can be spellings of one person's name (a lone surname can be
    any of the people of that surname)."""
    lone = not (left.has_first and right.has_first)
    return surnames_match(left.surname, right.surname, lone=lone) and first_names_match(
        left.first, right.first
    )
