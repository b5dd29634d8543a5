"""Deciding whether a segment is a name, trimming it, and giving it a type.

Evidence, strongest first: the built-in abbreviation table, company suffixes, the place
gazetteer, place/organisation/event keywords, a title or role before the name, a known first
name, the words around a single word (`org_cues`: "aircraft maker Airbus"). What is left is a
guess that the article-level pass may still correct.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.entities.context import DocumentContext
from index.entities.gazetteers import (
    countries,
    first_names,
    fold,
    is_demonym,
    major_places,
    places,
)
from index.entities.known import KNOWN_NAMES, name_key
from index.entities.org_cues import has_organisation_cue
from index.entities.spans import Segment, is_possessive
from index.entities.titles import HONORIFICS, ends_in_title, is_title_part, role_before
from index.entities.tokens import Token
from index.entities.wordlists import (
    CALENDAR_NAMES,
    DAYS_AND_MONTHS,
    FAITH_WORDS,
    LOWERCASE_ROLE_NOUNS,
    NON_ENTITY_ACRONYMS,
    ORG_KEYWORDS,
    ORG_SUFFIXES,
    OTHER_KEYWORDS,
    PARTY_WORDS,
    PERSON_ATTRIBUTIVE_NOUNS,
    PLACE_KEYWORDS,
    STOPWORDS,
    THING_ACRONYMS,
)

STRONG = 3  # a rule or keyword decided the type
GAZETTEER = 2  # a gazetteer decided it
GUESS = 1  # nothing did: the article-level pass may retype it

# Type given to a name nothing else explains: one capitalised word, or several.
GUESS_SINGLE_TYPE = "PERSON"
GUESS_MULTI_TYPE = "ORG"
# Prepositions after which an unexplained name is a place ("in Tavildara", "at Edgbaston").
_PLACE_PREPOSITIONS = frozenset(["in", "at", "near", "outside"])
# Verbs after which a name is a person ("Dole said"), even one that is also a town's name.
_SPEECH_VERBS = frozenset(["said", "says", "told", "added", "asked", "replied"])
# Endings of place names ("Kazakhstan", "Chechnya" aside): a guess, not evidence.
_PLACE_ENDINGS = ("stan", "land", "ia", "shire")
# Words that head a place name before "of" ("Gulf of Suez", "Republic of Congo").
_PLACE_HEADS = PLACE_KEYWORDS | frozenset(["republic", "kingdom", "isle", "isles", "city"])
_DIRECTIONS = frozenset(
    ["north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"]
)


def _is_known_whole(folded_words: list[str]) -> bool:
    joined = " ".join(folded_words)
    return joined in places() or joined in KNOWN_NAMES


@dataclass(slots=True)
class FoundName:
    """A name found in a block, before it becomes a Mention."""

    block: int
    start: int
    end: int
    type: str
    strength: int
    role: str
    words: tuple[str, ...]  # folded words, possessive stripped


def _word(token: Token) -> str:
    text = token.text
    return text[:-2] if is_possessive(text) else text


def _is_stopword(text: str) -> bool:
    # "US" or "IT" in capitals is an abbreviation, not the pronoun.
    # "I'm" and "I’m" alike: contractions are listed with a straight apostrophe.
    return text.lower().replace("’", "'") in STOPWORDS and (len(text) == 1 or not text.isupper())


_NUMBER_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
)


def _is_name_number(token: Token) -> bool:
    return (
        not token.sentence_start
        and token.is_capitalised
        and not token.text.isupper()
        and token.text.lower() in _NUMBER_WORDS
    )


def _is_acronym_plural(word: str) -> bool:
    return len(word) >= 3 and word.endswith("s") and word[:-1].isupper()


def _is_filler(token: Token) -> bool:
    word = _word(token)
    folded = word.lower()
    return (
        _is_stopword(word)
        or folded in DAYS_AND_MONTHS
        or (folded in NON_ENTITY_ACRONYMS and word.isupper())
        or ("-" in folded and _names_a_period(folded))
    )


def _names_a_period(hyphenated: str) -> bool:
    """True for "january-to-march" and "monday-friday": two days or months, or one whose
    name means nothing else (not "may", "march" or "august": "may-smith" is no period)."""
    parts = hyphenated.split("-")
    calendar = [part for part in parts if part in DAYS_AND_MONTHS]
    return len(calendar) >= 2 or any(part in CALENDAR_NAMES for part in calendar)


def _trim(words: list[Token]) -> list[Token]:
    """Drop leading function words and dates ("The", "However", "Monday") and loose ends.

    A number word with a capital inside a sentence starts a name ("the Six Nations").
    """
    begin, end = 0, len(words)
    while begin < end and _is_filler(words[begin]):
        if begin + 1 < end and _is_name_number(words[begin]):
            break
        begin += 1
    while end > begin and _is_filler(words[end - 1]) and words[end - 1].text.isupper():
        end -= 1
    while begin < end and not words[begin].text[:1].isupper():
        begin += 1
    while end > begin and not words[end - 1].text[:1].isupper():
        end -= 1  # a trailing particle or "of" left by a cut
    return words[begin:end]


def _has_name_evidence(
    text: str, folded: str, context: DocumentContext, followed: bool = False
) -> bool:
    """Whether a sentence-initial word is a name in its own right."""
    if followed and len(text) == 1 and text.isupper():
        return True  # an initial: "J. Ratcliffe"
    if context.is_known_name_word(folded) or folded in places():
        return True
    if name_key(text) in KNOWN_NAMES and not context.is_common_word(folded):
        return True  # "Labour said", but not "Labour costs" in an article about labour
    if len(text) >= 2 and text.isupper():
        return True
    # A first name opening a sentence counts only before a surname ("Skip to content").
    return followed and folded in first_names() and not context.is_common_word(folded)


def classify_segment(
    segment: Segment, block: int, text: str, context: DocumentContext
) -> FoundName | None:
    """Trim a segment to its name and type it, or return None when it names nothing."""
    words = _trim(segment.words)
    if not words:
        return None
    sentence_start = segment.sentence_start and words[0] is segment.words[0]
    first_word = _word(words[0])
    if sentence_start and not _has_name_evidence(
        first_word, fold(first_word), context, followed=len(words) > 1
    ):
        words = _trim(words[1:])
        if not words:
            return None
    folded_words = [fold(_word(w)) for w in words]
    if all(is_title_part(w) for w in folded_words) and " ".join(folded_words) not in KNOWN_NAMES:
        return None  # but "Labour" (a title's word too, as in "Labour MP") is the party
    party = ""
    # "Russian" alone is a nationality, "South Korean" too; "Russian Foreign Ministry" and
    # "Czech Republic" are names.
    if not _is_known_whole(folded_words) and ORG_KEYWORDS.isdisjoint(folded_words):
        while len(words) > 1 and is_demonym(folded_words[0]):
            words, folded_words = words[1:], folded_words[1:]
        if all(is_demonym(w) or w in _DIRECTIONS or w in FAITH_WORDS for w in folded_words):
            return None
        # "Tory Liam Fox" is Liam Fox, a Tory.
        if cut := _party_before_person(words, folded_words):
            party = " ".join(_word(w) for w in words[:cut])
            words, folded_words = words[cut:], folded_words[cut:]
    start = words[0].start
    end = segment.end if words[-1] is segment.words[-1] else words[-1].end
    if end <= start:
        return None
    surface = text[start:end]
    if len(words) == 1:
        single = _word(words[0]).lower()
        if len(single) < 2 or single in DAYS_AND_MONTHS or single in NON_ENTITY_ACRONYMS:
            return None
        if single in THING_ACRONYMS and name_key(surface) not in KNOWN_NAMES:
            return None
        if _is_acronym_plural(_word(words[0])) and name_key(surface) not in KNOWN_NAMES:
            return None  # "MPs", "PCs", "DVDs": things and roles, not names
        if context.is_common_word(folded_words[0]) and folded_words[0] not in places():
            return None
    role = segment.role or role_before(text, start) or party
    entity_type, strength = _type_of(surface, words, folded_words, role, text, start, context)
    return FoundName(block, start, end, entity_type, strength, role, tuple(folded_words))


def _type_of(
    surface: str,
    words: list[Token],
    folded_words: list[str],
    role: str,
    text: str,
    start: int,
    context: DocumentContext,
) -> tuple[str, int]:
    known = KNOWN_NAMES.get(name_key(surface))
    if known:
        return known[1], STRONG
    last = folded_words[-1]
    if len(words) > 1 and (last in ORG_SUFFIXES or "&" in surface):
        return "ORG", STRONG  # "Apple Inc", "Marks & Spencer": no person's name has an "&"
    if _honorific_before(text, start):
        return "PERSON", STRONG  # "Mr Van de Vijver"
    organisation_named = not ORG_KEYWORDS.isdisjoint(folded_words)
    # "the first official New Zealand tour": a role word before a country names no person.
    country = " ".join(folded_words) in countries()
    if (
        role
        and not country
        and (ends_in_title(role) or not organisation_named or folded_words[0] in first_names())
    ):
        # "Foreign Minister Lavrov" and "actress Nathalie Press", but not "new owner
        # Yeahronimo Media Ventures".
        return "PERSON", STRONG
    # "golfer Woods", but not "commissioned by the executive, Scottish Borders Council", nor
    # the club in "her husband, Chicago Cubs shortstop Nomar Garciaparra".
    if (
        _role_noun_before(text, start)
        and not country
        and not organisation_named
        and not has_organisation_cue(text, start, words[-1].end)
    ):
        return "PERSON", STRONG
    folded_surface = " ".join(folded_words)
    if folded_surface in places():
        if len(words) == 1 and folded_surface not in major_places():
            # "Dole said": a small town's name before a speech verb is a person's;
            # "phone maker Nokia" or "Chelsea striker" names a company or a club.
            if _word_after(text, words[-1].end) in _SPEECH_VERBS:
                return "PERSON", GAZETTEER
            if has_organisation_cue(text, start, words[-1].end):
                return "ORG", STRONG
        return "PLACE", GAZETTEER
    if len(words) > 1 and last in PLACE_KEYWORDS:
        return "PLACE", STRONG
    if not ORG_KEYWORDS.isdisjoint(folded_words):
        return "ORG", STRONG
    if not OTHER_KEYWORDS.isdisjoint(folded_words) or (len(words) > 1 and last == "day"):
        return "OTHER", STRONG
    if len(words) > 2 and folded_words[1] == "of" and folded_words[0] in _PLACE_HEADS:
        return "PLACE", STRONG  # "Gulf of Suez", "Republic of Ireland", "Isle of Man"
    first = folded_words[0].split("-", 1)[0]  # "Jean-Michel"
    if len(words) > 1 and (
        (first in first_names() and not context.is_common_word(first))
        or (len(words[0].text) == 1 and words[0].text.isupper())
    ):
        return "PERSON", GAZETTEER
    if len(words) == 1:
        single = words[0].text
        if len(single) >= 2 and single.isupper() and len(single) <= 6:
            return "ORG", GUESS
        if any(c.isdigit() for c in single):
            return "ORG", GUESS  # "Digi24", "Channel4": brands and outlets
        if has_organisation_cue(text, start, words[-1].end):
            return "ORG", STRONG  # "aircraft maker Airbus", "Qantas chief executive"
        word_before = _word_before(text, start)
        if word_before in _PLACE_PREPOSITIONS:
            return "PLACE", GUESS
        word_after = _word_after(text, words[-1].end).rstrip(".,;:!?)'\"’”")
        if word_before == "the" and word_after not in PERSON_ATTRIBUTIVE_NOUNS:
            # "the Treasury", "the City": no one's name follows "the", but in "the Trump
            # administration" it may.
            return "ORG", GUESS
        if first.endswith(_PLACE_ENDINGS) and first not in first_names():
            return "PLACE", GUESS
        return GUESS_SINGLE_TYPE, GUESS
    return GUESS_MULTI_TYPE, GUESS


def _party_before_person(words: list[Token], folded_words: list[str]) -> int:
    """How many leading words are a party ("Liberal Democrat") before a person's full name
    (a known first name or an initial, and a surname); 0 when they are not."""
    cut = 0
    while cut < len(folded_words) and folded_words[cut] in PARTY_WORDS:
        cut += 1
    if not cut or len(words) - cut < 2:
        return 0
    first = words[cut].text
    is_initial = len(first) == 1 and first.isupper()
    return cut if is_initial or folded_words[cut] in first_names() else 0


def _word_after(text: str, end: int) -> str:
    after = text[end : end + 20].split()
    return after[0].lower() if after else ""


def _word_before(text: str, start: int) -> str:
    before = text[max(0, start - 20) : start].split()
    return before[-1].lower().strip(",") if before else ""


def _honorific_before(text: str, start: int) -> bool:
    """True when "Mr", "Mrs", "Ms", "Sir"... stands right before (kept out of the role);
    capitalised, as "to miss England" says nothing."""
    before = text[max(0, start - 20) : start].split()
    word = before[-1].rstrip(".") if before else ""
    return word[:1].isupper() and word.lower() in HONORIFICS


def _role_noun_before(text: str, start: int) -> bool:
    """True when a lowercase role noun ("spokesperson", "golfer") stands right before, or
    before a comma ("Zambia's coach, Kalusha Bwalya")."""
    return _word_before(text, start) in LOWERCASE_ROLE_NOUNS
