"""Named-entity extraction for one article: the functions ingest and the CLI call.

`annotate_blocks` reads all blocks of an article together so that each block can use what the
others say (a word seen lowercase elsewhere is no name; "Simmons" alone is the "Phil Simmons"
named before). All-caps and title-case lines (headlines, sports tables) only yield names the
article's ordinary lines or the gazetteers confirm.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from index.entities.classify import GAZETTEER, GUESS, STRONG, FoundName, classify_segment
from index.entities.context import DocumentContext, build_context, split_joined_names
from index.entities.gazetteers import countries, first_names, fold, major_places, places
from index.entities.known import KNOWN_NAMES, name_key
from index.entities.spans import find_runs, is_possessive, segments_of_run
from index.entities.titles import is_title_part
from index.entities.tokens import LINE_NORMAL, LINE_TITLE_CASE, Token, tokenize
from index.entities.wordlists import NUMBER_WORDS, STOPWORDS
from index.models import Mention

# Longest name looked for in a headline, in words.
_MAX_HEADLINE_NAME_WORDS = 5


def extract_mentions(text: str) -> list[Mention]:
    """Names in one text (PERSON, PLACE, ORG, OTHER), offsets as Python string indices."""
    return annotate_blocks([text])[0]


def annotate_blocks(texts: list[str]) -> list[list[Mention]]:
    """Names in each block of one article, using the whole article as context."""
    return [[_to_mention(texts, found) for found in block] for block in find_names(texts)]


def find_names(texts: list[str]) -> list[list[FoundName]]:
    """Like `annotate_blocks` but keeping roles and evidence strength (for resolution)."""
    token_blocks = [tokenize(text) for text in texts]
    context = build_context(token_blocks)
    token_blocks = [split_joined_names(tokens, context) for tokens in token_blocks]
    found: list[list[FoundName]] = []
    for block, (text, tokens) in enumerate(zip(texts, token_blocks, strict=True)):
        names: list[FoundName] = []
        for first, last in find_runs(tokens):
            for segment in segments_of_run(tokens, first, last):
                name = classify_segment(segment, block, text, context)
                if name is not None:
                    names.append(name)
        found.append(names)
    _make_consistent(found)
    _people_named_by_surname(texts, found, context)
    _add_headline_names(texts, token_blocks, found, context)
    return found


def _to_mention(texts: list[str], found: FoundName) -> Mention:
    text = texts[found.block][found.start : found.end]
    known = KNOWN_NAMES.get(name_key(text))
    return Mention(found.start, found.end, text, found.type, known[0] if known else "")  # type: ignore[arg-type]


def _make_consistent(found: list[list[FoundName]]) -> None:
    """Retype guessed names from what the rest of the article says about the same words."""
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    strong_types: dict[tuple[str, ...], str] = {}
    surnames: set[str] = set()
    for names in found:
        for name in names:
            if name.strength > GUESS:
                votes[name.words][name.type] += name.strength
            if name.strength == STRONG:
                strong_types.setdefault(name.words, name.type)
            if name.type == "PERSON" and name.strength >= GAZETTEER:
                surnames.add(name.words[-1])
                if len(name.words) > 1:
                    votes[name.words[-1:]]["PERSON"] += 1
    country_names = countries()
    for names in found:
        for name in names:
            single = len(name.words) == 1
            # "Simmons" after "Phil Simmons", even where a town of that name exists.
            if (
                single
                and name.words[0] in surnames
                and name.strength <= GAZETTEER
                and name.words[0] not in country_names
            ):
                name.type = "PERSON"
                continue
            if name.strength == GUESS and name.words in votes:
                name.type = votes[name.words].most_common(1)[0][0]
            elif (
                name.strength == GAZETTEER
                and name.words in strong_types
                and name.words[0] not in country_names
                and " ".join(name.words) not in country_names
            ):
                # "Clinton" is a town, but "President Clinton" said who is meant.
                name.type = strong_types[name.words]


def _people_named_by_surname(
    texts: list[str], found: list[list[FoundName]], context: DocumentContext
) -> None:
    """A two-word name nothing explains is guessed an organisation ("Ask Jeeves"). It is a
    person when the article names it as news names people: once in full, then by the last
    word alone ("Kenenisa Bekele" ... "Bekele won ... Bekele said"), its first word used
    nowhere else in the article, neither alone, nor in another name, nor in lowercase."""
    candidates = [
        name
        for names in found
        for name in names
        if name.strength == GUESS and name.type == "ORG" and len(name.words) == 2
    ]
    if not candidates:
        return
    lone = Counter(
        name.words[0]
        for names in found
        for name in names
        if len(name.words) == 1 and name.type == "PERSON" and name.strength == GUESS
    )
    in_names = Counter(word for names in found for name in names for word in set(name.words))
    same_name = Counter(name.words for names in found for name in names)
    for name in candidates:
        first, last = name.words
        written = texts[name.block][name.start : name.end].split()[0]
        if (
            lone[last] >= 2
            and in_names[first] == same_name[name.words]
            and written.isalpha()
            and written[0].isupper()
            and written[1:].islower()
            and len(written) >= 3
            and not context.is_common_word(first)
            and first not in places()
            and first not in NUMBER_WORDS
        ):
            name.type = "PERSON"


def _add_headline_names(
    texts: list[str],
    token_blocks: list[list[Token]],
    found: list[list[FoundName]],
    context: DocumentContext,
) -> None:
    """Names on all-caps and title-case lines: only those the article or gazetteers confirm."""
    known: dict[tuple[str, ...], str] = {}
    for names in found:
        for name in names:
            known.setdefault(name.words, name.type)
            if name.type == "PERSON" and len(name.words) > 1:
                known.setdefault(name.words[-1:], "PERSON")
    major_place_names = major_places()
    for block, tokens in enumerate(token_blocks):
        if all(token.line_mode == LINE_NORMAL for token in tokens):
            continue
        added: list[FoundName] = []
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            if token.line_mode == LINE_NORMAL or not token.is_capitalised:
                index += 1
                continue
            # The longest run of words starting here that the article or a gazetteer knows.
            words: list[str] = []
            best = 0
            best_type = ""
            for offset in range(_MAX_HEADLINE_NAME_WORDS):
                position = index + offset
                if position >= count or not tokens[position].is_word:
                    break
                if offset and is_possessive(tokens[position - 1].text):
                    break
                piece = tokens[position].text
                words.append(fold(piece[:-2] if is_possessive(piece) else piece))
                key = tuple(words)
                entity_type = known.get(key)
                if entity_type is None and " ".join(key) in major_place_names:
                    entity_type = "PLACE"
                if entity_type is None:
                    known_name = KNOWN_NAMES.get(" ".join(key))
                    entity_type = known_name[1] if known_name and len(piece) > 1 else None
                if entity_type is not None:
                    best, best_type = offset + 1, entity_type
            if not best and token.line_mode == LINE_TITLE_CASE:
                # Capitals prove nothing in all-caps lines ("LONG SIEGE"); in title case a
                # known first name and a surname still make a person.
                best = _first_name_pair(tokens, index, count)
                best_type = "PERSON"
            if best:
                last = tokens[index + best - 1]
                end = last.end - (2 if is_possessive(last.text) else 0)
                name_words = tuple(fold(t.text) for t in tokens[index : index + best] if t.is_word)
                added.append(FoundName(block, token.start, end, best_type, STRONG, "", name_words))
                index += best
            else:
                index += 1
        if added:
            found[block] = sorted(found[block] + added, key=lambda name: name.start)


def _first_name_pair(tokens: list[Token], index: int, count: int) -> int:
    """2 when tokens[index] is a known first name followed by a capitalised word, else 0."""
    if index + 1 >= count:
        return 0
    first, second = tokens[index], tokens[index + 1]
    if not second.is_capitalised or first.text.isupper() != second.text.isupper():
        return 0
    folded_second = fold(second.text)
    if folded_second in STOPWORDS or folded_second in places() or is_title_part(folded_second):
        return 0
    return 2 if fold(first.text) in first_names() else 0
