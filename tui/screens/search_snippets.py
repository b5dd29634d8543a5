"""Search snippets in the status line: while searching, the status line shows the snippet of
the result under the list cursor, its hits highlighted.

The search worker posts the results first and their snippets after (highlighting costs more
than searching, so only the first SNIPPET_LIMIT results get one). A mixin of the main screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from index.text import strip_controls
from tui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

SNIPPET_LIMIT = 50
HIT_STYLE = "bold reverse"

Segments = Sequence[tuple[str, bool]]


@dataclass
class SnippetsLoaded(Message):
    """Snippets of the first results of a query, by article id."""

    query: str
    snippets: dict[str, list[tuple[str, bool]]]


def snippet_text(segments: Segments, prefix: str = "") -> Text:
    """One line of a snippet: control characters out, whitespace collapsed, hits styled."""
    text = Text(prefix, no_wrap=True, overflow="ellipsis", end="")
    space_before = False  # whitespace between the last words added and the next ones
    added_any = False
    for piece, is_hit in segments:
        clean = strip_controls(piece)
        flat = " ".join(clean.split())
        space_before = space_before or clean[:1].isspace()
        if not flat:  # e.g. the " " between two hits: "Cherie", " ", "Blair"
            continue
        if added_any and space_before:
            text.append(" ")
        text.append(flat, style=HIT_STYLE if is_hit else "")
        added_any = True
        space_before = clean[-1:].isspace()
    return text


class SearchSnippets:
    """Keeps the snippets of the current search and shows the selected one."""

    snippets: dict[str, list[tuple[str, bool]]]

    def on_snippets_loaded(self: MainScreen, message: SnippetsLoaded) -> None:
        if message.query != self.query_text:
            return  # a newer query is running
        self.snippets = message.snippets
        current = self.articles.current
        if current is not None:
            self.show_snippet(current.id)

    def on_article_list_highlighted(self: MainScreen, message: ArticleList.Highlighted) -> None:
        self.show_snippet(message.article_id)

    def show_snippet(self: MainScreen, article_id: str) -> None:
        """Show a result's snippet in the status line (when searching and it has one)."""
        segments = self.snippets.get(article_id) if self.query_text else None
        if not segments:
            return
        index = self.articles.index_of(article_id)
        prefix = f"{index + 1}/{len(self.articles.rows)} " if index is not None else ""
        self.status.show_text(snippet_text(segments, prefix))
