"""Tokenising one block of text for name finding, and telling ordinary lines from headlines.

A token is a word (letters and digits, with inner apostrophes, hyphens and ampersands),
an abbreviation with periods ("U.S."), a newline, or a single punctuation character.
Offsets are Python string indices into the block text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words a title-case headline leaves in lowercase ("Talks Loom as Russia Launches Strike").
_HEADLINE_LOWERCASE = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "for",
        "on",
        "at",
        "to",
        "by",
        "of",
        "in",
        "into",
        "as",
        "vs",
        "via",
        "with",
        "from",
        "off",
        "up",
        "per",
        "than",
        "over",
        "after",
        "amid",
    ]
)

_TOKEN_RE = re.compile(
    r"\x1b\[[0-9;?]*[A-Za-z]"  # a terminal colour code: one non-word token
    r"|(?:[^\W\d_]\.){2,}"  # U.S., U.K.
    r"|[^\W_]+(?:['’&\-][^\W_]+)*"  # words, with inner apostrophes, hyphens, ampersands
    r"|\n|[^\w\s]"
)

# Punctuation after which the next word starts a sentence (so its capital proves nothing).
_SENTENCE_BREAKS = frozenset('.!?:;…\n“"«•|>*')
# Abbreviations whose period does not end a sentence.
_DOTTED_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "adm",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "inc",
        "corp",
        "ltd",
        "co",
        "no",
        "vs",
        "messrs",
        "rev",
        "hon",
    ]
)

LINE_NORMAL = 0
LINE_ALL_CAPS = 1  # "LEICESTERSHIRE TAKE OVER AT TOP": capitals carry no information
LINE_TITLE_CASE = 2  # "Peace Talks Loom as Russia Launches Drone Strike": same


@dataclass(slots=True)
class Token:
    """One token; `sentence_start` and `line_mode` are filled in by `tokenize`."""

    start: int
    end: int
    text: str
    is_word: bool
    is_capitalised: bool
    sentence_start: bool = False
    line_mode: int = LINE_NORMAL


def is_dotted_abbreviation(word: str) -> bool:
    """True for words whose following period is part of them: "Mr", "St", "V" (an initial)."""
    return (len(word) == 1 and word.isupper()) or word.lower() in _DOTTED_ABBREVIATIONS


def tokenize(text: str) -> list[Token]:
    """Split a block into tokens, marking sentence starts and the mode of each line."""
    tokens: list[Token] = []
    at_sentence_start = True
    line_begin = 0
    previous_word = ""
    for match in _TOKEN_RE.finditer(text):
        piece = match.group()
        first = piece[0]
        if first.isalpha():
            tokens.append(
                Token(match.start(), match.end(), piece, True, first.isupper(), at_sentence_start)
            )
            at_sentence_start = False
            previous_word = piece
            continue
        tokens.append(Token(match.start(), match.end(), piece, False, False))
        if piece == "\n":
            _mark_line(tokens, line_begin, len(tokens) - 1)
            line_begin = len(tokens)
            at_sentence_start = True
        elif piece in _SENTENCE_BREAKS and not (
            piece == "." and previous_word and is_dotted_abbreviation(previous_word)
        ):
            at_sentence_start = True
        previous_word = ""
    _mark_line(tokens, line_begin, len(tokens))
    return tokens


def _mark_line(tokens: list[Token], begin: int, end: int) -> None:
    """Set the line mode of tokens[begin:end] from how its words are capitalised."""
    long_words = upper_words = content_words = capitalised_content = numbers = 0
    for index in range(begin, end):
        token = tokens[index]
        if not token.is_word:
            numbers += token.text[0].isdigit()
            continue
        word = token.text
        if len(word) >= 2:
            long_words += 1
            if word.isupper():
                upper_words += 1
        if word not in _HEADLINE_LOWERCASE:
            content_words += 1
            if token.is_capitalised:
                capitalised_content += 1
    mode = LINE_NORMAL
    if (
        long_words
        and upper_words >= 0.8 * long_words
        and (long_words >= 2 or _letters(tokens, begin, end) >= 5)
    ):
        mode = LINE_ALL_CAPS
    elif content_words >= 3 and capitalised_content == content_words and numbers < 3:
        # Tables of results are capitalised too, but full of numbers: not headlines.
        mode = LINE_TITLE_CASE
    if mode != LINE_NORMAL:
        for index in range(begin, end):
            tokens[index].line_mode = mode


def _letters(tokens: list[Token], begin: int, end: int) -> int:
    return sum(len(t.text) for t in tokens[begin:end] if t.is_word)
