"""The reader: an article laid out as lines (Line API), wrapped to the pane's width.

Every piece of article text goes into a `rich.text.Text` as data, never parsed as markup, and
loses its control characters first. Search hits and entity mentions are styled spans; the
current hit or mention is shown reversed and scrolled into view. A passage cursor (a bar in
the left gutter) sits on one paragraph; the screen finds the passages related to it.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.text import strip_controls
from tui.data import ArticleView, Span
from tui.widgets.text_layout import clean_with_offsets, wrap_text

TYPE_CLASSES = {
    "PERSON": "reader--person",
    "PLACE": "reader--place",
    "ORG": "reader--org",
    "OTHER": "reader--other",
}
EMPTY_HINT = "Choose an article in the list and press Enter. Press ? for every key."
PASSAGE_BAR = "▌"
GUTTER = 1  # cells left of the text, where the passage cursor's bar is drawn

__all__ = ["Reader", "clean_with_offsets", "empty_library_hint", "wrap_text"]


def empty_library_hint(folder: Path) -> str:
    """What the reader says while the library holds no article: how to add some."""
    from index.readers import SUPPORTED_SUFFIXES  # the data layer is loaded by now

    formats = " ".join(sorted(SUPPORTED_SUFFIXES))
    command = f"newsdesk --library {shlex.quote(str(folder))} add PATH..."
    return (
        "This library has no articles yet. Add files or folders of articles from a terminal,"
        f" then open it again:\n\n{command}\n\nFormats: {formats}. Press ? for every key."
    )


class Reader(ScrollView, can_focus=True):
    """Shows one article; `show` it an ArticleView, move its hit or mention with `focus_on`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_lines(1)", "Down", show=False, id="reader.down"),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False, id="reader.up"),
        Binding("space,pagedown", "scroll_page(1)", "Page down", show=False, id="reader.page_down"),
        Binding("pageup", "scroll_page(-1)", "Page up", show=False, id="reader.page_up"),
        Binding("home,g", "scroll_home(False)", "Top", show=False, id="reader.top"),
        Binding("end,G", "scroll_end(False)", "Bottom", show=False, id="reader.bottom"),
    ]
    """j/k or arrows scroll a line, Space/PgDn and PgUp a page, g/G or Home/End to either end."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--subtitle",
        "reader--meta",
        "reader--subheading",
        "reader--hit",
        "reader--current",
        "reader--entity",
        "reader--passage",
        "reader--related",
        *TYPE_CLASSES.values(),
    }

    show_mentions: reactive[bool] = reactive(False)

    @dataclass
    class PositionChanged(Message):
        """The block at the top of the reader changed (it scrolled)."""

        article_id: str
        block: int

    @dataclass
    class PassageMoved(Message):
        """The passage cursor moved to another paragraph (None: the article has none)."""

        article_id: str
        block: int | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: ArticleView | None = None
        self.focus_span: Span | None = None
        self.entity_key: str | None = None
        self.hit_index: int | None = None
        self.passage: int | None = None  # the block under the passage cursor
        self.related_block: int | None = None  # a passage reached by a related jump
        self._lines: list[Strip] = []
        self._block_lines: list[list[int]] = []  # per block: start offset of each wrapped line
        self._block_top: list[int] = []  # per block: its first line number
        self._width = 0
        self._top_block = 0
        self._hint = EMPTY_HINT  # shown while no article is

    @property
    def article_id(self) -> str | None:
        """The id of the article shown."""
        return self.view.article.id if self.view else None

    def show(
        self,
        view: ArticleView | None,
        block: int = 0,
        passage: int | None = None,
        *,
        highlight: bool = False,
    ) -> None:
        """Show an article scrolled to `block`, the passage cursor on `passage` (default: the
        first paragraph from `block` on); `highlight` tints that passage (a related jump)."""
        self.view = view
        self.focus_span = None
        self.hit_index = None
        self.passage = None
        paragraphs = self.paragraphs()
        if passage not in paragraphs:
            passage = next((p for p in paragraphs if p >= block), None)
            passage = passage if passage is not None else (paragraphs or [None])[-1]
        self.related_block = passage if highlight else None
        self._rebuild()
        self.scroll_to_block(block)
        if view is not None:
            self.set_passage(passage, scroll=False, force=True)

    def set_hint(self, hint: str) -> None:
        """What to show while no article is shown (an empty library says how to fill it)."""
        if hint != self._hint:
            self._hint = hint
            if self.view is None:
                self._rebuild()

    def paragraphs(self) -> list[int]:
        """The indices of the article's paragraph blocks (where the passage cursor can go)."""
        blocks = self.view.article.blocks if self.view else []
        return [i for i, b in enumerate(blocks) if b.kind == "paragraph"]

    def set_passage(self, block: int | None, *, scroll: bool = True, force: bool = False) -> None:
        """Put the passage cursor on a block (scrolled into view) and report it."""
        if self.view is None or (block == self.passage and not force):
            return
        self.passage = block
        self.refresh()
        if scroll and block is not None:
            self._scroll_into_view(block)
        self.post_message(self.PassageMoved(self.view.article.id, block))

    def step_passage(self, step: int) -> int | None:
        """Move the passage cursor to the next (1) or previous (-1) paragraph; None at the end.

        When the cursor was scrolled out of view it starts again from what is on screen.
        """
        paragraphs = self.paragraphs()
        if not paragraphs:
            return None
        top, height = self.scroll_offset.y, max(self.scrollable_content_region.height, 1)
        current = self.passage
        if current is None or not self._block_visible(current, top, height):
            shown = [p for p in paragraphs if self._block_visible(p, top, height)]
            if shown:  # the first (or last) paragraph on screen is the natural start
                target = shown[0] if step > 0 else shown[-1]
                if target != current:
                    self.set_passage(target)
                    return target
        later = [p for p in paragraphs if current is None or (p - current) * step > 0]
        if not later:
            return None
        target = min(later) if step > 0 else max(later)
        self.set_passage(target)
        return target

    def _block_visible(self, block: int, top: int, height: int) -> bool:
        """Whether any line of a block is on screen."""
        if not 0 <= block < len(self._block_top):
            return False
        first = self._block_top[block]
        return first < top + height and first + len(self._block_lines[block]) > top

    def _scroll_into_view(self, block: int) -> None:
        if not 0 <= block < len(self._block_top):
            return
        first = self._block_top[block]
        last = first + len(self._block_lines[block]) - 1
        top, height = self.scroll_offset.y, max(self.scrollable_content_region.height, 1)
        if first < top or last >= top + height:
            self.scroll_to_line(first - min(2, height // 4))

    def plain_lines(self) -> list[str]:
        """The laid-out lines as plain text, exactly the characters drawn."""
        return ["".join(segment.text for segment in strip) for strip in self._lines]

    def set_hits(self, hits: list[Span]) -> None:
        """Replace the search hits (the query changed)."""
        if self.view is not None:
            self.view.hits = hits
            self.hit_index = None
            self._rebuild()

    def set_entity(self, key: str | None) -> None:
        """Mark every mention of one entity (the one selected in the sidebar)."""
        self.entity_key = key
        self._rebuild()

    def focus_on(self, span: Span | None) -> None:
        """Highlight one span as current and scroll it into view."""
        self.focus_span = span
        self._rebuild()
        if span is not None and span.block in self.paragraphs():
            self.set_passage(span.block, scroll=False)
        if span is not None:
            self.scroll_to_line(self.line_of(span.block, span.start) - self.size.height // 3)

    def step_hit(self, step: int) -> tuple[Span, bool] | None:
        """Go to the next (1) or previous (-1) search hit; returns it and whether it wrapped."""
        hits = self.view.hits if self.view else []
        if not hits:
            return None
        if self.hit_index is None:
            top = self.top_block()
            after = [i for i, h in enumerate(hits) if h.block >= top]
            index = (after[0] if after else 0) if step > 0 else (after[0] - 1 if after else -1)
            wrapped = False
        else:
            index = self.hit_index + step
            wrapped = not 0 <= index < len(hits)
        self.hit_index = index % len(hits)
        self.focus_on(hits[self.hit_index])
        return hits[self.hit_index], wrapped

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())

    def watch_show_mentions(self) -> None:
        self._rebuild()

    def line_of(self, block: int, offset: int = 0) -> int:
        """The line number where a character of a block is drawn."""
        if not 0 <= block < len(self._block_top):
            return 0
        starts = self._block_lines[block]
        within = max((i for i, s in enumerate(starts) if s <= offset), default=0)
        return self._block_top[block] + within

    def top_block(self) -> int:
        """The block at the top of the view."""
        y = self.scroll_offset.y
        best = 0
        for i, top in enumerate(self._block_top):
            if top <= y:
                best = i
        return best

    def scroll_to_block(self, block: int) -> None:
        """Scroll so a block is at the top (block 0: the very top, with the title)."""
        self.scroll_to_line(self.line_of(block) if block > 0 else 0)

    def scroll_to_line(self, line: int) -> None:
        """Scroll to a line number (clamped)."""
        limit = max(len(self._lines) - self.scrollable_content_region.height, 0)
        self.scroll_to(y=min(max(line, 0), limit), animate=False, immediate=True)

    def action_scroll_lines(self, step: int) -> None:
        """Scroll a few lines."""
        self.scroll_to_line(self.scroll_offset.y + step)

    def action_scroll_page(self, step: int) -> None:
        """Scroll a page."""
        self.scroll_to_line(self.scroll_offset.y + step * max(self.size.height - 2, 1))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        block = self.top_block()
        if self.view is not None and block != self._top_block:
            self._top_block = block
            self.post_message(self.PositionChanged(self.view.article.id, block))

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            top = self.top_block()
            self._rebuild()
            self.scroll_to_block(top)

    def render_line(self, y: int) -> Strip:
        """Paint one visible line."""
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        gutter = Segment(" " * GUTTER, self.rich_style)
        if self.passage is not None and self.passage < len(self._block_top):
            first = self._block_top[self.passage]
            if first <= index < first + len(self._block_lines[self.passage]):
                bar = self.rich_style + self.get_component_rich_style("reader--passage")
                gutter = Segment(PASSAGE_BAR.ljust(GUTTER), bar)
        return Strip([gutter, *self._lines[index]], width)

    # -- layout -------------------------------------------------------------------------

    def _rebuild(self) -> None:
        """Lay the article out again at the current width."""
        self._width = self.scrollable_content_region.width
        width = self._width - GUTTER
        self._lines, self._block_lines, self._block_top = [], [], []
        if width <= 0:
            return
        style = self.get_component_rich_style
        if self.view is None:
            for paragraph in self._hint.split("\n\n"):  # a blank line between paragraphs
                self._add(Text(strip_controls(paragraph), style=style("reader--meta")), width)
                self._blank(width)
        else:
            self._layout_article(self.view, width)
        self.virtual_size = Size(self._width, len(self._lines))
        self.refresh()

    def _layout_article(self, view: ArticleView, width: int) -> None:
        style = self.get_component_rich_style
        article = view.article
        self._add(Text(strip_controls(article.title), style=style("reader--title")), width)
        if article.subtitle:
            self._add(
                Text(strip_controls(article.subtitle), style=style("reader--subtitle")), width
            )
        meta = [article.source, article.date and article.date[:10]]
        if article.updated:
            meta.append(f"updated {article.updated[:16].replace('T', ' ')}")
        if article.contributors:
            meta.append("by " + ", ".join(article.contributors))
        line = " · ".join(strip_controls(m) for m in meta if m)
        if line:
            self._add(Text(line, style=style("reader--meta")), width)
        self._blank(width)
        spans_by_block: dict[int, list[tuple[Span, Style]]] = {}
        for span, span_style in self._styled_spans(view):
            spans_by_block.setdefault(span.block, []).append((span, span_style))
        for index, block in enumerate(article.blocks):
            text, mapping = clean_with_offsets(block.text)
            body_style = style("reader--subheading") if block.kind == "subheading" else Style()
            if index == self.related_block:
                body_style += style("reader--related")
            rich_text = Text(text, style=body_style)
            for span, span_style in spans_by_block.get(index, ()):
                start, end = (
                    (mapping[span.start], mapping[span.end])
                    if mapping
                    else (
                        span.start,
                        span.end,
                    )
                )
                rich_text.stylize(span_style, start, end)
            self._block_top.append(len(self._lines))
            self._block_lines.append(self._add(rich_text, width))
            self._blank(width)

    def _styled_spans(self, view: ArticleView) -> Iterable[tuple[Span, Style]]:
        style = self.get_component_rich_style
        for m in view.mentions:
            if self.show_mentions:
                yield m, style(TYPE_CLASSES.get(m.type, "reader--other"))
            if self.entity_key and m.key == self.entity_key:
                yield m, style("reader--entity")
        for hit in view.hits:
            yield hit, style("reader--hit")
        if self.focus_span is not None:
            yield self.focus_span, style("reader--current")

    def _add(self, text: Text, width: int) -> list[int]:
        # Text.render leaves a span-less text's own style out: apply it to every segment.
        own = self.app.console.get_style(text.style, default=Style.null())
        base = self.rich_style + own
        pad = self.rich_style + Style(bgcolor=own.bgcolor)  # a tint, but no underline, to the edge
        starts = []
        for start, piece in wrap_text(text, width):
            segments = [
                Segment(s.text, base + s.style if s.style else base)
                for s in piece.render(self.app.console)
            ]
            self._lines.append(Strip(segments).adjust_cell_length(width, pad))
            starts.append(start)
        return starts

    def _blank(self, width: int) -> None:
        self._lines.append(Strip.blank(width, self.rich_style))
