"""Pilot tests of the passage cursor, the related-passages panel and the r/R jumps, on a
library built from the seeds (blocks are found by their text at test time)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import build_seed_library, copy_library, run_async, settle
from textual.pilot import Pilot

from tui.app import NewsdeskApp, make_app
from tui.data import LibraryGateway
from tui.screens.main import MainScreen
from tui.screens.related_actions import RELATED_DEBOUNCE
from tui.widgets.related_panel import RelatedPanel

SEED_000 = "US Secretary of State Marco Rubio"
SEED_001 = "Diplomatic Meetings Emerge"
SEED_003 = "U.S. and Russia exchange views"
SEED_004 = "Ukraine and Russia to Meet for 2nd Round"


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


def screen_of(app: NewsdeskApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def article_id(screen: MainScreen, title_start: str) -> str:
    return next(row.id for row in screen.articles.rows if row.title.startswith(title_start))


async def open_by_title(pilot: Pilot, title_start: str) -> MainScreen:
    """Move the list cursor to an article with j/k and open it with Enter."""
    screen = screen_of(pilot.app)  # type: ignore[arg-type]
    target = screen.articles.index_of(article_id(screen, title_start))
    assert target is not None
    step = "j" if target >= screen.articles.cursor else "k"
    await pilot.press(*[step] * abs(target - screen.articles.cursor), "enter")
    await settle(pilot)
    return screen


def block_with(screen: MainScreen, *words: str) -> int:
    """The first paragraph of the open article that contains every word."""
    blocks = screen.reader.view.article.blocks
    return next(i for i in screen.reader.paragraphs() if all(w in blocks[i].text for w in words))


async def move_passage_to(pilot: Pilot, screen: MainScreen, block: int) -> None:
    """Press } or { as often as it takes to put the passage cursor on `block`."""
    paragraphs = screen.reader.paragraphs()
    steps = paragraphs.index(block) - paragraphs.index(screen.reader.passage)
    await pilot.press(*["right_curly_bracket" if steps > 0 else "left_curly_bracket"] * abs(steps))
    await settle(pilot)
    assert screen.reader.passage == block


async def related_settled(pilot: Pilot) -> None:
    """Let the debounce timer fire and the lookup land."""
    await pilot.pause(RELATED_DEBOUNCE + 0.2)
    await settle(pilot)


def passage_text(screen: MainScreen) -> str:
    return screen.reader.view.article.blocks[screen.reader.passage].text


@run_async
async def test_braces_move_the_passage_cursor_over_paragraphs(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_by_title(pilot, SEED_003)
        reader = screen.reader
        paragraphs = reader.paragraphs()
        subheadings = [i for i, b in enumerate(reader.view.article.blocks) if b.kind != "paragraph"]
        assert subheadings and not set(subheadings) & set(paragraphs)
        assert reader.passage == paragraphs[0]
        seen = [reader.passage]
        for _ in paragraphs[1:]:
            await pilot.press("right_curly_bracket")
            seen.append(reader.passage)
        assert seen == paragraphs  # every paragraph in turn, subheadings skipped
        await pilot.press("right_curly_bracket")
        assert reader.passage == paragraphs[-1]  # no wrap at the end
        await settle(pilot)
        assert any("No paragraph after" in n.message for n in app._notifications)
        lines = reader.line_of(reader.passage), reader.scroll_offset.y
        assert lines[1] <= lines[0] < lines[1] + reader.scrollable_content_region.height
        await pilot.press("left_curly_bracket", "left_curly_bracket")
        assert reader.passage == paragraphs[-3]


@run_async
async def test_r_jumps_to_the_related_passage_and_backspace_returns(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_by_title(pilot, SEED_000)
        source = screen.reader.article_id
        block = block_with(screen, "Rubio", "Lavrov")
        await move_passage_to(pilot, screen, block)
        await pilot.press("r")
        await settle(pilot)
        reader = screen.reader
        assert reader.article_id == article_id(screen, SEED_003)
        assert "Rubio" in passage_text(screen) and "Lavrov" in passage_text(screen)
        assert reader.related_block == reader.passage  # highlighted
        top, height = reader.scroll_offset.y, reader.scrollable_content_region.height
        assert top <= reader.line_of(reader.passage) < top + height
        assert screen.articles.current.id == reader.article_id  # the list followed the jump
        assert screen.status.message.startswith("Related passage 1 of ")
        jumped_to = (reader.article_id, reader.passage)

        await pilot.press("backspace")
        await settle(pilot)
        assert (reader.article_id, reader.passage) == (source, block)
        assert reader.related_block is None
        await pilot.press("alt+right")
        await settle(pilot)
        assert (reader.article_id, reader.passage) == jumped_to

        trail = screen.related_trail
        assert trail is not None and len(trail.passages) >= 2
        await pilot.press("R")
        await settle(pilot)
        second = trail.passages[1]
        assert trail.index == 1
        assert (reader.article_id, reader.passage) == (second.article_id, second.block)
        assert (reader.article_id, reader.passage) != jumped_to
        for _ in range(len(trail.passages) - 1):
            await pilot.press("R")
            await settle(pilot)
        assert trail.index == 0 and (reader.article_id, reader.passage) == jumped_to
        assert any("wrapped round" in n.message for n in app._notifications)


@run_async
async def test_panel_lists_the_related_passages_of_the_cursor(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_by_title(pilot, SEED_001)
        block = block_with(screen, "Umerov", "prisoner swaps")
        await move_passage_to(pilot, screen, block)
        panel = screen.query_one(RelatedPanel)
        await related_settled(pilot)
        assert panel.passages and panel.passages[0].article_id == article_id(screen, SEED_004)
        assert all(p.article_id != screen.reader.article_id for p in panel.passages)
        shown = [line.plain for line in panel.lines(100, 8)]
        assert shown[0].startswith("1 ") and SEED_004 in shown[0]
        assert panel.region.height > 0 and panel.border_subtitle.startswith(
            f"{len(panel.passages)} found"
        )
        await pilot.press("left_curly_bracket")  # the cursor moves on: the panel follows
        assert not panel.passages
        await related_settled(pilot)
        assert screen.related_key == (screen.reader.article_id, screen.reader.passage)


@run_async
async def test_no_related_passage_is_said(library: Path, monkeypatch) -> None:
    monkeypatch.setattr(LibraryGateway, "related", lambda self, *args, **kwargs: [])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_by_title(pilot, SEED_000)
        before = screen.reader.article_id
        await pilot.press("r")
        await settle(pilot)
        assert screen.reader.article_id == before
        assert any("No related passages" in n.message for n in app._notifications)
        assert "No related passages" in screen.query_one(RelatedPanel).lines(80, 5)[0].plain


@run_async
async def test_related_keys_follow_the_keymap_and_the_palette(library: Path, tmp_path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"related.best" = "x"\n"passage.next" = "ctrl+down"\n')
    app = make_app(library, keymap_path=keymap)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_by_title(pilot, SEED_000)
        first = screen.reader.passage
        await pilot.press("ctrl+down")
        assert screen.reader.passage == screen.reader.paragraphs()[1] != first
        await pilot.press("left_curly_bracket", "x")
        await settle(pilot)
        assert screen.reader.article_id == article_id(screen, SEED_003)
        await pilot.press("backspace")
        await settle(pilot)
        await pilot.press("ctrl+p", *"jump to related")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reader.article_id == article_id(screen, SEED_003)


@run_async
async def test_panel_collapses_when_narrow_and_p_toggles_it(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(RelatedPanel)
        assert panel.styles.display == "none"
        await pilot.press("p")
        await pilot.pause()
        assert panel.styles.display == "block" and panel.region.height > 0
    wide = make_app(library)
    async with wide.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        panel = wide.screen.query_one(RelatedPanel)
        assert panel.region.height > 0
        await pilot.press("p")
        await pilot.pause()
        assert panel.styles.display == "none"


@run_async
async def test_search_shows_the_selected_results_snippet(library: Path) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("/", *"drone", "enter")
        await settle(pilot)
        assert screen.snippets
        assert screen.status.message.startswith("1/")
        assert "drone" in screen.status.message.lower()
        await pilot.press("j")
        await pilot.pause()
        assert screen.status.message.startswith("2/")


@run_async
async def test_related_fill_in_once_the_passage_index_caught_up(library: Path) -> None:
    from tui.screens.related_actions import PassagesCaughtUp

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_by_title(pilot, SEED_001)
        gateway = screen.gateway
        assert gateway is not None and not gateway.warming
        real_related = gateway.related
        gateway.related = lambda *args, **kwargs: []  # the index is still nearly empty
        gateway._warmup = object()  # another process is catching it up
        await move_passage_to(pilot, screen, block_with(screen, "Umerov", "prisoner swaps"))
        await related_settled(pilot)
        panel = screen.query_one(RelatedPanel)
        assert not panel.passages and "Indexing passages" in panel.lines(100, 5)[0].plain
        gateway.related, gateway._warmup = real_related, None
        screen.post_message(PassagesCaughtUp())
        await related_settled(pilot)
        await settle(pilot)
        assert panel.passages and panel.passages[0].article_id == article_id(screen, SEED_004)
