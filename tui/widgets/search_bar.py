"""The search bar: a query input that searches as you type, with the result count and a
did-you-mean suggestion beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from index.text import strip_controls

DEBOUNCE_SECONDS = 0.25


class SearchBar(Horizontal):
    """Posts `QueryChanged` once typing pauses for a quarter second, `Cleared` on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear search", id="search.clear"),
    ]
    """Esc clears the query and returns to the full list; Enter runs the query at once and
    moves to the results; the query language: words, "phrases", -word, person:lavrov,
    place:/org:/entity:, date:2025-06, title:word."""

    @dataclass
    class QueryChanged(Message):
        """Search for this text (empty: show every article)."""

        query: str

    @dataclass
    class Cleared(Message):
        """The user left the search with Esc."""

    @dataclass
    class Submitted(Message):
        """The user pressed Enter in the search input."""

        query: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder='/ search: words, "phrases", -not, person:name, date:2025-06')
        yield Static(id="search-info")

    @property
    def value(self) -> str:
        """The query typed."""
        return self.query_one(Input).value

    def focus_input(self) -> None:
        """Put the cursor in the query input."""
        self.screen.set_focus(self.query_one(Input))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self.post_message(self.QueryChanged(self.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
            self._fire()
        self.post_message(self.Submitted(self.value))

    def action_clear(self) -> None:
        """Empty the query and go back to the full list."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        with self.prevent(Input.Changed):
            self.query_one(Input).value = ""
        self.show_info(None)
        self.post_message(self.Cleared())

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.action_clear()

    def show_info(
        self, total: int | None, suggestion: str | None = None, sort: str = "relevance"
    ) -> None:
        """Show the result count (None: no search) and any did-you-mean."""
        info = Text()
        if total is not None:
            info.append(f"{total} result{'s' if total != 1 else ''}", style="bold")
            info.append(f" · by {sort}", style="dim")
        if suggestion:
            info.append(" · did you mean: ", style="dim")
            info.append(strip_controls(suggestion), style="italic")
        self.query_one("#search-info", Static).update(info)
