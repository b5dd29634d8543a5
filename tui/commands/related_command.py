"""`newsdesk related ID BLOCK`: passages of other articles that follow the same story."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from index.text import strip_controls
from tui.commands.library_commands import open_library
from tui.console import console, error_console, print_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `related` command to the parser."""
    parser = sub.add_parser(
        "related", help="passages of other articles related to one paragraph of an article"
    )
    parser.add_argument("id", help="article id or a unique prefix of it")
    parser.add_argument("block", type=int, help="block index, as `show --json` numbers them")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=cmd_related)


def cmd_related(args: argparse.Namespace) -> int:
    """Print the related passages as a table or JSON; 1 if the article or block is unknown."""
    from index.related import related

    library = open_library(args)
    try:
        passages = related(library, args.id, args.block, limit=args.limit)
    except LookupError as exc:
        error_console().print(str(exc.args[0] if exc.args else exc))
        return 1
    if args.json:
        rows = [
            {
                "article_id": p.article_id,
                "block": p.block,
                "score": p.score,
                "reason": p.reason,
                "text": p.text,
                "title": p.title,
            }
            for p in passages
        ]
        print_json(rows)
        return 0
    if not passages:
        console().print("no related passages")
        return 0
    table = Table(expand=True, show_lines=True)
    table.add_column("article", no_wrap=True)
    table.add_column("block", justify="right")
    table.add_column("score", justify="right")
    table.add_column("reason", ratio=2)
    table.add_column("passage", ratio=5)
    for p in passages:
        passage = Text(strip_controls(p.title), style="bold") + Text("\n")
        passage.append(strip_controls(p.text))
        table.add_row(
            Text(p.article_id),
            Text(str(p.block)),
            Text(f"{p.score:.3f}"),
            Text(strip_controls(p.reason), style="italic"),
            passage,
        )
    console().print(table)
    return 0
