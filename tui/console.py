"""Rich consoles for the command line; article text is always printed as data, never markup."""

from __future__ import annotations

from functools import cache

from rich.console import Console


@cache
def console() -> Console:
    """The console for normal output."""
    return Console(highlight=False, markup=False, emoji=False)


@cache
def error_console() -> Console:
    """The console for messages about skipped files and errors (stderr)."""
    # soft_wrap: one message is one line, whatever the width, so scripts can grep it.
    return Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)
