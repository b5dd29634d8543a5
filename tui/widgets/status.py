"""The status line: what the app is doing (with a spinner while workers run) or where the
mention cursor is."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import LoadingIndicator, Static

from index.text import strip_controls


class StatusLine(Horizontal):
    """One line: an optional busy indicator and a message."""

    message: str = ""

    def compose(self) -> ComposeResult:
        yield LoadingIndicator(id="busy")
        yield Static(id="status-text")

    def show(self, message: str, *, busy: bool | None = None) -> None:
        """Show a message (plain text, never markup); `busy` shows or hides the spinner."""
        self.message = strip_controls(message)
        self.query_one("#status-text", Static).update(Text(self.message))
        if busy is not None:
            self.set_busy(busy)

    def show_text(self, text: Text) -> None:
        """Show styled text (built by the caller from plain strings, never markup)."""
        self.message = text.plain
        self.query_one("#status-text", Static).update(text)

    def set_busy(self, busy: bool) -> None:
        """Show or hide the busy indicator."""
        self.query_one("#busy", LoadingIndicator).display = busy
