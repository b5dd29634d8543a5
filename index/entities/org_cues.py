"""Words around an unexplained name that say it is an organisation, not a person.

One capitalised word that no gazetteer knows is guessed to be a surname ("Blair said"), and a
small town's name a place ("Nokia" is a Finnish town), yet news says what a company or a club
is where it names it: "aircraft maker Airbus", "the Fiat conglomerate", "Qantas chief
executive Geoff Dixon", "Verizon's shareholders" (the word lists are in `wordlists`). A person
is seldom written so: "Glazer's stake" or "a Blair aide" are why stakes, bids and aides are
not cues. One such cue in an article types every guessed mention of the word there, and the
library's lone-word pass then joins the word's guessed "person" to the organisation.
"""

from __future__ import annotations

import re

from index.entities.wordlists import (
    COMPANY_POSSESSIONS,
    ORGANISATION_KINDS,
    ORGANISATION_MEMBER_NOUNS,
    PERSON_MAKER_WORDS,
)

_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
_WINDOW = 40
_POSSESSIVE = ("'s", "’s", "s'", "s’")


def has_organisation_cue(text: str, start: int, end: int) -> bool:
    """True when the lowercase words right around text[start:end] say it is an
    organisation: a kind of organisation before or after it, a member or dealing of one
    after it ("Qantas chief executive"), or a company's belongings after its possessive."""
    before = _WORD.findall(text[max(0, start - _WINDOW) : start])
    if before and _touches(text, start, before[-1]) and _is_kind(before):
        return True
    after = _WORD.findall(text[end : end + _WINDOW])
    if not after or not after[0].islower() or text[end : end + 1] not in (" ", "\u00a0"):
        return False
    following = after[0]
    if text[start:end].endswith(_POSSESSIVE):
        return following in COMPANY_POSSESSIONS or _is_chief_executive(after)
    return (
        following in ORGANISATION_KINDS
        or following in ORGANISATION_MEMBER_NOUNS
        or _is_chief_executive(after)
    )


def _is_kind(words: list[str]) -> bool:
    """True when the last of `words` names a kind of organisation: "airline", "aircraft
    maker", but not "film maker" (a person)."""
    last = words[-1]
    if last in ("maker", "makers"):
        return len(words) >= 2 and words[-2] not in PERSON_MAKER_WORDS
    return last in ORGANISATION_KINDS


def _touches(text: str, start: int, word: str) -> bool:
    """True when `word` ends right before `start`, one space away: "maker Airbus", not
    "maker, Airbus" or "maker. Airbus"."""
    return text[max(0, start - len(word) - 1) : start] in (word + " ", word + "\u00a0")


def _is_chief_executive(after: list[str]) -> bool:
    return len(after) >= 2 and after[0] == "chief" and after[1] in ("executive", "executives")
