"""Finding candidate name spans in a tokenised block: runs of capitalised words.

A run may hold lowercase name particles ("Ursula von der Leyen"), "of" after a word that takes
one ("Bank of England", "Secretary of State"), "&" ("Procter & Gamble") and the period of an
initial or a title ("Vladimir V. Putin", "Mr. Trump"). A possessive ends the run.
Runs are then cut at titles ("Russian Foreign Minister Sergei Lavrov" gives "Russian" and
"Sergei Lavrov" with the role "Foreign Minister").
"""

from __future__ import annotations

from dataclasses import dataclass

from index.entities.titles import HONORIFICS, is_title_part, is_title_word
from index.entities.tokens import LINE_NORMAL, Token, is_dotted_abbreviation
from index.entities.wordlists import (
    DAYS_AND_MONTHS,
    FOR_TAKERS,
    NAME_PARTICLES,
    ORG_KEYWORDS,
    ORG_SUFFIXES,
    PLACE_KEYWORDS,
    TITLE_OF_HEADS,
)

# Words after which "of" continues a name.
_OF_TAKERS = (
    ORG_KEYWORDS
    | PLACE_KEYWORDS
    | TITLE_OF_HEADS
    | frozenset(
        [
            "republic",
            "kingdom",
            "isle",
            "cape",
            "duke",
            "duchess",
            "prince",
            "princess",
            "king",
            "queen",
        ]
    )
    | frozenset(["sultanate", "emirate", "principality", "state", "states", "city"])
)
# Abbreviated company suffixes whose period belongs to the name ("Apple Inc.").
_SUFFIX_WITH_PERIOD = frozenset(["inc", "corp", "ltd", "co", "jr", "sr"])
_POSSESSIVE_ENDINGS = ("'s", "’s")


@dataclass(slots=True)
class Segment:
    """A piece of a run that may name one entity: its word tokens and any role before it."""

    words: list[Token]
    end: int  # end offset (may include "Inc." period or drop a possessive)
    role: str
    sentence_start: bool


def is_possessive(word: str) -> bool:
    """True for "Trump's" / "Russia’s" (but not "Xi's" stripped to nothing)."""
    return len(word) > 2 and word.endswith(_POSSESSIVE_ENDINGS)


def find_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Index ranges [first, last] of maximal capitalised runs on ordinary lines."""
    runs: list[tuple[int, int]] = []
    count = len(tokens)
    index = 0
    while index < count:
        token = tokens[index]
        if not token.is_capitalised or token.line_mode != LINE_NORMAL:
            index += 1
            continue
        last = index
        while not is_possessive(tokens[last].text):
            step = _continuation(tokens, last, count)
            if not step:
                break
            last += step
        runs.append((index, last))
        index = last + 1
    return runs


def _continuation(tokens: list[Token], last: int, count: int) -> int:
    """How many tokens after `last` extend the run (0: the run ends at `last`)."""
    following = last + 1
    if following >= count:
        return 0
    current = tokens[last]
    nxt = tokens[following]
    if nxt.is_capitalised:
        return 0 if nxt.text.lower() in DAYS_AND_MONTHS else 1
    # Up to three particles may stand between names: "Joost van der Westhuizen".
    particles = 0
    while (
        following + particles < count
        and particles < 3
        and tokens[following + particles].text in NAME_PARTICLES
    ):
        particles += 1
    if particles > 1:
        after_particles = following + particles
        if after_particles < count and tokens[after_particles].is_capitalised:
            return particles + 1
        return 0
    if following + 1 >= count or not tokens[following + 1].is_capitalised:
        return 0
    after = tokens[following + 1]
    if after.text.lower() in DAYS_AND_MONTHS:
        return 0
    piece = nxt.text
    if piece == "." and is_dotted_abbreviation(current.text) and current.end == nxt.start:
        return 2
    if piece in NAME_PARTICLES or piece == "&":
        return 2
    if piece == "of" and current.text.lower() in _OF_TAKERS:
        return 2
    if piece == "for" and current.text.lower() in FOR_TAKERS:
        return 2
    return 0


def segments_of_run(tokens: list[Token], first: int, last: int) -> list[Segment]:
    """Cut a run at titles and drop the title words, keeping them as the next segment's role."""
    words = [t for t in tokens[first : last + 1] if t.is_word]
    end = tokens[last].end
    last_word = tokens[last].text
    if is_possessive(last_word):
        end -= 2
    elif (
        last_word.lower() in _SUFFIX_WITH_PERIOD
        and last + 1 < len(tokens)
        and tokens[last + 1].text == "."
        and tokens[last + 1].start == end
    ):
        end += 1
    segments: list[Segment] = []
    role = ""
    begin = 0
    position = 0
    sentence_start = tokens[first].sentence_start
    while position < len(words):
        title_end = _title_run_end(words, position)
        if title_end is None:
            position += 1
            continue
        if position > begin:
            segments.append(
                Segment(words[begin:position], words[position - 1].end, role, sentence_start)
            )
        role = " ".join(
            w.text for w in words[position:title_end] if w.text.lower() not in HONORIFICS
        )
        sentence_start = False
        begin = position = title_end
    if begin < len(words):
        segments.append(Segment(words[begin:], end, role, sentence_start and begin == 0))
    return segments


def _title_run_end(words: list[Token], position: int) -> int | None:
    """If a title starts at `position` and a name follows it, the index after the title."""
    index = position
    head_seen = False
    while index < len(words):
        folded = words[index].text.lower()
        if is_title_word(folded):
            head_seen = True
        elif not is_title_part(folded):
            break
        index += 1
        # "Secretary of State": take "of" and its complement after a title head.
        if (
            head_seen
            and index + 1 < len(words)
            and words[index].text == "of"
            and folded in TITLE_OF_HEADS
        ):
            index += 2
    if not head_seen or index >= len(words):
        return None
    # The run goes on with an organisation, not a name: "General Motors", "President Hotel".
    rest = {w.text.lower() for w in words[index:]}
    if rest & ORG_KEYWORDS or rest & ORG_SUFFIXES:
        return None
    # The title words must end in a head word, not a modifier ("State Department").
    if not is_title_word(words[index - 1].text.lower()) and words[index - 2].text != "of":
        return None
    return index
