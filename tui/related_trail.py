"""Where `r` and `R` lead: the related passages of one source paragraph, walked in turn.

Pure logic: the screen starts a trail at the passage under the cursor, jumps to
`trail.current`, and `R` moves on while the reader still sits on that passage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.related import RelatedPassage


@dataclass(slots=True)
class RelatedTrail:
    """The related passages of one source paragraph and which of them the reader is at."""

    source: tuple[str, int]  # (article id, block) the passages are related to
    passages: list[RelatedPassage]
    index: int = 0

    @property
    def current(self) -> RelatedPassage:
        """The passage the trail is at."""
        return self.passages[self.index]

    def is_at(self, article_id: str | None, block: int | None) -> bool:
        """Whether the reader is on the trail's current passage."""
        return (article_id, block) == (self.current.article_id, self.current.block)

    def advance(self) -> bool:
        """Move to the next passage; True when it wrapped round to the best one."""
        self.index += 1
        if self.index >= len(self.passages):
            self.index = 0
            return True
        return False

    def status(self) -> str:
        """A status line: which related passage this is and why it is related."""
        passage = self.current
        return (
            f"Related passage {self.index + 1} of {len(self.passages)}"
            f" · score {passage.score:.2f} · {passage.reason}"
        )
