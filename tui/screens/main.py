"""The main screen: search bar on top, article list, reader and entity sidebar side by side.

Data flows down (the screen hands rows and articles to the panes); the panes report what the
user did with small messages; every read or write of the library runs in a thread worker
and comes back as a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import Worker, get_current_worker

from index.collector import long_lived_batch
from index.store import ArticleSummary
from tui.data import ArticleView, EntityRow, EntityTrail, LibraryGateway, Span, find_hits
from tui.history import History, Position
from tui.mention_cursor import MentionCursor
from tui.screens.actions import ReaderActions
from tui.screens.messages import (
    ArticleLoaded,
    EntitiesLoaded,
    FacetsLoaded,
    RowsLoaded,
    SearchDone,
    TrailLoaded,
)
from tui.screens.related_actions import RelatedActions
from tui.screens.search_snippets import SNIPPET_LIMIT, SearchSnippets, SnippetsLoaded
from tui.widgets.article_list import ArticleList, row_positions
from tui.widgets.deferred import Deferred
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.reader import EMPTY_HINT, Reader, empty_library_hint
from tui.widgets.related_panel import RelatedPanel
from tui.widgets.search_bar import SearchBar
from tui.widgets.status import StatusLine

if TYPE_CHECKING:
    pass


class MainScreen(SearchSnippets, RelatedActions, ReaderActions, Screen[None]):
    """The four panes and the keys that work across them."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", priority=True, id="search"),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, priority=True, id="pane.next"),
        Binding(
            "shift+tab", "cycle_pane(-1)", "Prev pane", show=False, priority=True, id="pane.prev"
        ),
        Binding("n", "hit(1)", "Next hit", show=False, id="hit.next"),
        Binding("N", "hit(-1)", "Prev hit", show=False, id="hit.prev"),
        Binding("right_square_bracket", "mention(1)", "Next mention", id="mention.next"),
        Binding(
            "left_square_bracket", "mention(-1)", "Prev mention", show=False, id="mention.prev"
        ),
        Binding("right_curly_bracket", "passage(1)", "Next passage", show=False, id="passage.next"),
        Binding("left_curly_bracket", "passage(-1)", "Prev passage", show=False, id="passage.prev"),
        Binding("r", "related(0)", "Related", id="related.best"),
        Binding("R", "related(1)", "Next related", show=False, id="related.next"),
        Binding("p", "toggle_related", "Related panel", show=False, id="related.panel"),
        Binding("backspace,alt+left", "back", "Back", id="back"),
        Binding("alt+right", "forward", "Forward", show=False, id="forward"),
        Binding("s", "star", "Star", id="star"),
        Binding("u", "toggle_read", "Read/unread", show=False, id="read"),
        Binding("m", "toggle_marks", "Marks", show=False, id="marks"),
        Binding("o", "sort", "Sort", show=False, id="sort"),
        Binding("e,f2", "toggle_sidebar", "Entities", id="sidebar"),
    ]
    """/ focuses the search; Tab/Shift-Tab cycle the panes; n/N go to the next/previous search
    hit in the article; ] and [ walk the mentions of the entity chosen in the sidebar across
    articles; } and { move the passage cursor to the next/previous paragraph, r jumps to the
    passage of another article most related to it and R to the next related one (wrapping
    round), p shows or hides the related-passages panel; Backspace or Alt-Left go back and
    Alt-Right forward through reading positions (jumps included);
    s stars and u marks read/unread the current article; m marks entity mentions by type;
    o switches the sort (date/relevance in a search, date/title otherwise); e or F2 shows or
    hides the entity sidebar."""

    def __init__(self, first_rows: tuple[list[ArticleSummary], int] | None = None) -> None:
        super().__init__()
        self.first_rows = first_rows
        self.gateway: LibraryGateway | None = None
        self.query_text = ""
        self.sort = "date"
        self.history = History()
        self.cursor: MentionCursor | None = None
        self.trail: EntityTrail | None = None
        self._list_frozen = False  # a full list was read and frozen (`load_rows`)
        self._save_timer: Timer | None = None
        self.init_related()
        self.snippets = {}

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            # Mounted after the first paint, so that the list shows sooner; one pane at a
            # time, so that no frame holds the UI thread long.
            with Deferred(Vertical(id="reading")):
                yield Reader(id="reader")
                yield RelatedPanel(id="related")
            yield Deferred(EntitySidebar(id="sidebar"), turn=2)
        yield StatusLine(id="status")
        yield Deferred(Footer(), turn=3)  # its keys are a dozen widgets

    @property
    def articles(self) -> ArticleList:
        """The article list pane."""
        return self.query_one(ArticleList)

    @property
    def reader(self) -> Reader:
        """The reader pane."""
        return self.query_one(Reader)

    @property
    def sidebar(self) -> EntitySidebar:
        """The entity sidebar pane."""
        return self.query_one(EntitySidebar)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        self.set_focus(self.articles)
        if not self.articles.rows:  # the app may have handed over the newest rows already
            self.status.show("Opening the library…", busy=True)
        self.show_first_rows(self.first_rows)

    def show_first_rows(self, first_rows: tuple[list[ArticleSummary], int] | None) -> None:
        """The newest rows, read before the library is open; the full list replaces them."""
        if first_rows is None or self.gateway is not None or self.articles.rows:
            return
        rows, total = first_rows
        self.articles.set_rows(rows)
        self.status.show(
            f"Opening the library… showing the newest {len(rows):,} of {total:,} articles",
            busy=True,
        )

    def library_ready(self, gateway: LibraryGateway) -> None:
        """The library is open: fill the list, then warm the passage index."""
        self.gateway = gateway
        self.status.show("Reading the article list…", busy=True)
        self.load_rows()
        self.warm_related()

    def on_key(self, event: events.Key) -> None:
        """Type-ahead: keys typed right after `/` were queued for the pane that had focus;
        once an input has focus they belong to it, not to the panes' single-letter keys."""
        focused = self.focused
        if isinstance(focused, Input) and event.is_printable and event.character:
            focused.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    # -- workers ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False)
    def load_rows(self) -> None:
        """Read the full article list, and where each article is in it.

        A big library is 100,000 new objects at once: the collector is held off while they
        are made, then they are frozen (full collections ran mid-read and paused the UI
        thread for up to ~90 ms each); a list read again first hands the last freeze back
        to the collector (see `index.collector.long_lived_batch`)."""
        if self.gateway is not None:
            with long_lived_batch(replacing=self._list_frozen):
                rows = self.gateway.summaries(order=self.sort)
                positions = row_positions(rows)
            self._list_frozen = True
            self.post_message(RowsLoaded(rows, positions))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str, sort: str, article: ArticleView | None) -> None:
        """Search and show the results' rows; then count their entities for the sidebar,
        then fetch snippets. At 100,000 articles the entity counts of 2,000 results took
        as long as the search itself: the list no longer waits for them."""
        if self.gateway is None:
            return
        results = self.gateway.search(text, sort=sort)
        ids = [hit.id for hit in results.hits]
        rows = self.gateway.summaries(ids)
        hits = find_hits(article.article, text) if article else None
        self.post_message(SearchDone(text, results, rows, hits))
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        facets = self.gateway.facets(ids)
        if worker.is_cancelled:
            return
        self.post_message(FacetsLoaded(text, facets))
        snippets = self.gateway.snippets(text, sort=sort, limit=SNIPPET_LIMIT)
        if not worker.is_cancelled:
            self.post_message(SnippetsLoaded(text, snippets))

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(
        self,
        article_id: str,
        block: int | None,
        span: Span | None,
        record: bool,
        passage: int | None = None,
        highlight: bool = False,
    ) -> None:
        """Read an article and mark it read."""
        if self.gateway is None:
            return
        view = self.gateway.load_article(article_id, self.query_text)
        if view is None:
            self.app.call_from_thread(self.notify, "That article is no longer in the library.")
            return
        self.gateway.set_state(view.article.id, read=1)
        self.post_message(ArticleLoaded(view, block, span, record, passage, highlight))

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def load_library_entities(self) -> None:
        """Read the library's entities for the sidebar."""
        if self.gateway is not None:
            self.post_message(EntitiesLoaded("library", self.gateway.library_entities()))

    @work(thread=True, exclusive=True, group="trail", exit_on_error=False)
    def load_trail(self, entity: EntityRow, order: list[str]) -> None:
        """Read every mention of an entity."""
        if self.gateway is not None:
            self.post_message(TrailLoaded(self.gateway.entity_trail(entity, order)))

    @work(thread=True, group="state", exit_on_error=False)
    def save_state(self, article_id: str, **fields: int) -> None:
        """Store read, starred or position."""
        if self.gateway is not None:
            self.gateway.set_state(article_id, **fields)

    # -- results coming back ------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.worker_changed(event)  # type: ignore[attr-defined]

    def on_rows_loaded(self, message: RowsLoaded) -> None:
        self.articles.set_rows(message.rows, positions=message.positions)
        count = len(message.rows)
        self.status.show(
            f"{count:,} article{'s' if count != 1 else ''} · sorted by {self.sort}", busy=False
        )
        if self.gateway is not None:
            folder = self.gateway.library.folder
            self.reader.set_hint(empty_library_hint(folder) if not count else EMPTY_HINT)

    def on_search_done(self, message: SearchDone) -> None:
        results = message.results
        if message.query != self.query_text:
            return
        self.snippets = {}
        self.articles.set_rows(message.rows, keep_cursor=False)
        self.query_one(SearchBar).show_info(results.total, results.suggestion, self.sort)
        if message.hits is not None:
            self.reader.set_hits(message.hits)
        self.status.show(f"Search: {len(message.rows)} shown of {results.total}", busy=False)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        view = message.view
        article_id = view.article.id
        block = message.block if message.block is not None else view.position
        self.reader.show(view, block, message.passage, highlight=message.highlight)
        if self.trail is not None:
            self.reader.set_entity(self.trail.entity.key)
        if message.span is not None:
            self.reader.focus_on(message.span)
        self.articles.patch(article_id, read=True)
        self.articles.select_id(article_id)
        self.sidebar.set_rows("article", view.entities)
        if message.record:
            mention = (
                (message.span.block, message.span.start, message.span.end) if message.span else None
            )
            top = message.span.block if message.span else block
            self.history.visit(Position(article_id, top, mention, self.reader.passage))
        if message.highlight and self.related_trail is not None:
            self.status.show(self.related_trail.status())
        elif self.cursor is None:
            self.status.show(view.article.title)

    def on_entities_loaded(self, message: EntitiesLoaded) -> None:
        self.sidebar.set_rows(message.scope, message.rows)

    def on_facets_loaded(self, message: FacetsLoaded) -> None:
        if message.query == self.query_text:
            self.sidebar.set_rows("results", message.rows)

    def on_trail_loaded(self, message: TrailLoaded) -> None:
        self.trail = message.trail
        self.cursor = message.trail.cursor  # built in the worker
        self.articles.set_counts(message.trail.per_article)
        self.reader.set_entity(message.trail.entity.key)
        self.status.show(self.cursor.status(), busy=False)

    # -- what the panes report ----------------------------------------------------------

    @on(ArticleList.Selected)
    def _article_chosen(self, message: ArticleList.Selected) -> None:
        self.open_article(message.article_id)

    def open_article(
        self,
        article_id: str,
        block: int | None = None,
        span: Span | None = None,
        record: bool = True,
        passage: int | None = None,
        highlight: bool = False,
    ) -> None:
        """Show an article (saving where the reader was in the one it leaves); `passage` puts
        the passage cursor on a block, `highlight` tints it (a related jump)."""
        self._save_position_now()
        self.status.show("Opening…", busy=True)
        self.load_article(article_id, block, span, record, passage, highlight)

    @on(Reader.PositionChanged)
    def _reader_scrolled(self, message: Reader.PositionChanged) -> None:
        self.history.update(
            Position(message.article_id, message.block, passage=self.reader.passage)
        )
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(0.5, self._save_position_now)

    def save_position_on_exit(self) -> None:
        """Store the reader's position directly (the app is closing: no worker will run)."""
        if self.gateway is not None and self.reader.article_id is not None:
            self.gateway.set_state(self.reader.article_id, position=self.reader.top_block())

    def _save_position_now(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.reader.article_id is not None:
            self.save_state(self.reader.article_id, position=self.reader.top_block())

    @on(SearchBar.QueryChanged)
    def _query_changed(self, message: SearchBar.QueryChanged) -> None:
        was_searching = bool(self.query_text)
        self.query_text = message.query.strip()
        if not self.query_text:
            if was_searching:
                self._leave_search()
            return
        if not was_searching:
            self.sort = "relevance"
        self.status.show("Searching…", busy=True)
        self.run_search(self.query_text, self.sort, self.reader.view)

    @on(SearchBar.Submitted)
    def _query_submitted(self) -> None:
        self.set_focus(self.articles)

    @on(SearchBar.Cleared)
    def _search_cleared(self) -> None:
        self._leave_search()
        self.set_focus(self.articles)

    def _leave_search(self) -> None:
        self.query_text = ""
        self.sort = "date"
        self.query_one(SearchBar).show_info(None)
        self.sidebar.set_rows("results", [])
        self.reader.set_hits([])
        self.status.show("Reading the article list…", busy=True)
        self.load_rows()

    @on(EntitySidebar.ScopeChanged)
    def _scope_changed(self, message: EntitySidebar.ScopeChanged) -> None:
        if message.scope == "library" and self.gateway is not None:
            self.load_library_entities()

    @on(EntitySidebar.Selected)
    def _entity_chosen(self, message: EntitySidebar.Selected) -> None:
        self.cursor = None
        self.status.show(f"Finding every mention of {message.entity.name}…", busy=True)
        self.load_trail(message.entity, [row.id for row in self.articles.rows])
