"""The entity sidebar: the people, places and organisations of an article, the library or
the current search results, with counts, grouped by type and filtered as you type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index.text import strip_controls
from tui.data import ENTITY_TYPES, EntityRow

SCOPES = ("article", "results", "library")
TYPE_LABELS = {"PERSON": "People", "PLACE": "Places", "ORG": "Organisations", "OTHER": "Other"}
TYPE_STYLES = {"PERSON": "cyan", "PLACE": "green", "ORG": "magenta", "OTHER": "yellow"}


class EntityOptions(OptionList):
    """The entity list itself, with j/k as well as the arrows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
    ]
    """j/k move like the arrows; Enter selects the entity (then ] and [ walk its mentions)."""


class EntitySidebar(Vertical):
    """Entities with counts; the screen feeds it rows for each scope (data down)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "cycle_type", "Type", id="entities.type"),
        Binding("w", "cycle_scope", "Scope", id="entities.scope"),
        Binding("f", "filter", "Filter", show=False, id="entities.filter"),
    ]
    """t cycles the type shown (all, people, places, organisations, other); w switches the
    scope between this article, the search results and the whole library; f (or just typing a
    letter no key uses) filters by name; Esc in the filter clears it."""

    scope: reactive[str] = reactive("article")
    type_filter: reactive[str | None] = reactive(None)

    @dataclass
    class Selected(Message):
        """The user chose an entity (Enter or click)."""

        entity: EntityRow

    @dataclass
    class ScopeChanged(Message):
        """The scope changed; the screen fetches that scope's rows."""

        scope: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: dict[str, list[EntityRow]] = {scope: [] for scope in SCOPES}
        self._by_key: dict[str, EntityRow] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="entity-title")
        yield Input(placeholder="filter entities", id="entity-filter", select_on_focus=False)
        yield EntityOptions(id="entity-options")

    def on_mount(self) -> None:
        self._refresh_options()

    @property
    def options(self) -> EntityOptions:
        """The option list."""
        return self.query_one(EntityOptions)

    def set_rows(self, scope: str, rows: Sequence[EntityRow]) -> None:
        """Give the sidebar the rows of one scope."""
        self.rows[scope] = list(rows)
        if scope == self.scope:
            self._refresh_options()

    def watch_scope(self) -> None:
        self._refresh_options()
        self.post_message(self.ScopeChanged(self.scope))

    def watch_type_filter(self) -> None:
        self._refresh_options()

    def action_cycle_type(self) -> None:
        """Show all types, then each type in turn."""
        order: list[str | None] = [None, *ENTITY_TYPES]
        self.type_filter = order[(order.index(self.type_filter) + 1) % len(order)]

    def action_cycle_scope(self) -> None:
        """Article → search results → library → article."""
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]

    def action_filter(self) -> None:
        """Focus the filter input."""
        self.screen.set_focus(self.query_one(Input))

    def focus_list(self) -> None:
        """Focus the entity list."""
        self.screen.set_focus(self.options)

    @on(Input.Changed, "#entity-filter")
    def _filter_changed(self) -> None:
        self._refresh_options()

    @on(Input.Submitted, "#entity-filter")
    def _filter_submitted(self) -> None:
        options = self.options
        if options.highlighted is None:
            options.action_first()
        self.screen.set_focus(options)
        options.action_select()

    @on(OptionList.OptionSelected)
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self._by_key.get(event.option.id or "")
        if row is not None:
            self.post_message(self.Selected(row))

    def on_key(self, event: events.Key) -> None:
        filter_input = self.query_one(Input)
        if filter_input.has_focus:
            if event.key == "escape":
                filter_input.value = ""
                self.screen.set_focus(self.options)
                event.stop()
            elif event.key in ("down", "up"):
                self.screen.set_focus(self.options)
            return
        bound = event.key in self.app.active_bindings
        if event.is_printable and event.character and event.character.isalnum() and not bound:
            self.screen.set_focus(filter_input)
            filter_input.insert_text_at_cursor(event.character)
            event.stop()

    def _refresh_options(self) -> None:
        if not self.query(EntityOptions):
            return  # not composed yet
        needle = self.query_one(Input).value.strip().casefold()
        rows = [
            r
            for r in self.rows[self.scope]
            if (self.type_filter is None or r.type == self.type_filter)
            and (not needle or needle in r.name.casefold())
        ]
        self._by_key = {r.key: r for r in rows}
        options: list[Option] = []
        for kind in ENTITY_TYPES:
            group = [r for r in rows if r.type == kind]
            if not group:
                continue
            heading = Text(f"{TYPE_LABELS[kind]} ({len(group)})", style=f"bold {TYPE_STYLES[kind]}")
            options.append(Option(heading, disabled=True))
            options.extend(Option(self._prompt(r), id=r.key) for r in group)
        highlighted = self.options.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        self.options.set_options(options)
        if keep in self._by_key:
            self.options.highlighted = self.options.get_option_index(keep)
        kind = TYPE_LABELS.get(self.type_filter or "", "all")
        count = "count = articles" if self.scope == "results" else "count = mentions"
        title = Text(f"Entities: {self.scope} · {kind}", style="bold")
        title.append(f"\n{len(rows)} shown · {count}", style="dim")
        self.query_one("#entity-title", Static).update(title)

    @staticmethod
    def _prompt(row: EntityRow) -> Text:
        text = Text(strip_controls(row.name).replace("\n", " "), no_wrap=True, overflow="ellipsis")
        text.append(f"  {row.count}", style="dim")
        return text
