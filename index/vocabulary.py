"""The library's vocabulary (each word with the number of articles using it), for "did you mean".

Kept in the store rather than in Whoosh spelling fields: those doubled the postings written at
ingest, and Whoosh's automaton-based corrector took ~0.4 s a query on the BBC corpus, where a
candidate scan with rapidfuzz over words sharing the first letter takes milliseconds.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

WORD = re.compile(r"[^\W\d_]{3,}")
# Bare words only: not a field name, a fuzzy term, a -term or a word inside "quotes".
QUERY_WORD = re.compile(r"(?<![\w:~\-\"'])[^\W\d_]{4,}(?![\w:~\"'])")
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def article_words(texts: Iterable[str]) -> set[str]:
    """The distinct lowercased words (three letters or more) of an article's texts."""
    words: set[str] = set()
    for text in texts:
        words.update(w.casefold() for w in WORD.findall(text))
    return words


def add_counts(conn: sqlite3.Connection, counts: Counter[str]) -> None:
    """Add document frequencies (call inside the ingest transaction)."""
    conn.executemany(
        "INSERT INTO vocabulary (word, df) VALUES (?, ?)"
        " ON CONFLICT(word) DO UPDATE SET df = df + excluded.df",
        counts.items(),
    )


def remove_counts(conn: sqlite3.Connection, counts: Counter[str]) -> None:
    """Subtract document frequencies of articles being replaced or removed."""
    conn.executemany(
        "UPDATE vocabulary SET df = df - ? WHERE word = ?", [(n, w) for w, n in counts.items()]
    )
    conn.execute("DELETE FROM vocabulary WHERE df <= 0")


def rebuild(conn: sqlite3.Connection) -> int:
    """Recount the vocabulary from the stored blocks; return the number of words."""
    counts: Counter[str] = Counter()
    current: str | None = None
    texts: list[str] = []
    for article_id, text in conn.execute(
        "SELECT article_id, text FROM blocks ORDER BY article_id, idx"
    ):
        if article_id != current and texts:
            counts.update(article_words(texts))
            texts = []
        current = article_id
        texts.append(text)
    counts.update(article_words(texts))
    conn.execute("DELETE FROM vocabulary")
    add_counts(conn, counts)
    return len(counts)


def suggest_word(conn: sqlite3.Connection, word: str) -> str | None:
    """The closest known word (edit distance ≤ 2, then most frequent), or None if known."""
    lowered = word.casefold()
    if conn.execute("SELECT 1 FROM vocabulary WHERE word = ?", (lowered,)).fetchone():
        return None
    first = lowered[0]
    rows = conn.execute(
        "SELECT word, df FROM vocabulary WHERE word >= ? AND word < ?"
        " AND length(word) BETWEEN ? AND ?",
        (first, chr(ord(first) + 1), len(lowered) - 2, len(lowered) + 2),
    ).fetchall()
    if not rows:
        return None
    frequency = dict(rows)
    matches = process.extract(
        lowered, list(frequency), scorer=Levenshtein.distance, score_cutoff=2, limit=20
    )
    if not matches:
        return None
    best = min(matches, key=lambda m: (m[1], -frequency[m[0]]))[0]
    return best.capitalize() if word[:1].isupper() else best


def did_you_mean(conn: sqlite3.Connection, text: str) -> str | None:
    """The query with each unknown bare word replaced by its closest known word, or None.

    Field names, operators, quoted phrases' neighbours and short words pass through.
    """
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word in OPERATORS:
            return word
        better = suggest_word(conn, word)
        if better is None:
            return word
        changed = True
        return better

    corrected = QUERY_WORD.sub(fix, text)
    return corrected if changed else None
