"""The command palette's newsdesk commands (Ctrl+P): the main actions by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name, help, action run on the screen or the app: "screen.x" / "app.x")
COMMANDS: list[tuple[str, str, str]] = [
    ("Search", "Focus the search bar", "screen.search"),
    ("Star or unstar article", "Toggle the star of the current article", "screen.star"),
    ("Mark read or unread", "Toggle the read state of the current article", "screen.toggle_read"),
    ("Toggle entity marks", "Colour entity mentions by type in the reader", "screen.toggle_marks"),
    ("Toggle entity sidebar", "Show or hide the entity sidebar", "screen.toggle_sidebar"),
    ("Switch sort order", "Date / relevance (search) or date / title", "screen.sort"),
    ("Next mention", "Next mention of the chosen entity", "screen.mention(1)"),
    ("Previous mention", "Previous mention of the chosen entity", "screen.mention(-1)"),
    ("Next search hit", "Next search hit in the article", "screen.hit(1)"),
    (
        "Jump to related passage",
        "Best passage of another article on this one's story",
        "screen.related(0)",
    ),
    ("Next related passage", "The next passage related to the same paragraph", "screen.related(1)"),
    ("Next passage", "Move the passage cursor to the next paragraph", "screen.passage(1)"),
    ("Previous passage", "Move the passage cursor to the previous paragraph", "screen.passage(-1)"),
    (
        "Toggle related passages panel",
        "Show or hide the panel under the reader",
        "screen.toggle_related",
    ),
    ("Back", "Previous reading position", "screen.back"),
    ("Forward", "Next reading position", "screen.forward"),
    ("Change theme", "Pick a theme (remembered)", "app.change_theme"),
    ("Keys", "Show every key", "app.help"),
    ("Quit", "Leave newsdesk", "app.quit"),
]


class NewsdeskCommands(Provider):
    """Offers newsdesk's actions by name."""

    async def _run(self, action: str) -> None:
        await self.app.run_action(action)

    async def discover(self) -> Hits:
        """Every command, when nothing is typed yet."""
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose name matches what is typed."""
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self._run, action), help=help_text
                )
