"""SVG snapshots of the reader: main screen, search results, entity marks, a related-passage
jump and the help screen, at 80x24 and 120x40, on a fixed seed library (fixed theme, no clock,
no user keymap)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import build_seed_library, copy_library, settle
from textual.pilot import Pilot

from tui.app import NewsdeskApp, make_app
from tui.screens.related_actions import RELATED_DEBOUNCE

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="session")
def snapshot_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_library(tmp_path_factory.mktemp("snaplib"))


@pytest.fixture
def app(snapshot_library: Path, tmp_path: Path) -> NewsdeskApp:
    library = copy_library(snapshot_library, tmp_path / "library")
    return make_app(library, keymap_path=tmp_path / "no-keymap.toml")


async def settled(pilot: Pilot) -> None:
    await settle(pilot, rounds=4)


class TestMainScreen:
    @pytest.mark.parametrize("size", SIZES)
    def test_list_and_reader(self, snap_compare, app: NewsdeskApp, size) -> None:
        async def open_first(pilot: Pilot) -> None:
            await settled(pilot)
            await pilot.press("j", "enter")
            await settled(pilot)

        assert snap_compare(app, run_before=open_first, terminal_size=size)

    def test_narrow_sidebar_brought_back(self, snap_compare, app: NewsdeskApp) -> None:
        async def show_sidebar(pilot: Pilot) -> None:
            await settled(pilot)
            await pilot.press("enter")
            await settled(pilot)
            await pilot.press("e")
            await settled(pilot)

        assert snap_compare(app, run_before=show_sidebar, terminal_size=(80, 24))


class TestSearch:
    @pytest.mark.parametrize("size", SIZES)
    def test_results_with_hits(self, snap_compare, app: NewsdeskApp, size) -> None:
        async def search(pilot: Pilot) -> None:
            await settled(pilot)
            await pilot.press("/", *"drone strikes", "enter")
            await settled(pilot)
            await pilot.press("enter")
            await settled(pilot)
            await pilot.press("n")
            await settled(pilot)

        assert snap_compare(app, run_before=search, terminal_size=size)

    def test_did_you_mean(self, snap_compare, app: NewsdeskApp) -> None:
        async def search(pilot: Pilot) -> None:
            await settled(pilot)
            await pilot.press("/", *"negotations", "enter")
            await settled(pilot)

        assert snap_compare(app, run_before=search, terminal_size=(120, 40))


class TestEntities:
    def test_marks_and_mention_cursor(self, snap_compare, app: NewsdeskApp) -> None:
        async def walk(pilot: Pilot) -> None:
            await settled(pilot)
            await pilot.press("tab", "tab", "w", "w")
            await settled(pilot)
            await pilot.press(*"lavrov", "enter")
            await settled(pilot)
            await pilot.press("right_square_bracket", "m")
            await settled(pilot)

        assert snap_compare(app, run_before=walk, terminal_size=(120, 40))


class TestHelp:
    @pytest.mark.parametrize("size", SIZES)
    def test_help_screen(self, snap_compare, app: NewsdeskApp, size) -> None:
        async def help_(pilot: Pilot) -> None:
            await settled(pilot)
            await pilot.press("question_mark")
            await settled(pilot)

        assert snap_compare(app, run_before=help_, terminal_size=size)


class TestRelated:
    def test_jump_with_panel(self, snap_compare, app: NewsdeskApp) -> None:
        async def jump(pilot: Pilot) -> None:
            await settled(pilot)
            articles = pilot.app.screen.articles
            row = next(r for r in articles.rows if r.title.startswith("US Secretary of State"))
            await pilot.press(*["j"] * articles.index_of(row.id), "enter")
            await settled(pilot)
            await pilot.press("r")
            await settled(pilot)
            await pilot.pause(RELATED_DEBOUNCE + 0.2)
            await settled(pilot)

        assert snap_compare(app, run_before=jump, terminal_size=(120, 40))
