"""The article list: a Line API widget that paints only the rows on screen.

A library of 100,000 articles costs one `ArticleSummary` per row and no widgets; scrolling a
page repaints the visible lines only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.store import ArticleSummary
from index.text import strip_controls


class ArticleList(ScrollView, can_focus=True):
    """One line per article: unread marker, star, title, source, date, mention count."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Down", show=False, id="list.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="list.up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "jump(0)", "First", show=False, id="list.first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="list.last"),
        Binding("enter", "open", "Open", id="list.open"),
    ]
    """j/k or arrows move the cursor, PgUp/PgDn/Space page, g/G or Home/End jump to the ends,
    Enter opens the article under the cursor in the reader."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--dim",
        "article-list--star",
        "article-list--count",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Selected(Message):
        """The user opened an article (Enter or click)."""

        article_id: str

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another article (not opened)."""

        article_id: str

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleList.Highlighted)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ArticleSummary] = []
        self.counts: dict[str, int] = {}
        self._where: dict[str, int] = {}

    @property
    def current(self) -> ArticleSummary | None:
        """The article under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(self, rows: Sequence[ArticleSummary], *, keep_cursor: bool = True) -> None:
        """Show new rows; the cursor stays on the same article if listed (else goes to the top)."""
        keep = self.current.id if keep_cursor and self.current else None
        self.rows = list(rows)
        self._where = {row.id: i for i, row in enumerate(self.rows)}
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.cursor = self._where.get(keep, 0) if keep else 0
        self.scroll_to_cursor(center=True)
        self.refresh()

    def set_counts(self, counts: dict[str, int]) -> None:
        """Mention counts of the selected entity per article (empty: no column)."""
        self.counts = counts
        self.refresh()

    def update_row(self, summary: ArticleSummary) -> None:
        """Replace one row (after starring or marking read)."""
        index = self._where.get(summary.id)
        if index is not None:
            self.rows[index] = summary
            self.refresh_line(index)  # refresh_line takes a content line, not a screen row

    def patch(self, article_id: str, **changes: bool) -> ArticleSummary | None:
        """Change fields of a row in place; return the new row."""
        index = self._where.get(article_id)
        if index is None:
            return None
        self.update_row(dataclasses.replace(self.rows[index], **changes))
        return self.rows[index]

    def index_of(self, article_id: str) -> int | None:
        """Row number of an article, if listed."""
        return self._where.get(article_id)

    def select_id(self, article_id: str) -> None:
        """Move the cursor to an article without opening it."""
        index = self._where.get(article_id)
        if index is not None:
            self.cursor = index
            self.scroll_to_cursor()

    def row_plain(self, index: int) -> str:
        """The text of one row as drawn (for tests and screen readers)."""
        return self._row_text(self.rows[index], self.scrollable_content_region.width).plain

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh())

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        if self.current is not None:
            self.post_message(self.Highlighted(self.current.id))

    def scroll_to_cursor(self, center: bool = False) -> None:
        """Scroll so the cursor row is visible."""
        height = max(self.scrollable_content_region.height, 1)
        top = self.scroll_offset.y
        if center and not (top <= self.cursor < top + height):
            self.scroll_to(y=max(self.cursor - height // 2, 0), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    def action_move(self, step: int) -> None:
        """Move the cursor by `step` rows."""
        if self.rows:
            self.cursor = min(max(self.cursor + step, 0), len(self.rows) - 1)
            self.scroll_to_cursor()

    def action_page(self, direction: int) -> None:
        """Move the cursor one page."""
        self.action_move(direction * max(self.scrollable_content_region.height - 1, 1))

    def action_jump(self, where: int) -> None:
        """Jump to the first (0) or last (-1) row."""
        if self.rows:
            self.cursor = 0 if where == 0 else len(self.rows) - 1
            self.scroll_to_cursor()

    def action_open(self) -> None:
        """Open the article under the cursor."""
        if self.current is not None:
            self.post_message(self.Selected(self.current.id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.post_message(self.Selected(self.rows[index].id))

    def render_line(self, y: int) -> Strip:
        """Paint one visible row."""
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if index >= len(self.rows) or width <= 0:
            return Strip.blank(width, base)
        text = self._row_text(self.rows[index], width)
        if index == self.cursor:
            text.stylize(self.get_component_rich_style("article-list--cursor"))
        segments = [
            Segment(s.text, base + s.style if s.style else base)
            for s in text.render(self.app.console)
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def _row_text(self, row: ArticleSummary, width: int) -> Text:
        style = self.get_component_rich_style
        count = self.counts.get(row.id, 0) if self.counts else 0
        tail = Text()
        if width >= 50 and row.source:
            tail.append(" " + strip_controls(row.source)[:14], style("article-list--dim"))
        if width >= 30 and row.date:
            tail.append(" " + row.date[:10], style("article-list--dim"))
        if self.counts:
            tail.append(f" {f'×{count}' if count else '':>4}", style("article-list--count"))
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append("●" if not row.read else " ", style("article-list--unread"))
        text.append("★" if row.starred else " ", style("article-list--star"))
        text.append(" ")
        title_style = style("article-list--unread") if not row.read else Style()
        title = Text(strip_controls(row.title).replace("\n", " "), style=title_style)
        room = max(width - 3 - tail.cell_len, 1)
        title.truncate(room, overflow="ellipsis", pad=True)
        text.append_text(title)
        text.append_text(tail)
        text.truncate(width, overflow="ellipsis", pad=True)
        return text
