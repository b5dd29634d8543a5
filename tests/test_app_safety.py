"""Article text reaches the terminal as inert characters: no markup, no escapes, no controls.

Also: the article list is virtualised (a huge library builds no widget per row)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from app_helpers import build_library, run_async, settle
from textual.app import App, ComposeResult

from index.store import ArticleSummary
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.widgets.article_list import ArticleList

NASTY_TITLE = "Markup [bold red]x[/] in a title"
NASTY_BODY = (
    "Ministers met on Monday in Geneva to talk about [bold red]x[/] and more.\n\n"
    "A link that must not be one: [link=file:///etc/passwd]y[/link] stays text.\n\n"
    "An escape \x1b[31mred\x1b[0m and a bell \x07 must not reach the terminal either.\n\n"
    "Emoji codes :warning: and [on red]backgrounds[/on red] stay literal too.\n"
)


@pytest.fixture
def nasty_library(tmp_path: Path) -> Path:
    source = tmp_path / "src" / "nasty.txt"
    source.parent.mkdir()
    source.write_text(f"{NASTY_TITLE}\n\n{NASTY_BODY}", encoding="utf-8")
    return build_library(tmp_path / "library", [source])


async def open_only_article(library: Path) -> tuple[list[str], str]:
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("enter")
        await settle(pilot)
        lines = screen.reader.plain_lines()
        row = screen.articles.row_plain(0)
        svg = app.export_screenshot()
    assert "\x1b" not in svg and "\x07" not in svg
    return lines, row


@run_async
async def test_markup_in_text_shows_literally(nasty_library: Path) -> None:
    lines, row = await open_only_article(nasty_library)
    text = " ".join(line.strip() for line in lines)
    assert "[bold red]x[/]" in text
    assert "[bold red]x[/]" in row
    assert "[on red]backgrounds[/on red]" in text
    assert ":warning:" in text


@run_async
async def test_link_markup_is_not_a_link(nasty_library: Path) -> None:
    lines, _ = await open_only_article(nasty_library)
    assert "[link=file:///etc/passwd]y[/link]" in " ".join(line.strip() for line in lines)


@run_async
async def test_ansi_escapes_and_control_characters_never_reach_the_screen(
    nasty_library: Path,
) -> None:
    lines, row = await open_only_article(nasty_library)
    everything = "\n".join(lines) + row
    assert "\x1b" not in everything and "\x07" not in everything
    assert not any(ord(ch) < 32 and ch != "\n" for ch in everything)
    assert "red" in everything


class ListOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList()


@run_async
async def test_article_list_is_virtualised() -> None:
    rows = [
        ArticleSummary(f"{i:06d}", f"Article number {i}", "Wire", "2025-06-02", i % 2 == 0, False)
        for i in range(100_000)
    ]
    app = ListOnly()
    async with app.run_test(size=(80, 24)) as pilot:
        articles = app.query_one(ArticleList)
        started = time.perf_counter()
        articles.set_rows(rows)
        await pilot.pause()
        assert time.perf_counter() - started < 1.0
        assert len(list(articles.walk_children())) == 0
        painted: list[int] = []
        original = articles.render_line

        def counting(y: int):
            painted.append(y)
            return original(y)

        articles.render_line = counting  # type: ignore[method-assign]
        started = time.perf_counter()
        await pilot.press("pagedown")
        await pilot.pause()
        assert time.perf_counter() - started < 0.5
        assert 0 < len(painted) <= 24 * 2
        await pilot.press("end")
        await pilot.pause()
        assert articles.cursor == 99_999
        assert "Article number 99999" in articles.row_plain(99_999)
