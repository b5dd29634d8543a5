"""The newsdesk reader app and its factory.

The first screen appears at once with the newest articles, read straight from the store;
then the library is opened in a thread worker (on first use that imports the seeds and builds
the index) while the status line says so. Nothing heavy is imported before the first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from index.errors import NewsdeskError
from tui.data import LibraryGateway
from tui.first_rows import FirstRows, start_reading_first_rows
from tui.keymap import load_keymap
from tui.palette import NewsdeskCommands
from tui.screens.help import HelpScreen, Section
from tui.screens.main import MainScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.entity_sidebar import EntityOptions, EntitySidebar
from tui.widgets.reader import Reader
from tui.widgets.search_bar import SearchBar

DEFAULT_THEME = "textual-dark"


@dataclass
class FirstRowsRead(Message):
    """The newest rows and the article count, read before the library opens (None: no store
    yet, or one that needs an upgrade)."""

    first_rows: FirstRows


@dataclass
class LibraryOpened(Message):
    """The library finished opening in its worker."""

    gateway: LibraryGateway


@dataclass
class LibraryNote(Message):
    """Something the library said while opening (import, index rebuild)."""

    text: str


class NewsdeskApp(App[None]):
    """A terminal news reader: article list, reader, entity sidebar and search."""

    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    COMMANDS = App.COMMANDS | {NewsdeskCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Keys", id="help"),
        Binding("T", "change_theme", "Theme", show=False, id="theme"),
    ]
    """q quits, ? shows every key, T picks a theme (remembered in the library); Ctrl+P opens
    the command palette with the main actions."""

    def __init__(
        self,
        library: Path | None = None,
        *,
        import_seeds: bool | None = None,
        keymap_path: Path | None = None,
        first_rows: Future[FirstRows] | None = None,
    ) -> None:
        super().__init__()
        self.library_dir = library
        self.first_rows = first_rows or start_reading_first_rows(library)
        self.import_seeds = import_seeds
        self.gateway: LibraryGateway | None = None
        self.keymap_path = keymap_path
        self.keymap: dict[str, str] = {}
        self.theme = DEFAULT_THEME

    def get_default_screen(self) -> MainScreen:
        """The main screen is the first screen: no empty default screen is painted before it.
        It shows the newest rows at once when they were read while the app was importing."""
        return MainScreen(self.first_rows.result() if self.first_rows.done() else None)

    def on_mount(self) -> None:
        self.call_after_refresh(self.read_keymap)  # after the first paint: no disk before it
        screen = self.screen
        if isinstance(screen, MainScreen) and screen.first_rows is not None:
            self.call_after_refresh(self.open_library)  # the usual case; this imports a lot
        else:
            self.wait_for_first_rows()  # not read yet (or no store): the worker waits

    @work(thread=True, group="settings", exit_on_error=False)
    def read_keymap(self) -> None:
        """Read the user's keymap.toml off the UI thread and apply it."""
        keymap, problem = load_keymap(self.keymap_path)
        self.call_from_thread(self._apply_keymap, keymap, problem)

    def _apply_keymap(self, keymap: dict[str, str], problem: str | None) -> None:
        self.keymap = keymap
        self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning")

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def wait_for_first_rows(self) -> None:
        """Wait for the newest rows (a slow disk), then open the library."""
        self.post_message(FirstRowsRead(self.first_rows.result()))

    def on_first_rows_read(self, message: FirstRowsRead) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.show_first_rows(message.first_rows)
        self.call_after_refresh(self.open_library)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_library(self) -> None:
        """Open the library (seeds imported and the index built on first use)."""
        gateway = LibraryGateway.open(
            self.library_dir,
            import_seeds=self.import_seeds,
            notify=lambda text: self.post_message(LibraryNote(text)),
        )
        self.post_message(LibraryOpened(gateway))

    def on_library_note(self, message: LibraryNote) -> None:
        from index.name_refresh import OUTDATED_MESSAGE  # imported by now: the library opens

        if message.text == OUTDATED_MESSAGE:
            # Advice, not progress: the status line would replace it a moment later.
            self.notify(message.text, title="Older names", timeout=20)
        elif isinstance(self.screen, MainScreen):
            self.screen.status.show(message.text, busy=True)

    def on_library_opened(self, message: LibraryOpened) -> None:
        self.gateway = message.gateway
        self.restore_theme()
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.library_ready(message.gateway)

    @work(thread=True, group="settings", exit_on_error=False)
    def restore_theme(self) -> None:
        """Apply the theme stored in the library, then remember every change."""
        if self.gateway is None:
            return
        stored = self.gateway.setting("theme")
        self.call_from_thread(self._apply_theme, stored)

    def _apply_theme(self, stored: str | None) -> None:
        if stored and stored in self.available_themes:
            self.theme = stored
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        self.save_setting("theme", theme.name)

    @work(thread=True, group="settings", exit_on_error=False)
    def save_setting(self, key: str, value: str) -> None:
        """Store a setting in the library."""
        if self.gateway is not None:
            self.gateway.set_setting(key, value)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_changed(event)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """The one handler of every worker's state (the app's and the screens'): keeps the
        busy indicator in step and turns a failure into a notification, never a traceback."""
        screen = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if screen is not None and screen.is_mounted:
            busy = any(w.is_running and w.group != "state" for w in self.workers)
            screen.status.set_busy(busy or screen.gateway is None)
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        text = (
            str(error) if isinstance(error, NewsdeskError) else f"{type(error).__name__}: {error}"
        )
        self.notify(text, title="Something went wrong", severity="error", timeout=8)
        if screen is not None and screen.is_mounted:
            screen.status.show(f"Failed: {text}")

    def help_sections(self) -> list[Section]:
        """Every pane's keys, for the help screen."""
        palette = Binding(self.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
        return [
            ("Everywhere", [*self.BINDINGS, palette], "quit, keys, theme, palette"),
            ("Main screen", MainScreen.BINDINGS, "work from any pane"),
            ("Search bar", SearchBar.BINDINGS, "results update as you type"),
            ("Article list", ArticleList.BINDINGS, "● unread  ★ starred  ×N mentions"),
            ("Reader", Reader.BINDINGS, "hits and mentions are highlighted"),
            ("Entity sidebar", [*EntitySidebar.BINDINGS, *EntityOptions.BINDINGS], "Enter picks"),
        ]

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections(), self.keymap))

    async def action_quit(self) -> None:
        """Remember where the reader is, then leave."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.save_position_on_exit()
        self.exit()

    def on_unmount(self) -> None:
        if self.gateway is not None:
            self.gateway.close()


def make_app(
    library: Path | None = None,
    *,
    import_seeds: bool | None = None,
    keymap_path: Path | None = None,
    first_rows: Future[FirstRows] | None = None,
) -> NewsdeskApp:
    """Build the app on a library folder (None: the default library, seeds on first use).

    `first_rows`: the newest rows, already being read (`start_reading_first_rows`).
    """
    return NewsdeskApp(
        library, import_seeds=import_seeds, keymap_path=keymap_path, first_rows=first_rows
    )


def run_app(
    library_dir: Path | None,
    *,
    runner: Callable[[NewsdeskApp], object] | None = None,
    first_rows: Future[FirstRows] | None = None,
) -> int:
    """Run the reader on a library until the user quits; return the exit code."""
    app = make_app(library_dir, first_rows=first_rows)
    (runner or (lambda a: a.run()))(app)
    return int(app.return_code or 0)
