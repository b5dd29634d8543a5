"""The main screen's key actions: moving between panes, hits, mentions and history, and
changing an article's state. A mixin, so `main.py` stays about wiring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget
from textual.widgets import Input

from index.store import ArticleSummary
from tui.data import Span
from tui.history import Position
from tui.widgets.entity_sidebar import EntityOptions
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class ReaderActions:
    """Actions bound to keys on the main screen."""

    def focus_order(self: MainScreen) -> list[Widget]:
        """The panes in Tab order (the sidebar only while it is shown)."""
        panes: list[Widget] = [
            self.query_one(SearchBar).query_one(Input),
            self.articles,
            self.reader,
        ]
        if self.sidebar.display and self.sidebar.styles.display != "none":
            panes.append(self.sidebar.query_one(EntityOptions))
        return panes

    def action_cycle_pane(self: MainScreen, step: int) -> None:
        """Focus the next (1) or previous (-1) pane."""
        panes = self.focus_order()
        focused = self.focused
        current = next(
            (
                i
                for i, p in enumerate(panes)
                if focused is not None and (p is focused or p in focused.ancestors)
            ),
            0 if step > 0 else 1,
        )
        self.set_focus(panes[(current + step) % len(panes)])

    def action_search(self: MainScreen) -> None:
        """Put the cursor in the search bar (a priority key, so keys typed next land there)."""
        if isinstance(self.focused, Input):  # typing a "/" in an input
            self.focused.insert_text_at_cursor("/")
            return
        self.query_one(SearchBar).focus_input()

    def action_hit(self: MainScreen, step: int) -> None:
        """Go to the next or previous search hit in the article."""
        if self.reader.view is None:
            self.notify("Open an article first.")
            return
        moved = self.reader.step_hit(step)
        if moved is None:
            self.notify(
                "No search hits in this article." if self.query_text else "Search first (/)."
            )
            return
        hit, wrapped = moved
        hits = self.reader.view.hits
        self.status.show(f"Search hit {hits.index(hit) + 1} of {len(hits)}")
        if wrapped:
            self.notify("Search hits: wrapped round.")

    def action_mention(self: MainScreen, step: int) -> None:
        """Go to the next or previous mention of the chosen entity, across articles."""
        if self.cursor is None:
            self.notify("Choose an entity in the sidebar first (e, then Enter).")
            return
        here = self.reader.article_id
        move = self.cursor.next if step > 0 else self.cursor.previous
        result = move(here, self.reader.top_block())
        if result is None:
            self.notify(f"No mentions of {self.cursor.label}.")
            return
        ref = result.mention
        span = Span(ref.block, ref.start, ref.end)
        if ref.article_id == here:
            self.reader.focus_on(span)
            self.history.visit(Position(ref.article_id, ref.block, (ref.block, ref.start, ref.end)))
        else:
            self.open_article(ref.article_id, block=ref.block, span=span)
        self.status.show(self.cursor.status())
        if result.wrapped:
            where = "first" if step > 0 else "last"
            self.notify(f"{self.cursor.label}: wrapped round to the {where} mention.")

    def action_back(self: MainScreen) -> None:
        """Go back to the previous reading position."""
        self._go(self.history.back(), "Nothing to go back to.")

    def action_forward(self: MainScreen) -> None:
        """Go forward again."""
        self._go(self.history.forward(), "Nothing to go forward to.")

    def _go(self: MainScreen, position: Position | None, empty: str) -> None:
        if position is None:
            self.notify(empty)
            return
        span = Span(*position.mention) if position.mention else None
        if position.article_id == self.reader.article_id:
            self.reader.scroll_to_block(position.block)
            self.reader.focus_on(span)
            if position.passage is not None:
                self.reader.set_passage(position.passage, scroll=False)
        else:
            self.open_article(
                position.article_id,
                block=position.block,
                span=span,
                record=False,
                passage=position.passage,
            )

    def _target(self: MainScreen) -> ArticleSummary | None:
        """The article a state key acts on: the list's cursor row there, else the open one."""
        if self.articles.has_focus or self.reader.article_id is None:
            return self.articles.current
        index = self.articles.index_of(self.reader.article_id)
        return self.articles.rows[index] if index is not None else None

    def action_star(self: MainScreen) -> None:
        """Star or unstar the current article."""
        row = self._target()
        if row is not None:
            self.articles.patch(row.id, starred=not row.starred)
            self.save_state(row.id, starred=int(not row.starred))
            self.status.show(f"{'Unstarred' if row.starred else 'Starred'}: {row.title}")

    def action_toggle_read(self: MainScreen) -> None:
        """Mark the current article read or unread."""
        row = self._target()
        if row is not None:
            self.articles.patch(row.id, read=not row.read)
            self.save_state(row.id, read=int(not row.read))
            self.status.show(f"Marked {'unread' if row.read else 'read'}: {row.title}")

    def action_toggle_marks(self: MainScreen) -> None:
        """Show or hide entity mentions, coloured by type, in the reader."""
        self.reader.show_mentions = not self.reader.show_mentions
        self.status.show(f"Entity marks {'on' if self.reader.show_mentions else 'off'}")

    def action_sort(self: MainScreen) -> None:
        """Switch the list's order."""
        if self.query_text:
            self.sort = "date" if self.sort == "relevance" else "relevance"
            self.run_search(self.query_text, self.sort, self.reader.view)
        else:
            self.sort = "title" if self.sort == "date" else "date"
            self.load_rows()
        self.status.show(f"Sorting by {self.sort}…", busy=True)

    def action_toggle_sidebar(self: MainScreen) -> None:
        """Show or hide the entity sidebar (on narrow terminals it starts hidden)."""
        name = "-show-sidebar" if self.has_class("-narrow") else "-hide-sidebar"
        self.toggle_class(name)
        if self.sidebar.styles.display != "none" and (name == "-show-sidebar") == self.has_class(
            name
        ):
            self.sidebar.focus_list()
        elif self.focused is None or self.sidebar in self.focused.ancestors:
            self.set_focus(self.articles)
