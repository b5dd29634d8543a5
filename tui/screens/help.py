"""The `?` help screen: every key of every pane, with the user's keymap applied."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import effective_keys

Section = tuple[str, Sequence[Binding], str]


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; any of Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
    ]
    """Esc, q or ? close the help; j/k or the arrows scroll it."""

    def __init__(self, sections: Sequence[Section], keymap: dict[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._table(), id="help-table")

    def action_scroll(self, step: int) -> None:
        """Scroll the help."""
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_to(y=body.scroll_y + step, animate=False)

    def _table(self) -> Table:
        table = Table(
            title="newsdesk keys",
            caption='Override any key by id in keymap.toml: [keys] id = "ctrl+x"',
            expand=True,
            show_edge=False,
            pad_edge=False,
        )
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Does")
        table.add_column("Id", style="dim", no_wrap=True)
        for title, bindings, note in self.sections:
            table.add_row(Text(title, style="bold underline"), Text(note, style="italic"), "")
            for binding in bindings:
                keys = effective_keys(binding, self.keymap)
                shown = ", ".join(
                    self.app.get_key_display(Binding(k.strip(), binding.action))
                    for k in keys.split(",")
                )
                table.add_row(shown, binding.description, binding.id or "")
            table.add_row("", "", "")
        return table
