"""Widgets mounted right after the first paint, safely.

Textual's `Lazy` mounts its widget after the first refresh; if the app is already closing by
then (`q` typed before the first frame), that mount fails with a MountError into a screen that
is going away. `Deferred` skips it instead.
"""

from __future__ import annotations

from textual.lazy import Lazy
from textual.widget import Widget


class Deferred(Lazy):
    """`Lazy`, except that nothing is mounted once the screen it belongs to has gone, and
    widgets can come in turns: one of `turn` 2 is mounted a refresh after those of turn 1.

    Mounted all in the frame after the first paint, the reader, the sidebar and the footer
    held the UI thread ~100 ms at once; in turns, no frame holds it that long.
    """

    def __init__(self, widget: Widget, turn: int = 1) -> None:
        super().__init__(widget)
        self._refreshes_to_wait = turn

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        """Mount the wrapped widget in this one's place after `turn` refreshes."""
        parent = self.parent
        if not isinstance(parent, Widget):
            return

        async def mount() -> None:
            if not (parent.is_attached and self.is_attached):
                return  # the app quit before its first frame
            self._refreshes_to_wait -= 1
            if self._refreshes_to_wait > 0:
                self.call_after_refresh(mount)
                return
            widget = self._replace_widget
            await parent.mount(widget, after=self)
            await self.remove()
            # The footer lists the keys of the focused pane when bindings change: one mounted
            # after the others would stay empty until the next change of focus.
            widget.refresh_bindings()

        self.call_after_refresh(mount)
