"""What a whole article says about its own words, gathered before any name is classified.

A capitalised word that appears lowercase elsewhere in the article is probably not a name;
a word that appears capitalised in mid-sentence elsewhere probably is, even when it opens a
sentence. Hyphenated and run-together tokens ("Trump-Putin", "KyivUkrainian") are split
when the article uses their parts as names on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.entities.gazetteers import first_names, fold, major_places, places
from index.entities.titles import HONORIFICS
from index.entities.tokens import LINE_NORMAL, Token

_CAMEL_RE = re.compile(r"^([A-Z][a-z]{2,})([A-Z][a-z]{2,})$")


@dataclass(slots=True)
class DocumentContext:
    """Word statistics of one article across all its blocks (folded forms)."""

    lowercase_words: set[str] = field(default_factory=set)
    midsentence_capitalised: set[str] = field(default_factory=set)
    capitalised: set[str] = field(default_factory=set)
    # Hyphenated names the article writes after "Mr" or a first name ("Wright-Phillips").
    double_barrelled: set[str] = field(default_factory=set)

    def is_known_name_word(self, folded: str) -> bool:
        """True when the article itself uses `folded` as a name in mid-sentence."""
        return folded in self.midsentence_capitalised

    def is_common_word(self, folded: str) -> bool:
        """True when the article also writes `folded` in lowercase (so it is an ordinary word)."""
        return folded in self.lowercase_words


def build_context(blocks: list[list[Token]]) -> DocumentContext:
    """Collect lowercase and capitalised word forms of every ordinary line of an article."""
    context = DocumentContext()
    lowercase, midsentence, capitalised = (
        context.lowercase_words,
        context.midsentence_capitalised,
        context.capitalised,
    )
    for tokens in blocks:
        for index, token in enumerate(tokens):
            if not token.is_word or token.line_mode != LINE_NORMAL:
                continue
            word = token.text
            if not token.is_capitalised:
                if word.islower():
                    lowercase.add(word if word.isascii() else fold(word))
                continue
            key = fold(_strip_possessive(word))
            capitalised.add(key)
            if not token.sentence_start:
                midsentence.add(key)
            if "-" in word and _after_title_or_first_name(tokens, index, context):
                context.double_barrelled.add(key)
    return context


def _strip_possessive(word: str) -> str:
    if word.endswith(("'s", "’s")):
        return word[:-2]
    return word


def split_joined_names(tokens: list[Token], context: DocumentContext) -> list[Token]:
    """Split "Trump-Putin" and "KyivUkrainian" into two name tokens when the article says so.

    A hyphenated capitalised word is split when one of its parts is used as a name alone in
    the article or is a known place; a run-together word likewise, when its first part is.
    The pieces are separated by a "-" token so that they never join into one span.
    """
    result: list[Token] | None = None
    for index, token in enumerate(tokens):
        pieces = _name_pieces(token, context) if token.is_capitalised else None
        if pieces is None:
            if result is not None:
                result.append(token)
            continue
        if result is None:
            result = tokens[:index]
        offset = token.start
        for number, piece in enumerate(pieces):
            if number:
                result.append(Token(offset, offset, "-", False, False, False, token.line_mode))
            result.append(
                Token(
                    offset,
                    offset + len(piece),
                    piece,
                    True,
                    piece[:1].isupper(),
                    token.sentence_start and number == 0,
                    token.line_mode,
                )
            )
            offset += len(piece) + (1 if "-" in token.text else 0)
    return tokens if result is None else result


def _name_pieces(token: Token, context: DocumentContext) -> list[str] | None:
    word = token.text
    if "-" in word:
        parts = word.split("-")
        # "New York-based", "Kremlin-backed": the name stops before the lowercase part.
        if parts[-1][:1].islower() and parts[0][:1].isupper():
            head = [p for p in parts if p[:1].isupper()]
            if len(head) < len(parts) and parts[: len(head)] == head:
                return ["-".join(head), "-".join(parts[len(head) :])]
            return None
        if len(parts) > 3 or not all(part[:1].isupper() and len(part) > 1 for part in parts):
            return None
        if fold(_strip_possessive(word)) in context.double_barrelled:
            return None  # "Mr Kilroy-Silk", "Shaun Wright-Phillips": one surname
        known = context.capitalised
        if any(fold(_strip_possessive(p)) in known or _is_place(fold(p)) for p in parts):
            return parts
        return None
    match = _CAMEL_RE.match(word)
    if match and (fold(match.group(1)) in places() or fold(match.group(1)) in context.capitalised):
        return [match.group(1), match.group(2)]
    return None


def _is_place(folded: str) -> bool:
    """A known place, short names only when they are big places: "Spider-Man" is no place
    name joined to another, though a town called Man exists."""
    return folded in major_places() or (len(folded) > 3 and folded in places())


def _after_title_or_first_name(tokens: list[Token], index: int, context: DocumentContext) -> bool:
    """True when "Mr" (with or without its period) or a capitalised first name that the
    article never writes in lowercase stands right before tokens[index]."""
    before = index - 1
    if before > 0 and tokens[before].text == ".":
        before -= 1
    if before < 0 or not tokens[before].is_capitalised:
        return False
    folded = fold(tokens[before].text)
    if folded in HONORIFICS:
        return True
    return folded in first_names() and not context.is_common_word(folded)
