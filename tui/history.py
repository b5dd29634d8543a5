"""Back and forward through reading positions, like a browser's history. Pure logic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the library: an article, the block at the top of the reader, a mention,
    and the block under the passage cursor."""

    article_id: str
    block: int = 0
    mention: tuple[int, int, int] | None = None  # (block, start, end) when on a mention
    passage: int | None = None


class History:
    """A list of positions with a cursor; visiting a new place drops the forward entries."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self.entries: list[Position] = []
        self.index = -1

    @property
    def current(self) -> Position | None:
        """The position the reader is at, if any."""
        return self.entries[self.index] if self.index >= 0 else None

    def visit(self, position: Position) -> None:
        """Record a new position (replacing the current one when it is the same place)."""
        if self.current == position:
            return
        del self.entries[self.index + 1 :]
        self.entries.append(position)
        if len(self.entries) > self.limit:
            del self.entries[0]
        self.index = len(self.entries) - 1

    def update(self, position: Position) -> None:
        """Refresh where the reader is in the current entry (it scrolled) without a new entry."""
        if self.index >= 0 and self.entries[self.index].article_id == position.article_id:
            self.entries[self.index] = position

    def back(self) -> Position | None:
        """Step back; None at the oldest entry."""
        if self.index <= 0:
            return None
        self.index -= 1
        return self.entries[self.index]

    def forward(self) -> Position | None:
        """Step forward; None at the newest entry."""
        if self.index >= len(self.entries) - 1:
            return None
        self.index += 1
        return self.entries[self.index]
