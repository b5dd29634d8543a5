"""Commands over the library itself: add, search, show, stats, reindex."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from index.text import strip_controls
from tui.console import console, error_console, print_json

if TYPE_CHECKING:
    from index.library import Library


def open_library(args: argparse.Namespace) -> Library:
    """Open the library named on the command line (or the default one)."""
    from index.library import Library  # here, not at the top: `newsdesk` alone starts the app

    return Library.open(args.library, notify=lambda m: error_console().print(m))


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    add = sub.add_parser("add", help="add files or folders of articles to the library")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes reading and annotating files (default: up to 2, one per core)",
    )
    add.set_defaults(handler=cmd_add)

    search = sub.add_parser("search", help="search the library")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=cmd_search)

    show = sub.add_parser("show", help="print a cleaned article")
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_show)

    stats = sub.add_parser("stats", help="print library counts")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(handler=cmd_stats)

    reindex = sub.add_parser("reindex", help="rebuild the search index from the store")
    reindex.add_argument(
        "--entities",
        action="store_true",
        help="first find every article's names again with this version's rules, and resolve"
        " every entity anew after (100,000 articles: ~13 min, ~240 MB of memory)",
    )
    reindex.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes finding names with --entities and indexing a big library"
        " (default: up to 2, one per core)",
    )
    reindex.set_defaults(handler=cmd_reindex)


def cmd_add(args: argparse.Namespace) -> int:
    """Ingest paths with a progress bar; one line per skipped file; 1 if any was skipped."""
    library = open_library(args)
    err = error_console()
    with _progress_bars("adding") as (progress,):
        report = library.add(args.paths, workers=args.workers, progress=progress)
    for path, reason in report.skipped:
        err.print(f"skipped {path}: {reason}")
    console().print(
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.duplicates} duplicates, {report.removed} removed, "
        f"{len(report.skipped)} skipped"
    )
    return 0 if report.ok else 1


def cmd_search(args: argparse.Namespace) -> int:
    """Print search results as a table or JSON."""
    library = open_library(args)
    text = " ".join(args.query)
    results = library.search(text, limit=args.limit, sort=args.sort)
    summaries = {s.id: s for s in library.summaries([h.id for h in results.hits])}
    if args.json:
        rows = []
        for hit in results.hits:
            article = summaries.get(hit.id)
            rows.append(
                {
                    "id": hit.id,
                    "title": article.title if article else None,
                    "source": article.source if article else None,
                    "date": article.date if article else None,
                    "score": round(hit.score, 4),
                    "snippet": hit.snippet_text,
                    "path": library.store.article(hit.id).path if article else None,
                }
            )
        print_json(rows)
        return 0
    table = Table(title=Text(f"{results.total} results for {text}"), expand=True)
    table.add_column("title", ratio=3)
    table.add_column("source")
    table.add_column("date", no_wrap=True)
    table.add_column("snippet", ratio=5)
    for hit in results.hits:
        article = summaries.get(hit.id)
        if article is None:
            continue
        snippet = Text()
        for segment, is_hit in hit.snippet:
            snippet.append(strip_controls(segment), style="bold yellow" if is_hit else "")
        table.add_row(
            Text(strip_controls(article.title)),
            Text(strip_controls(article.source or "")),
            Text(article.date or ""),
            snippet,
        )
    console().print(table)
    if results.suggestion:
        console().print(Text(f"Did you mean: {results.suggestion}", style="italic"))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print one cleaned article, block by block with its type."""
    library = open_library(args)
    article = library.article(args.id)
    if article is None:
        error_console().print(f"no article with id {args.id}")
        return 1
    if args.json:
        data = {
            "id": article.id,
            "title": article.title,
            "subtitle": article.subtitle,
            "date": article.date,
            "updated": article.updated,
            "source": article.source,
            "url": article.url,
            "author": article.author,
            "contributors": article.contributors,
            "path": article.path,
            "blocks": [{"type": b.kind, "text": b.text} for b in article.blocks],
        }
        print_json(data)
        return 0
    out = console()
    out.print(Text(strip_controls(article.title), style="bold"))
    if article.subtitle:
        out.print(Text(strip_controls(article.subtitle), style="italic"))
    meta = " · ".join(
        x for x in (article.source, article.date, ", ".join(article.contributors)) if x
    )
    out.print(Text(strip_controls(meta), style="dim"))
    for block in article.blocks:
        out.print()
        style = "bold underline" if block.kind == "subheading" else ""
        out.print(
            Text(f"[{block.kind}] ", style="dim") + Text(strip_controls(block.text), style=style)
        )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the library's counts."""
    library = open_library(args)
    counts = library.stats()
    if args.json:
        print_json({"library": str(library.folder), **counts})
        return 0
    console().print(f"library: {library.folder}")
    for name, value in counts.items():
        console().print(f"{name:>10}: {value}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the Whoosh index from the store; with --entities, find the names first and
    resolve the entities after (an older version's names, or the batch-by-batch resolution
    of a big library, made anew)."""
    library = open_library(args)
    if args.entities:
        with _progress_bars("finding names") as (progress,):
            read = library.refresh_names(workers=args.workers, progress=progress)
        console().print(f"found the names of {read} articles")
    with _progress_bars("indexing", "passages", "merging passages") as (index, passage, merge):
        count = library.reindex(index, passage, workers=args.workers, merge_progress=merge)
    console().print(f"reindexed {count} articles")
    if args.entities:
        with library.write_lock():
            entities = library.rebuild_entities()
        console().print(f"resolved {entities} entities")
    return 0


@contextmanager
def _progress_bars(*labels: str) -> Iterator[list[Callable[[int, int, str], None]]]:
    """Rich progress bars on stderr (none when it is not a terminal), one per label, as
    callbacks; the first shows at once, the others when their work starts."""
    err = error_console()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:

        def callback(label: str) -> Callable[[int, int, str], None]:
            task: list[TaskID] = [] if label != labels[0] else [bar.add_task(label, total=None)]

            def progress(done: int, total: int, _item: str) -> None:
                if not task:
                    task.append(bar.add_task(label, total=total))
                bar.update(task[0], completed=done, total=total)

            return progress

        yield [callback(label) for label in labels]
