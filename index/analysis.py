"""The text analyzer of the search index: Whoosh's StemmingAnalyzer in one pass.

Whoosh chains a tokenizer and three filters as nested generators; for every word that costs
four generator steps and attribute shuffles, and analysis was ~40% of indexing time. This
analyzer gives the same tokens (same pattern but for Whoosh's "*", lowercase, stop words,
Porter stems, positions renumbered over removed stop words) from a single loop with a shared
stem cache. `term_counts` does the same for fields analysed by Whoosh's own StemmingAnalyzer
without positions (the passage index's text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import (
    STOP_WORDS,
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem

# Words as Whoosh's default RegexTokenizer finds them, less its "*" (wildcards have no
# place in an article's text).
WORD_PATTERN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
# Whoosh's default RegexTokenizer pattern itself, its group made non-capturing for findall.
WHOOSH_WORD_PATTERN = re.compile(default_pattern.pattern.replace("(\\.", "(?:\\."))
MIN_WORD = 2

cached_stem = lru_cache(maxsize=200_000)(stem)


class NewsAnalyzer(Tokenizer):
    """Tokenize, lowercase, drop stop words and stem, in one loop."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        """Yield one reused Token per kept word, as Whoosh's analyzers do."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        # Positions as Whoosh's StopFilter(renumber=True) gives them: the first kept word
        # keeps its place among all words, later kept words follow it one by one, and stop
        # words kept in query mode keep their place among all words.
        kept_pos: int | None = None
        stops = STOP_WORDS
        for raw_pos, match in enumerate(WORD_PATTERN.finditer(value), start_pos):
            word = match.group().lower()
            stopped = len(word) < MIN_WORD or word in stops
            if stopped and removestops:
                continue
            token.stopped = stopped
            token.boost = 1.0
            if keeporiginal:
                token.original = match.group()
            token.text = word if stopped else cached_stem(word)
            if positions:
                if stopped:
                    token.pos = raw_pos
                else:
                    kept_pos = raw_pos if kept_pos is None else kept_pos + 1
                    token.pos = kept_pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


def term_positions(value: str) -> dict[bytes, list[int]]:
    """Each indexed term of `value` (UTF-8 encoded, as Whoosh stores terms) with its
    positions: what NewsAnalyzer yields in index mode (positions on), gathered without a
    Token per word. The search index's segment writer uses it for its text fields."""
    found: dict[bytes, list[int]] = {}
    stops = STOP_WORDS
    encoded_stem = _encoded_stem
    pos = -1
    for raw_pos, word in enumerate(map(str.lower, WORD_PATTERN.findall(value))):
        if len(word) < MIN_WORD or word in stops:
            continue
        pos = raw_pos if pos < 0 else pos + 1
        term = encoded_stem(word)
        where = found.get(term)
        if where is None:
            found[term] = [pos]
        else:
            where.append(pos)
    return found


def term_counts(value: str, stops: frozenset[str]) -> dict[bytes, int]:
    """Each indexed term of `value` (UTF-8) with how often it occurs: what Whoosh's
    `StemmingAnalyzer(stoplist=stops)` yields in index mode, without a Token per word
    (`stemming_stop_words` tells which analyzers those are)."""
    found: dict[bytes, int] = {}
    encoded_stem = _encoded_stem
    for word in map(str.lower, WHOOSH_WORD_PATTERN.findall(value)):
        if len(word) < MIN_WORD or word in stops:
            continue
        term = encoded_stem(word)
        found[term] = found.get(term, 0) + 1
    return found


def stemming_stop_words(analyzer: object) -> frozenset[str] | None:
    """The stop list of an analyzer that is exactly Whoosh's `StemmingAnalyzer` with default
    settings but its stop words (so `term_counts` gives its terms); None for any other."""
    if not isinstance(analyzer, CompositeAnalyzer) or len(analyzer.items) != 4:
        return None
    tokenizer, lower, stop, stemmer = analyzer.items
    plain = (
        type(tokenizer) is RegexTokenizer
        and tokenizer.expression.pattern == default_pattern.pattern
        and not tokenizer.gaps
        and type(lower) is LowercaseFilter
        and type(stop) is StopFilter
        and (stop.min, stop.max, stop.renumber) == (MIN_WORD, None, True)
        and type(stemmer) is StemFilter
        and stemmer.stemfn is stem
        and not stemmer.lang  # a language's stemmer replaces `stemfn`
        and not stemmer.ignore
    )
    return frozenset(stop.stops) if plain else None


@lru_cache(maxsize=200_000)
def _encoded_stem(word: str) -> bytes:
    return stem(word).encode("utf-8")
