"""Messages the main screen's workers post back to it with what they read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from index.store import ArticleSummary
from tui.data import ArticleView, EntityRow, EntityTrail, Span

if TYPE_CHECKING:
    from index.search import SearchResults


@dataclass
class RowsLoaded(Message):
    """The full article list and each article's row number, read in a worker."""

    rows: list[ArticleSummary]
    positions: dict[str, int]


@dataclass
class SearchDone(Message):
    """A search finished: results, their rows, and the hits in the open article."""

    query: str
    results: SearchResults
    rows: list[ArticleSummary]
    hits: list[Span] | None


@dataclass
class FacetsLoaded(Message):
    """The entities of a search's results, counted after the results were shown."""

    query: str
    rows: list[EntityRow]


@dataclass
class ArticleLoaded(Message):
    """An article was read; show it at `block` (or a span to focus), the passage cursor on
    `passage` (tinted when `highlight`: a related jump)."""

    view: ArticleView
    block: int | None
    span: Span | None
    record: bool
    passage: int | None = None
    highlight: bool = False


@dataclass
class EntitiesLoaded(Message):
    """Entity rows for one sidebar scope."""

    scope: str
    rows: list[EntityRow]


@dataclass
class TrailLoaded(Message):
    """Every mention of the entity chosen in the sidebar."""

    trail: EntityTrail
