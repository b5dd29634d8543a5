"""The related-passages panel under the reader: the passages of other articles that follow the
story of the paragraph under the passage cursor, best first (title, score, reason, first words).

It only shows what the screen hands it; clicking a passage reports it with `Chosen`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from index.text import strip_controls

if TYPE_CHECKING:
    from index.related import RelatedPassage

IDLE_HINT = "Move the passage cursor with } and {; r jumps to the best related passage."
REASON_ITEMS = 2  # shared names, and shared words, shown per passage
FIRST_WORDS = 160  # characters of a passage's text worth laying out (the line crops the rest)


def first_words(text: str, limit: int = FIRST_WORDS) -> str:
    """The start of a passage as one line: control characters out, whitespace collapsed."""
    return " ".join(strip_controls(text)[: limit * 2].split())[:limit]


class RelatedPanel(Widget):
    """A few lines per related passage; two lines each when there is room, else one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "related-panel--number",
        "related-panel--score",
        "related-panel--title",
        "related-panel--dim",
        "related-panel--entity",
    }

    @dataclass
    class Chosen(Message):
        """The user clicked a related passage (its index in the list)."""

        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.passages: list[RelatedPassage] = []
        self.note = IDLE_HINT
        self._lines_per_item = 1
        self.border_title = "Related passages"

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def show_pending(self) -> None:
        """A lookup is running for the passage under the cursor."""
        self._set([], "Looking for related passages…", "")

    def show_results(self, passages: Sequence[RelatedPassage]) -> None:
        """Show the passages related to the paragraph under the cursor."""
        count = len(passages)
        subtitle = f"{count} found · r jumps, R next" if count else ""
        self._set(list(passages), "No related passages for this paragraph.", subtitle)

    def show_note(self, note: str) -> None:
        """No passage to look up (no article, no paragraph): show a hint instead."""
        self._set([], note, "")

    def _set(self, passages: list[RelatedPassage], note: str, subtitle: str) -> None:
        self.passages = passages
        self.note = note
        self.border_subtitle = subtitle
        self.refresh()

    def lines(self, width: int, height: int) -> list[Text]:
        """The panel's lines at a size (two per passage when all of the first three fit)."""
        style = self.get_component_rich_style
        if not self.passages:
            return [Text(self.note, style=style("related-panel--dim"))]
        self._lines_per_item = 2 if height >= 2 * min(len(self.passages), 3) else 1
        shown = self.passages[: max(height // self._lines_per_item, 1)]
        lines: list[Text] = []
        for number, passage in enumerate(shown, 1):
            head = Text(no_wrap=True, overflow="ellipsis", end="")
            head.append(f"{number} ", style("related-panel--number"))
            head.append(f"{passage.score:.2f} ", style("related-panel--score"))
            title = strip_controls(passage.title).replace("\n", " ") or passage.article_id
            head.append(title, style("related-panel--title"))
            detail = self._why(passage) + Text(first_words(passage.text))
            if self._lines_per_item == 2:
                lines.extend([head, Text("  ") + detail])
            else:
                lines.append(head + Text(" ") + detail)
        for line in lines:
            line.truncate(max(width, 1), overflow="ellipsis")
        return lines

    def _why(self, passage: RelatedPassage) -> Text:
        """A short reason: the shared names, then the shared words (the full one is in the
        status line after a jump)."""
        style = self.get_component_rich_style
        why = Text()
        names = [strip_controls(n) for n in passage.shared_entities[:REASON_ITEMS]]
        terms = [strip_controls(t) for t in passage.shared_terms[:REASON_ITEMS]]
        if not names and not terms:
            names = [strip_controls(passage.reason)]
        why.append(", ".join(names), style("related-panel--entity"))
        if names and terms:
            why.append(" + ", style("related-panel--dim"))
        why.append(", ".join(terms), style("related-panel--dim"))
        why.append(" │ ", style("related-panel--dim"))
        return why

    def render(self) -> Text:
        """Paint the panel."""
        size = self.content_size
        text = Text("\n").join(self.lines(size.width, size.height))
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.passages:
            return
        index = offset.y // self._lines_per_item
        if 0 <= index < len(self.passages):
            self.post_message(self.Chosen(index))
