"""Pilot tests of searching and of walking entity mentions, on a library built from the seeds."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from app_helpers import build_seed_library, copy_library, run_async, settle

from tui.app import NewsdeskApp, make_app
from tui.data import EntityRow
from tui.screens.main import MainScreen
from tui.screens.messages import FacetsLoaded
from tui.widgets.article_list import ArticleList


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
async def test_search_as_you_type_did_you_mean_and_escape(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("/")
        assert app.focused.parent.id == "search"
        await pilot.press(*"lavrov")
        await pilot.pause(0.35)
        await settle(pilot)
        assert len(screen.articles.rows) == 3
        info = str(screen.query_one("#search-info").render())
        assert "3 results" in info
        await pilot.press("ctrl+a", "ctrl+k", *"negotations")  # misspelt on purpose
        await pilot.pause(0.35)
        await settle(pilot)
        assert "did you mean: negotiations" in str(screen.query_one("#search-info").render())
        await pilot.press("escape")
        await settle(pilot)
        assert len(screen.articles.rows) == 5
        assert isinstance(app.focused, ArticleList)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("person:lavrov", 3), ("date:2025-06", 2), ('"peace talks"', None), ("drone -lavrov", None)],
)
@run_async
async def test_query_language(library: Path, query: str, expected: int | None) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("/", *query, "enter")
        await settle(pilot)
        gateway = app.gateway
        assert gateway is not None
        want = gateway.search(query).total
        assert len(screen.articles.rows) == want
        if expected is not None:
            assert want == expected
        assert 0 < want < 5
        assert isinstance(app.focused, ArticleList)


@run_async
async def test_n_and_shift_n_walk_search_hits(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("/", *"drone", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        hits = screen.reader.view.hits
        assert len(hits) >= 2
        await pilot.press("n")
        assert screen.reader.focus_span == hits[0]
        assert screen.status.message == f"Search hit 1 of {len(hits)}"
        await pilot.press("n")
        assert screen.reader.focus_span == hits[1]
        await pilot.press("N", "N")
        assert screen.reader.focus_span == hits[-1]
        assert any("wrapped" in n.message for n in app._notifications)


def lavrov_mentions(library: Path, key: str) -> list[tuple[str, int, int]]:
    """What the mentions table says about the entity the sidebar picked."""
    conn = db(library)
    if key.startswith("id:"):
        rows = conn.execute(
            "SELECT article_id, block, start FROM mentions WHERE entity_id = ?", (int(key[3:]),)
        )
    else:
        _, kind, name = key.split(":", 2)
        rows = conn.execute(
            "SELECT article_id, block, start FROM mentions"
            " WHERE entity_id IS NULL AND type = ? AND lower(surface) = ?",
            (kind, name),
        )
    return sorted(rows.fetchall())


@run_async
async def test_entity_mentions_walk_across_articles_and_wrap(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("tab", "tab")  # the entity list
        await pilot.press("w", "w")  # article -> results -> library
        await settle(pilot)
        assert screen.sidebar.scope == "library"
        await pilot.press(*"lavrov", "enter")
        await settle(pilot)
        assert screen.cursor is not None and "Lavrov" in screen.cursor.label
        expected = lavrov_mentions(library, screen.trail.entity.key)
        assert expected
        visited = []
        for _ in expected:
            await pilot.press("right_square_bracket")
            await settle(pilot)
            span = screen.reader.focus_span
            visited.append((screen.reader.article_id, span.block, span.start))
            assert "mention" in screen.status.message and "article" in screen.status.message
        assert sorted(visited) == expected
        if screen.trail.entity.key.startswith("id:"):  # resolved: Lavrov is one entity
            paths = dict(db(library).execute("SELECT id, path FROM articles").fetchall())
            seeds = {Path(paths[a]).name[:3] for a, _, _ in visited}
            assert seeds == {"000", "002", "003"}
        articles = [a for a, _, _ in visited]
        assert articles == sorted(articles, key=articles.index)  # one article at a time
        for article in set(articles):
            inside = [(b, s) for a, b, s in visited if a == article]
            assert inside == sorted(inside)  # reading order inside each article
        n = len(expected)
        assert screen.status.message.endswith(
            f"mention {n} of {n} · article {len(set(articles))} of {len(set(articles))}"
        )
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert (screen.reader.article_id, screen.reader.focus_span.start) == visited[0][::2]
        assert any("wrapped" in n.message for n in app._notifications)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.reader.article_id == visited[-1][0]
        assert screen.articles.counts  # the list shows how often each article mentions it


@run_async
async def test_results_show_before_their_entities_are_counted(library: Path) -> None:
    """At 100,000 articles counting the entities of 2,000 results took as long as the
    search: the list is shown first, the sidebar's results scope when the count is done,
    and a count of an earlier query never lands on a later one's results."""
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        gateway = app.gateway
        assert gateway is not None
        counting = threading.Event()
        release = threading.Event()
        real_facets = gateway.facets

        def slow_facets(ids: Sequence[str], limit: int = 1000) -> list[EntityRow]:
            counting.set()
            release.wait(5)
            return real_facets(ids, limit)

        gateway.facets = slow_facets  # type: ignore[method-assign]
        await pilot.press("/", *"lavrov", "enter")
        for _ in range(100):
            await pilot.pause(0.02)
            if counting.is_set() and len(screen.articles.rows) == 3:
                break
        assert counting.is_set(), "the entities were never counted"
        assert len(screen.articles.rows) == 3  # shown while the count is held up
        assert screen.sidebar.rows["results"] == []
        release.set()
        await settle(pilot)
        names = {row.name for row in screen.sidebar.rows["results"]}
        assert "Sergey Lavrov" in names

        # A count for "lavrov" arriving after the query changed is dropped.
        screen.query_text = "drone"
        screen.post_message(FacetsLoaded("lavrov", []))
        await settle(pilot)
        assert {row.name for row in screen.sidebar.rows["results"]} == names


@run_async
async def test_searching_again_and_again_leaves_no_garbage_frozen(library: Path) -> None:
    """The full list is frozen for the collector each time it is read; a freeze had also
    kept every garbage cycle of the app alive at that moment, forever (~8,500 objects per
    search and clear on the BBC library). A list read again hands the last freeze back."""

    def frozen_garbage() -> int:
        gc.unfreeze()
        return gc.collect()

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        async def search_and_clear(times: int) -> None:
            for _ in range(times):
                await pilot.press("slash", *"lavrov", "enter")
                await settle(pilot)
                await pilot.press("slash", "escape")
                await settle(pilot)

        await search_and_clear(2)
        after_two = frozen_garbage()
        await search_and_clear(8)
        after_eight_more = frozen_garbage()
    assert after_eight_more < 2 * max(after_two, 200), (after_two, after_eight_more)
