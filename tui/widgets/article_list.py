"""The article list: a Line API widget that paints only the rows on screen.

A library of 100,000 articles costs one `ArticleSummary` per row and no widgets; scrolling a
page repaints the visible lines only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.store import ArticleSummary
from index.text import strip_controls


@dataclass(frozen=True)
class RowPalette:
    """The full style of each part of a row (the list's own style included)."""

    plain: Style
    unread: Style
    dim: Style
    star: Style
    count: Style


def _one_line(text: str) -> str:
    """Text safe for one terminal row: no controls or escapes, tabs and newlines as spaces."""
    return strip_controls(text).replace("\t", " ").replace("\n", " ")


def _fit(text: str, cells: int) -> str:
    """`text` padded with spaces or cut with … to exactly `cells` terminal cells."""
    length = cell_len(text)
    if length <= cells:
        return text + " " * (cells - length)
    return set_cell_size(text, cells - 1) + "…"


def row_positions(rows: Sequence[ArticleSummary]) -> dict[str, int]:
    """Article id → row number, as `ArticleList.set_rows` needs it."""
    return {row.id: i for i, row in enumerate(rows)}


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
        self._palettes: tuple[RowPalette, RowPalette] | None = None

    @property
    def current(self) -> ArticleSummary | None:
        """The article under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(
        self,
        rows: Sequence[ArticleSummary],
        *,
        keep_cursor: bool = True,
        positions: dict[str, int] | None = None,
    ) -> None:
        """Show new rows; the cursor stays on the same article if listed (else goes to the top).

        `positions` (article id → row number, from `row_positions`) may come ready-made
        from a worker: for 100,000 rows, building it takes the UI thread ~25 ms.
        """
        keep = self.current.id if keep_cursor and self.current else None
        self.rows = list(rows)
        self._where = positions if positions is not None else row_positions(self.rows)
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
        width = self.scrollable_content_region.width
        segments = self._row_segments(self.rows[index], width, self._row_palettes()[0])
        return "".join(segment.text for segment in segments)

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

    def render_lines(self, crop: Region) -> list[Strip]:
        """Paint the visible rows; the styles are read once per paint, not once per row."""
        self._palettes = None  # a focus or theme change since the last paint shows now
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Paint one visible row."""
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        normal, on_cursor = self._row_palettes()
        if index >= len(self.rows) or width <= 0:
            return Strip.blank(width, normal.plain)
        palette = on_cursor if index == self.cursor else normal
        segments = self._row_segments(self.rows[index], width, palette)
        return Strip(segments).adjust_cell_length(width, palette.plain)

    def _row_palettes(self) -> tuple[RowPalette, RowPalette]:
        """The styles of a row's parts, off the cursor and on it (cached for one paint)."""
        if self._palettes is None:
            base = self.rich_style
            part = self.get_component_rich_style
            normal = RowPalette(
                plain=base,
                unread=base + part("article-list--unread"),
                dim=base + part("article-list--dim"),
                star=base + part("article-list--star"),
                count=base + part("article-list--count"),
            )
            cursor = part("article-list--cursor")
            self._palettes = (
                normal,
                RowPalette(*(style + cursor for style in dataclasses.astuple(normal))),
            )
        return self._palettes

    def _row_segments(self, row: ArticleSummary, width: int, palette: RowPalette) -> list[Segment]:
        """One row as styled segments exactly `width` cells wide: ● unread, ★ starred, the
        title (cut with … to fit), then source, date and mention count as the width allows."""
        tail: list[Segment] = []
        if width >= 50 and row.source:
            tail.append(Segment(" " + _one_line(row.source)[:14], palette.dim))
        if width >= 30 and row.date:
            tail.append(Segment(" " + _one_line(row.date[:10]), palette.dim))
        if self.counts:
            count = self.counts.get(row.id, 0)
            tail.append(Segment(f" {f'×{count}' if count else '':>4}", palette.count))
        tail_cells = sum(cell_len(segment.text) for segment in tail)
        room = max(width - 3 - tail_cells, 1)
        title = _fit(_one_line(row.title), room)
        segments = [
            Segment(" " if row.read else "●", palette.unread),
            Segment("★" if row.starred else " ", palette.star),
            Segment(" ", palette.plain),
            Segment(title, palette.plain if row.read else palette.unread),
            *tail,
        ]
        if 3 + room + tail_cells <= width:
            return segments
        # Too narrow for the tail: cut the row and end it with …, as the title is cut.
        kept = list(Strip(segments).crop(0, width - 1))
        last = kept[-1].style if kept else palette.plain
        return [*kept, Segment("…", last)]
