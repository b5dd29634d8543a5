"""A cursor over every mention of one entity across the library, in reading order.

Pure logic, no Textual: the reader asks it where `]` and `[` go and what the status line says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple


class MentionRef(NamedTuple):
    """Where one mention sits: article, block index and character span in that block.

    A named tuple: a trail of the commonest entity of a 100,000-article library makes
    106,000 of them, made in half the time of frozen dataclasses.
    """

    article_id: str
    block: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Step:
    """The outcome of a move: the mention reached and whether the cursor wrapped round."""

    mention: MentionRef
    wrapped: bool


class MentionCursor:
    """Walks an ordered list of mentions; articles keep the order in which they first appear."""

    def __init__(self, label: str, mentions: Sequence[MentionRef]) -> None:
        self.label = label
        self.mentions = list(mentions)
        self.index: int | None = None
        self.articles: list[str] = list(dict.fromkeys(m.article_id for m in self.mentions))

    def __len__(self) -> int:
        return len(self.mentions)

    @property
    def current(self) -> MentionRef | None:
        """The mention the cursor is on, if it has moved yet."""
        return None if self.index is None else self.mentions[self.index]

    def next(self, article_id: str | None = None, block: int = 0) -> Step | None:
        """Move to the next mention; from nowhere, the first at or after (article, block)."""
        if not self.mentions:
            return None
        if self.index is None:
            self.index = self._first_from(article_id, block)
            return Step(self.mentions[self.index], False)
        wrapped = self.index == len(self.mentions) - 1
        self.index = 0 if wrapped else self.index + 1
        return Step(self.mentions[self.index], wrapped)

    def previous(self, article_id: str | None = None, block: int = 0) -> Step | None:
        """Move to the previous mention; from nowhere, the last before (article, block)."""
        if not self.mentions:
            return None
        if self.index is None:
            first = self._first_from(article_id, block)
            self.index = first - 1 if first > 0 else len(self.mentions) - 1
            return Step(self.mentions[self.index], first == 0 and article_id is None)
        wrapped = self.index == 0
        self.index = len(self.mentions) - 1 if wrapped else self.index - 1
        return Step(self.mentions[self.index], wrapped)

    def _first_from(self, article_id: str | None, block: int) -> int:
        """Index of the first mention in `article_id` at or after `block`, else of its article."""
        if article_id is None or article_id not in self.articles:
            return 0
        for i, m in enumerate(self.mentions):
            if m.article_id == article_id and m.block >= block:
                return i
        for i, m in enumerate(self.mentions):
            if m.article_id == article_id:
                return i
        return 0

    def in_article(self, article_id: str) -> list[MentionRef]:
        """The mentions inside one article."""
        return [m for m in self.mentions if m.article_id == article_id]

    def status(self) -> str:
        """A line such as "Lavrov · mention 4 of 9 · article 2 of 3"."""
        if not self.mentions:
            return f"{self.label} · no mentions"
        if self.index is None:
            return (
                f"{self.label} · {len(self.mentions)} mentions in {len(self.articles)} articles"
                " · ] next, [ previous"
            )
        article_no = self.articles.index(self.mentions[self.index].article_id) + 1
        return (
            f"{self.label} · mention {self.index + 1} of {len(self.mentions)}"
            f" · article {article_no} of {len(self.articles)}"
        )
