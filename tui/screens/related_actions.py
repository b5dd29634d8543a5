"""The main screen's related-passage keys and their worker: the passage cursor (`}` `{`), the
panel of related passages (looked up in a debounced, exclusive worker), and `r`/`R` jumps that
go through the reader's history. A mixin, so `main.py` stays about wiring."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from tui.related_trail import RelatedTrail
from tui.widgets.reader import Reader
from tui.widgets.related_panel import RelatedPanel

if TYPE_CHECKING:
    from index.related import RelatedPassage
    from tui.screens.main import MainScreen

RELATED_DEBOUNCE = 0.3  # seconds the passage cursor rests before its related passages are sought
RELATED_LIMIT = 10


@dataclass
class RelatedLoaded(Message):
    """The passages related to one paragraph, found in a worker."""

    article_id: str
    block: int
    passages: list[RelatedPassage]


class PassagesCaughtUp(Message):
    """The passage index is in step with the store."""


class RelatedActions:
    """Passage cursor, related-passages panel and related jumps on the main screen."""

    related_key: tuple[str, int] | None
    related_results: list[RelatedPassage]
    related_trail: RelatedTrail | None
    _related_timer: Timer | None
    _related_jump: int | None

    def init_related(self: MainScreen) -> None:
        """Start with no related passages."""
        self.related_key = None  # the (article, block) `related_results` belong to
        self.related_results = []
        self.related_trail = None
        self._related_timer = None
        self._related_jump = None  # r/R pressed before the results came: where to go then

    @property
    def related_panel(self: MainScreen) -> RelatedPanel:
        """The related-passages panel."""
        return self.query_one(RelatedPanel)

    # -- the worker ---------------------------------------------------------------------

    @work(thread=True, group="warm", exit_on_error=False)
    def warm_related(self: MainScreen) -> None:
        """Bring the passage index in step now (in another process), so lookups are quick and
        complete; then look up the passage under the cursor again."""
        if self.gateway is not None:
            self.gateway.warm_passages()
            self.post_message(PassagesCaughtUp())

    def on_passages_caught_up(self: MainScreen, _message: PassagesCaughtUp) -> None:
        if self.reader.article_id is not None and self.reader.passage is not None:
            self._lookup_related()

    @work(thread=True, exclusive=True, group="related", exit_on_error=False)
    def load_related(self: MainScreen, article_id: str, block: int) -> None:
        """Find the passages related to one paragraph (a stale lookup posts nothing)."""
        if self.gateway is None:
            return
        passages = self.gateway.related(article_id, block, limit=RELATED_LIMIT)
        if not get_current_worker().is_cancelled:
            self.post_message(RelatedLoaded(article_id, block, passages))

    def on_related_loaded(self: MainScreen, message: RelatedLoaded) -> None:
        if (message.article_id, message.block) != (self.reader.article_id, self.reader.passage):
            return  # the cursor moved on meanwhile
        self.related_key = (message.article_id, message.block)
        self.related_results = message.passages
        self.related_panel.show_results(message.passages)
        if not message.passages and self.gateway is not None and self.gateway.warming:
            self.related_panel.show_note("Indexing passages… related ones will show here soon.")
        if self._related_jump is not None:
            index, self._related_jump = self._related_jump, None
            self._start_trail(index)

    # -- the passage cursor -------------------------------------------------------------

    def on_reader_passage_moved(self: MainScreen, message: Reader.PassageMoved) -> None:
        """Remember the passage in the history, then look up its related passages soon."""
        current = self.history.current
        if current is not None and current.article_id == message.article_id:
            self.history.update(replace(current, passage=message.block))
        self._related_jump = None
        if self._related_timer is not None:
            self._related_timer.stop()
            self._related_timer = None
        self.related_key, self.related_results = None, []
        if message.block is None:
            self.related_panel.show_note("This article has no paragraphs.")
            return
        self.related_panel.show_pending()
        self._related_timer = self.set_timer(RELATED_DEBOUNCE, self._lookup_related)

    def _lookup_related(self: MainScreen) -> None:
        if self._related_timer is not None:
            self._related_timer.stop()
            self._related_timer = None
        if self.reader.article_id is not None and self.reader.passage is not None:
            self.load_related(self.reader.article_id, self.reader.passage)

    def action_passage(self: MainScreen, step: int) -> None:
        """Move the passage cursor to the next (1) or previous (-1) paragraph."""
        if self.reader.view is None:
            self.notify("Open an article first.")
            return
        if self.reader.step_passage(step) is None:
            self.notify("No paragraph after this one." if step > 0 else "This is the first one.")

    # -- jumps --------------------------------------------------------------------------

    def action_related(self: MainScreen, step: int) -> None:
        """r (0) goes to the best passage related to the one under the cursor; R (1) to the
        next one of the same list (then wraps round)."""
        reader = self.reader
        if reader.view is None:
            self.notify("Open an article first.")
            return
        trail = self.related_trail
        if step and trail is not None and trail.is_at(reader.article_id, reader.passage):
            if trail.advance():
                self.notify("Related passages: wrapped round to the best one.")
            self._jump(trail)
            return
        if reader.article_id is None or reader.passage is None:
            self.notify("This article has no paragraph to follow.")
            return
        if self.related_key == (reader.article_id, reader.passage):
            self._start_trail(step)
            return
        self._related_jump = step  # the lookup is still to come: jump when it lands
        self._lookup_related()
        self.status.show("Finding related passages…", busy=True)

    def _start_trail(self: MainScreen, index: int) -> None:
        if not self.related_results or self.related_key is None:
            self.notify("No related passages for this paragraph.")
            self.status.show("No related passages for this paragraph.")
            return
        index = min(index, len(self.related_results) - 1)
        self.related_trail = RelatedTrail(self.related_key, list(self.related_results), index)
        self._jump(self.related_trail)

    def _jump(self: MainScreen, trail: RelatedTrail) -> None:
        passage = trail.current
        self.open_article(
            passage.article_id, block=passage.block, passage=passage.block, highlight=True
        )

    def on_related_panel_chosen(self: MainScreen, message: RelatedPanel.Chosen) -> None:
        """A click on a passage of the panel jumps to it."""
        if self.related_key == (self.reader.article_id, self.reader.passage):
            self._start_trail(message.index)

    def action_toggle_related(self: MainScreen) -> None:
        """Show or hide the related-passages panel (on narrow terminals it starts hidden)."""
        self.toggle_class("-show-related" if self.has_class("-narrow") else "-hide-related")
