"""The `newsdesk` command line: with no command it opens the reader app.

Each command lives in `tui/commands/`; this module builds the parser and dispatches.
Exit codes: 0 fine, 1 something was skipped or not found, 2 bad usage or a library error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from index.errors import NewsdeskError
from tui.commands import COMMAND_MODULES
from tui.console import error_console


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="A terminal news reader. With no command, opens the reader app.",
    )
    parser.add_argument(
        "--library",
        type=Path,
        default=None,
        help="library folder (default: $NEWSDESK_LIBRARY or the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from tui.first_rows import start_reading_first_rows

            first_rows = start_reading_first_rows(args.library)  # while the app imports
            from tui.app import run_app

            return run_app(args.library, first_rows=first_rows)
        return int(args.handler(args) or 0)
    except NewsdeskError as exc:
        error_console().print(f"newsdesk: {exc}", markup=False, highlight=False)
        return 2
    except KeyboardInterrupt:
        error_console().print("newsdesk: interrupted; what was stored so far is kept.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
