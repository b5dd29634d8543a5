"""Titles and roles: the words before a name that say who the person is.

"US Secretary of State Marco Rubio", "State Department spokesperson Tammy Bruce", "Mr. Trump":
the title is never part of the name's span but is kept as role information.
"""

from __future__ import annotations

import re

from index.entities.wordlists import (
    LOWERCASE_ROLE_NOUNS,
    PERSON_ONLY_ROLE_NOUNS,
    PERSON_TITLES,
    TITLE_MODIFIERS,
    TITLE_OF_HEADS,
)

# Courtesy titles cue a person but say nothing about their role.
HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "mx", "sir", "dame", "messrs"])

_WORD_RE = re.compile(r"[^\W\d_][\w’'\-]*\.?|\S")
# Words that may end a role: a title's words and the lowercase role nouns.
_ROLE_WORDS = PERSON_TITLES | TITLE_MODIFIERS | LOWERCASE_ROLE_NOUNS
# How far back a role may start: "Deputy Foreign Minister of Defence" fits.
_ROLE_WINDOW = 60


def _may_end_in_role(window: str) -> bool:
    """False when `role_before` would stop at the window's last word: no title word or role
    noun, nor a capitalised word after "of" ("Secretary of State")."""
    tail = _WORD_RE.findall(" ".join(window.rsplit(None, 2)[-2:]))
    if not tail:
        return False
    last = tail[-1].rstrip(".")
    if last.lower() in _ROLE_WORDS:
        return True
    return last[:1].isupper() and len(tail) >= 2 and tail[-2] == "of"


def is_title_word(folded: str) -> bool:
    """True for a word that can head a title ("president", "minister", "mr")."""
    return folded in PERSON_TITLES


def ends_in_title(role: str) -> bool:
    """True for a role that ends in a title ("Foreign Minister", "coach"), not in a role
    noun only ("owner", "oil producer")."""
    words = role.lower().split()
    return bool(words) and is_title_word(words[-1])


def is_title_part(folded: str) -> bool:
    """True for a word that can appear in a title ("foreign", "vice", "minister")."""
    return folded in PERSON_TITLES or folded in TITLE_MODIFIERS


def role_before(text: str, start: int) -> str:
    """The title or role noun right before `start` ("Secretary of State"), or "".

    Honorifics (Mr, Mrs) cue a person but are not returned as a role.
    """
    window = text[max(0, start - _ROLE_WINDOW) : start]
    # Most names follow an ordinary word ("said", "by"): the last two words tell.
    if not _may_end_in_role(window):
        return ""
    words = _WORD_RE.findall(window)
    taken: list[str] = []
    index = len(words) - 1
    while index >= 0:
        word = words[index].rstrip(".")
        folded = word.lower()
        if not word:
            break
        # "Secretary of State": a capitalised complement after "of" and a title head.
        if (
            index >= 2
            and word[:1].isupper()
            and words[index - 1] == "of"
            and words[index - 2].lower() in TITLE_OF_HEADS
        ):
            taken.extend([word, "of"])
            index -= 2
            continue
        if folded in PERSON_TITLES or folded in TITLE_MODIFIERS:
            if word[0].isupper() or folded in LOWERCASE_ROLE_NOUNS:
                taken.append(word)
                index -= 1
                continue
            break
        if folded in LOWERCASE_ROLE_NOUNS and not taken:
            taken.append(word)
            index -= 1
            continue
        break
    taken.reverse()
    # Leading modifiers with no head after them belong to something else ("State Department").
    while (
        taken
        and taken[-1].lower() not in PERSON_TITLES
        and taken[-1].lower() not in (LOWERCASE_ROLE_NOUNS)
        and "of" not in taken
    ):
        taken.pop()
    role_words = [w for w in taken if w.lower() not in HONORIFICS]
    return " ".join(role_words)


def says_person(role: str) -> bool:
    """True for a title ("Foreign Minister", "coach") or a role only a person has ("singer"),
    not a role noun a company may have too ("oil producer")."""
    words = role.lower().split()
    return ends_in_title(role) or (bool(words) and words[-1] in PERSON_ONLY_ROLE_NOUNS)
