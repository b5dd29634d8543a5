"""A cursor over every mention of one entity across the library, in reading order.

Pure logic, no Textual: the reader asks it where `]` and `[` go and what the status line says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple


class MentionRef(NamedTuple):
    """Where one mention sits: article, block index and character span in that block.

    Made only for the mentions a cursor reaches (see `MentionRow`).
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


# A mention as the store gives it: (article id, block, start, end). A trail keeps these plain
# tuples and makes a MentionRef only of the mention the cursor reaches: the commonest entity
# of a 100,000-article library has 106,000 mentions.
MentionRow = tuple[str, int, int, int]


class MentionCursor:
    """Walks an ordered list of mentions, each article's mentions together (as a trail has
    them); articles keep the order in which they first appear.

    Built in a worker: it counts the articles once, so that no move or status line scans
    the mentions (at 106,000 mentions, finding an article's place in the list took a
    scan of up to 43,000 articles on every key press).
    """

    def __init__(
        self,
        label: str,
        mentions: Sequence[MentionRow],
        article_counts: Sequence[tuple[str, int]] | None = None,
    ) -> None:
        """`article_counts`: each article's mentions, in order, when the caller has them."""
        self.label = label
        self.mentions = mentions
        self.index: int | None = None
        if article_counts is None:
            article_counts = [
                (article_id, sum(1 for _ in group))
                for article_id, group in groupby(mentions, key=itemgetter(0))
            ]
        # For each article, in order: its number from 0, where its mentions start and how
        # many there are.
        self._places: dict[str, tuple[int, int, int]] = {}
        first = 0
        for number, (article_id, count) in enumerate(article_counts):
            self._places[article_id] = (number, first, count)
            first += count

    def __len__(self) -> int:
        return len(self.mentions)

    @property
    def current(self) -> MentionRef | None:
        """The mention the cursor is on, if it has moved yet."""
        return None if self.index is None else self._ref(self.index)

    def _ref(self, index: int) -> MentionRef:
        return MentionRef._make(self.mentions[index])

    def next(self, article_id: str | None = None, block: int = 0) -> Step | None:
        """Move to the next mention; from nowhere, the first at or after (article, block)."""
        if not self.mentions:
            return None
        if self.index is None:
            self.index = self._first_from(article_id, block)
            return Step(self._ref(self.index), False)
        wrapped = self.index == len(self.mentions) - 1
        self.index = 0 if wrapped else self.index + 1
        return Step(self._ref(self.index), wrapped)

    def previous(self, article_id: str | None = None, block: int = 0) -> Step | None:
        """Move to the previous mention; from nowhere, the last before (article, block)."""
        if not self.mentions:
            return None
        if self.index is None:
            first = self._first_from(article_id, block)
            self.index = first - 1 if first > 0 else len(self.mentions) - 1
            return Step(self._ref(self.index), first == 0 and article_id is None)
        wrapped = self.index == 0
        self.index = len(self.mentions) - 1 if wrapped else self.index - 1
        return Step(self._ref(self.index), wrapped)

    def _first_from(self, article_id: str | None, block: int) -> int:
        """Index of the first mention in `article_id` at or after `block`, else of its article."""
        place = self._places.get(article_id) if article_id is not None else None
        if place is None:
            return 0
        _, first, count = place
        for index in range(first, first + count):
            if self.mentions[index][1] >= block:
                return index
        return first

    def status(self) -> str:
        """A line such as "Lavrov · mention 4 of 9 · article 2 of 3"."""
        if not self.mentions:
            return f"{self.label} · no mentions"
        if self.index is None:
            return (
                f"{self.label} · {len(self.mentions)} mentions in {len(self._places)} articles"
                " · ] next, [ previous"
            )
        article_no = self._places[self.mentions[self.index][0]][0] + 1
        return (
            f"{self.label} · mention {self.index + 1} of {len(self.mentions)}"
            f" · article {article_no} of {len(self._places)}"
        )
