"""Pilot tests of the reader app: every key on a library built from the seeds."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest
from app_helpers import build_seed_library, copy_library, run_async, settle

from index.store import peek_newest
from tui.app import NewsdeskApp, make_app
from tui.data import LibraryGateway
from tui.first_rows import FirstRows
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.entity_sidebar import EntityOptions, EntitySidebar
from tui.widgets.reader import Reader


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, ingested once per session."""
    return build_seed_library(tmp_path_factory.mktemp("seedlib"))


@pytest.fixture(autouse=True)
def no_user_keymap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own keymap.toml out of the tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def library(seed_library: Path, tmp_path: Path) -> Path:
    """A private copy of the seed library (tests write reading state)."""
    return copy_library(seed_library, tmp_path / "library")


def db(library: Path) -> sqlite3.Connection:
    return sqlite3.connect(library / "library.sqlite3")


def screen_of(app: NewsdeskApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


@run_async
async def test_first_screen_appears_while_the_library_opens(library: Path, monkeypatch) -> None:
    gate = threading.Event()
    threads: list[threading.Thread] = []
    real_open = LibraryGateway.open

    def slow_open(*args, **kwargs):
        threads.append(threading.current_thread())
        gate.wait(5)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(LibraryGateway, "open", slow_open)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        for _ in range(100):  # the rows come from a thread: at once, or a moment later
            if "newest" in screen.status.message:
                break
            await pilot.pause(0.02)
        assert "Opening the library" in screen.status.message
        assert "newest 5 of 5 articles" in screen.status.message
        assert app.screen_stack == [screen]  # the first screen: no empty one painted before
        # Rows handed over before the screen's own mount handler ran: it keeps them shown.
        screen.on_mount()
        assert "newest 5 of 5 articles" in screen.status.message
        assert screen.query_one("#busy").display
        assert threads and threads[0] is not threading.main_thread()
        # The newest rows were read straight from the store: listed before the library opens.
        first = [row.id for row in screen.articles.rows]
        assert len(first) == 5 and screen.gateway is None
        await pilot.press("j")
        gate.set()
        await settle(pilot)
        assert [row.id for row in screen.articles.rows] == first
        assert screen.articles.cursor == 1  # the full list kept the reader's place
        assert not screen.query_one("#busy").display


@run_async
async def test_a_library_whose_names_older_rules_found_says_how_to_find_them_again(
    library: Path,
) -> None:
    """The status line shows what the library says while it opens, then the article count
    replaces it; advice to run a command stays on screen a while, as a notification."""
    from index.name_refresh import NAME_RULES_SETTING, OUTDATED_MESSAGE

    with db(library) as conn:
        conn.execute("UPDATE settings SET value = '1' WHERE key = ?", (NAME_RULES_SETTING,))
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert screen_of(app).gateway is not None
        assert [n.message for n in app._notifications] == [OUTDATED_MESSAGE]


@run_async
async def test_rows_read_after_the_screen_appears_still_show(library: Path) -> None:
    """A slow disk: the newest rows arrive after the main screen is up; they show then,
    and the library opens after them."""
    rows: Future[FirstRows] = Future()
    app = make_app(library, first_rows=rows)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert not screen.articles.rows and screen.gateway is None
        assert screen.status.message == "Opening the library…"
        rows.set_result(peek_newest(library, 3))
        await settle(pilot)
        assert screen.gateway is not None  # opened once the rows were in
        assert len(screen.articles.rows) == 5  # then the full list replaced the newest 3
        # The row numbers came with the full list, made in the worker: each row is found.
        articles = screen.articles
        assert [articles.index_of(row.id) for row in articles.rows] == list(range(5))


@run_async
async def test_quitting_before_the_first_frame_is_clean(library: Path) -> None:
    """`q` typed before anything is painted: the panes mounted after the first frame are
    not mounted into a screen that is going away (that raised a MountError)."""
    for _ in range(3):
        app = make_app(library)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("q")
        assert not app.is_running and app.return_code in (0, None)


@run_async
async def test_the_footer_mounted_last_still_lists_the_keys(library: Path) -> None:
    """The footer is mounted two refreshes after the first frame (the reader, the sidebar,
    then the footer: no frame holds the UI thread for all three). Mounted after the last
    change of bindings, it showed no keys until the focus moved."""
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = [getattr(key, "key", "") for key in app.screen.query("FooterKey")]
        assert "q" in keys and "slash" in keys


@run_async
async def test_list_shows_unread_markers_and_moves_with_j_k(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = screen_of(app).articles
        assert articles.has_focus
        assert all(articles.row_plain(i).startswith("●") for i in range(5))
        await pilot.press("j", "j", "down")
        assert articles.cursor == 3
        await pilot.press("k", "up")
        assert articles.cursor == 1


@run_async
async def test_enter_opens_marks_read_and_click_selects(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        second = screen.articles.rows[1]
        assert screen.reader.article_id == second.id
        assert second.read and not screen.articles.row_plain(1).startswith("●")
        assert db(library).execute(
            "SELECT read FROM reading_state WHERE article_id = ?", (second.id,)
        ).fetchone() == (1,)
        assert screen.reader.plain_lines()[0].strip().startswith(second.title[:20])
        await pilot.click(ArticleList, offset=(5, 4))  # border + row 3
        await settle(pilot)
        assert screen.reader.article_id == screen.articles.rows[3].id


@run_async
async def test_tab_and_shift_tab_cycle_the_panes(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, Reader)
        await pilot.press("tab")
        assert isinstance(app.focused, EntityOptions)
        await pilot.press("tab")
        assert app.focused.id is None and app.focused.parent.id == "search"
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("shift+tab")
        assert app.focused.parent.id == "search"


@run_async
async def test_back_and_forward_through_history(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        first, second = screen.articles.rows[0].id, screen.articles.rows[2].id
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert screen.reader.article_id == second
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.reader.article_id == first
        await pilot.press("alt+right")
        await settle(pilot)
        assert screen.reader.article_id == second
        await pilot.press("alt+left")
        await settle(pilot)
        assert screen.reader.article_id == first


@run_async
async def test_s_stars_and_u_toggles_read(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        row = screen.articles.rows[0]
        await pilot.press("s")
        await settle(pilot)
        assert screen.articles.rows[0].starred
        assert "★" in screen.articles.row_plain(0)
        await pilot.press("u")
        await settle(pilot)
        state = (
            db(library)
            .execute("SELECT read, starred FROM reading_state WHERE article_id = ?", (row.id,))
            .fetchone()
        )
        assert state == (1, 1)
        await pilot.press("u", "s")
        await settle(pilot)
        assert not screen.articles.rows[0].read and not screen.articles.rows[0].starred


@run_async
async def test_m_marks_mentions_by_type(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.reader.show_mentions
        await pilot.press("m")
        assert screen.reader.show_mentions
        assert screen.reader.view.mentions


@run_async
async def test_position_is_restored_when_reopened(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        first = screen.articles.rows[0].id
        await pilot.press("enter", "tab", "space", "space")
        await settle(pilot)
        block = screen.reader.top_block()
        assert block > 0
        await pilot.press("shift+tab", "j", "enter")
        await settle(pilot)
        assert db(library).execute(
            "SELECT position FROM reading_state WHERE article_id = ?", (first,)
        ).fetchone() == (block,)
        await pilot.press("k", "enter")
        await settle(pilot)
        assert screen.reader.article_id == first and screen.reader.top_block() == block


@run_async
async def test_theme_is_remembered(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert db(library).execute("SELECT value FROM settings WHERE key='theme'").fetchone() == (
        "nord",
    )
    again = make_app(library)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


@run_async
async def test_keymap_overrides_a_key_by_id(library: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nstar = "x"\n')
    app = make_app(library, keymap_path=keymap)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert screen_of(app).articles.rows[0].starred
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#help-table").render()
        assert "x" in str(table) or help_screen.keymap["star"] == "x"


@run_async
async def test_help_screen_opens_and_closes(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_command_palette_runs_an_action(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"star or unstar")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_of(app).articles.rows[0].starred


@run_async
async def test_sort_key_switches_the_order(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("o")
        await settle(pilot)
        titles = [r.title for r in screen.articles.rows]
        assert screen.sort == "title" and titles == sorted(titles, key=str.casefold)
        await pilot.press("/", *"drone", "enter")
        await settle(pilot)
        assert screen.sort == "relevance"
        await pilot.press("o")
        await settle(pilot)
        assert screen.sort == "date"


@run_async
async def test_q_quits(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


@run_async
async def test_sidebar_collapses_when_narrow_and_e_brings_it_back(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(EntitySidebar)
        assert not sidebar.display or sidebar.styles.display == "none"
        await pilot.press("e")
        await pilot.pause()
        assert sidebar.styles.display == "block" and sidebar.region.width > 0
        await pilot.press("f2")
        await pilot.pause()
        assert sidebar.styles.display == "none"
    wide = make_app(library)
    async with wide.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        sidebar = wide.screen.query_one(EntitySidebar)
        assert sidebar.region.width > 0
        await pilot.press("e")
        await pilot.pause()
        assert sidebar.styles.display == "none"


@run_async
async def test_sidebar_scope_type_and_filter(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("enter")
        await settle(pilot)
        sidebar = screen.sidebar
        assert sidebar.rows["article"]
        await pilot.press("tab", "tab", "t")
        assert sidebar.type_filter == "PERSON"
        await pilot.press("w", "w")
        await settle(pilot)
        assert sidebar.scope == "library" and sidebar.rows["library"]
        await pilot.press(*"bryansk")  # b is no key: typing goes to the filter
        assert sidebar.query_one("#entity-filter").value == "bryansk"
        await pilot.pause()
        assert [o.id for o in sidebar.options._options if o.id] == [
            r.key
            for r in sidebar.rows["library"]
            if "bryansk" in r.name.casefold() and r.type == "PERSON"
        ]
        await pilot.press("escape")
        assert sidebar.query_one("#entity-filter").value == ""


@run_async
async def test_an_empty_library_says_how_to_add_articles(tmp_path: Path) -> None:
    """An empty library's reader gives the command that fills it, with the library's own
    path quoted for the shell; a library with articles keeps the usual hint."""
    folder = tmp_path / "my news"
    app = make_app(folder, import_seeds=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        text = "".join("".join(line.split()) for line in screen.reader.plain_lines())
        assert "Thislibraryhasnoarticlesyet." in text  # spaces dropped: the pane wraps lines
        assert "".join(f"newsdesk --library '{folder}' add PATH...".split()) in text
        assert ".jsonl" in text


@run_async
async def test_a_library_with_articles_keeps_the_usual_hint(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = " ".join(line.strip() for line in screen_of(app).reader.plain_lines())
        assert text.startswith("Choose an article in the list")
