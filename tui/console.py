"""Rich consoles for the command line; article text is always printed as data, never markup."""

from __future__ import annotations

import json
import re
from functools import cache

from rich.console import Console
from rich.highlighter import JSONHighlighter
from rich.text import Text


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
# What `json` leaves raw with ensure_ascii=False that a terminal may act on: DEL and the C1
# controls (U+009B starts a control sequence), line and paragraph separators, and the
# bidirectional overrides. They can only occur inside strings, where \uXXXX is the same.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(data: object) -> str:
    """`data` as indented JSON, non-ASCII letters as they are, anything a terminal could act
    on escaped (`json` escapes the C0 controls itself)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def print_json(data: object) -> None:
    """Print `data` as JSON (`json_text`): highlighted on a terminal when short, plain
    otherwise. The highlighted text is this very text, coloured, never parsed again."""
    text = json_text(data)
    out = console()
    if out.is_terminal and len(text) < HIGHLIGHT_JSON_BELOW:
        out.print(JSONHighlighter()(Text(text, no_wrap=True, overflow=None)), soft_wrap=True)
    else:
        out.file.write(text + "\n")
        out.file.flush()
