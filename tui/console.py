"""Rich consoles for the command line; article text is always printed as data, never markup."""

from __future__ import annotations

import json
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


# Above this many characters JSON is written as it is: Rich's highlighting of a 100,000-
# article library's entity list (16,000 records) took 10 s.
HIGHLIGHT_JSON_BELOW = 100_000


def print_json(data: object) -> None:
    """Print `data` as indented JSON: highlighted on a terminal when short, plain otherwise.

    Strings are escaped by `json`, so no control character or escape sequence of an
    article's text reaches the terminal either way.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    out = console()
    if out.is_terminal and len(text) < HIGHLIGHT_JSON_BELOW:
        out.print_json(text)
    else:
        out.file.write(text + "\n")
        out.file.flush()
