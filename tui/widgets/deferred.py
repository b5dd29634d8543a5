"""Widgets mounted right after the first paint, safely.

Textual's `Lazy` mounts its widget after the first refresh; if the app is already closing by
then (`q` typed before the first frame), that mount fails with a MountError into a screen that
is going away. `Deferred` skips it instead.
"""

from __future__ import annotations

from textual.lazy import Lazy
from textual.widget import Widget


class Deferred(Lazy):
    """`Lazy`, except that nothing is mounted once the screen it belongs to has gone."""

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        """Mount the wrapped widget in this one's place after the next refresh."""
        parent = self.parent
        if not isinstance(parent, Widget):
            return

        async def mount() -> None:
            if not (parent.is_attached and self.is_attached):
                return  # the app quit before its first frame
            await parent.mount(self._replace_widget, after=self)
            await self.remove()

        self.call_after_refresh(mount)
