"""Commands over entities: entities, mentions, extract."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict

from rich.table import Table
from rich.text import Text

from index.text import strip_controls
from tui.commands.library_commands import open_library
from tui.console import console, error_console, print_json

TYPES = ["PERSON", "PLACE", "ORG", "OTHER"]
TABLE_ALIASES = 4  # written forms listed per entity in the table
TABLE_ROWS = 100  # entities the table lists unless --limit says otherwise
SENTENCE_END = re.compile(r"(?<=[.!?…”\"])\s+(?=[A-Z“\"‘'])")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    entities = sub.add_parser("entities", help="list the library's people, places and orgs")
    entities.add_argument("--type", choices=TYPES, type=str.upper)
    entities.add_argument("--article", metavar="ID", help="only the entities of one article")
    entities.add_argument("--json", action="store_true", help="print JSON")
    entities.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help=f"the N most mentioned (default: {TABLE_ROWS} in the table, all in JSON; 0: all)",
    )
    entities.set_defaults(handler=cmd_entities)

    mentions = sub.add_parser("mentions", help="every mention of an entity, with its sentence")
    mentions.add_argument("name", nargs="+")
    mentions.add_argument("--type", choices=TYPES, type=str.upper)
    mentions.add_argument("--json", action="store_true", help="print JSON")
    mentions.set_defaults(handler=cmd_mentions)

    extract = sub.add_parser("extract", help="find entities in JSON Lines text on stdin")
    extract.add_argument("--jsonl", action="store_true", required=True, help="JSON Lines in/out")
    extract.set_defaults(handler=cmd_extract)


def _aliases(conn, ids: list[int]) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    """Surface forms seen for each entity, most frequent first."""
    out: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return out
    # Read from the mentions-by-entity index alone, which holds the surfaces.
    rows = conn.execute(
        "SELECT entity_id, surface, count(*) AS n FROM mentions"
        " WHERE entity_id IN (SELECT value FROM json_each(?))"
        " GROUP BY entity_id, surface ORDER BY entity_id, n DESC, surface",
        (json.dumps(ids),),
    )
    for entity_id, surface, _n in rows:
        out[entity_id].append(surface)
    return out


def cmd_entities(args: argparse.Namespace) -> int:
    """Print entities: name, type, aliases, mention count, article count."""
    from index.entities.catalog import entity_facets, list_entities

    library = open_library(args)
    conn = library.store.conn
    article_id = None
    if args.article:
        article = library.article(args.article)
        if article is None:
            error_console().print(f"no article with id {args.article}")
            return 1
        article_id = article.id
    rows = list_entities(conn, args.type, article_id)
    counts = (
        {f.id: (f.mentions, f.articles) for f in entity_facets(conn, [article_id])}
        if (article_id)
        else {r.id: (r.mention_count, r.article_count) for r in rows}
    )
    aliases = _aliases(conn, [r.id for r in rows])
    records = [
        {
            "name": r.name,
            "type": r.type,
            "aliases": aliases.get(r.id, []),
            "roles": r.roles,
            "mention_count": counts.get(r.id, (0, 0))[0],
            "article_count": counts.get(r.id, (0, 0))[1],
        }
        for r in rows
    ]
    records.sort(key=lambda rec: (-rec["mention_count"], rec["name"]))
    if args.limit is not None and args.limit < 0:
        error_console().print(f"--limit must be 0 (all) or more, not {args.limit}")
        return 2
    limit = args.limit if args.limit is not None else (0 if args.json else TABLE_ROWS)
    shown = records[:limit] if limit > 0 else records
    if args.json:
        print_json(shown)
        return 0
    # Rich lays a table out whole: 18,000 rows took 11 s at 100,000 articles.
    cut = len(records) - len(shown)
    title = f"{len(shown)} of {len(records)} entities" if cut else f"{len(records)} entities"
    table = Table(title=Text(title), expand=True)
    for column in ("name", "type", "aliases", "mentions", "articles"):
        table.add_column(column, justify="right" if column in {"mentions", "articles"} else "left")
    for rec in shown:
        table.add_row(
            Text(strip_controls(rec["name"])),
            Text(rec["type"]),
            Text(strip_controls(_alias_summary(rec["aliases"]))),
            str(rec["mention_count"]),
            str(rec["article_count"]),
        )
    console().print(table)
    if cut:
        console().print(Text(f"{cut} more: --limit 0 lists them all, --json too."))
    return 0


def _alias_summary(aliases: list[str]) -> str:
    """The commonest written forms and how many more (all of them are in --json), so that
    an entity written forty ways takes a line or two of the table, not a dozen."""
    shown = ", ".join(aliases[:TABLE_ALIASES])
    more = len(aliases) - TABLE_ALIASES
    return f"{shown} (+{more} more)" if more > 0 else shown


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds the span start..end."""
    begin = 0
    for match in SENTENCE_END.finditer(text):
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= end:
            return text[begin : match.start()]
    return text[begin:]


def cmd_mentions(args: argparse.Namespace) -> int:
    """Print every mention of the entity a name denotes, in reading order."""
    library = open_library(args)
    conn = library.store.conn
    name = " ".join(args.name)
    from index.entities.catalog import entity_mentions, find_entity

    found = find_entity(conn, name, args.type)
    if not found:
        error_console().print(f"no entity called {name}")
        return 1
    entity = found[0]
    rows = []
    block_cache: dict[tuple[str, int], str] = {}
    for m in entity_mentions(conn, entity.id):
        key = (m.article_id, m.block)
        if key not in block_cache:
            row = conn.execute(
                "SELECT text FROM blocks WHERE article_id = ? AND idx = ?", key
            ).fetchone()
            block_cache[key] = row[0] if row else ""
        rows.append(
            {
                "article_id": m.article_id,
                "block": m.block,
                "start": m.start,
                "end": m.end,
                "text": m.surface,
                "sentence": sentence_around(block_cache[key], m.start, m.end).strip(),
            }
        )
    if args.json:
        print_json({"entity": entity.name, "type": entity.type, "mentions": rows})
        return 0
    out = console()
    out.print(Text(f"{entity.name} ({entity.type}): {len(rows)} mentions", style="bold"))
    for row in rows:
        sentence = strip_controls(row["sentence"])
        line = Text(f"{row['article_id'][:8]} ¶{row['block']:<3} ", style="dim")
        line.append(sentence)
        line.highlight_words([strip_controls(row["text"])], style="bold yellow")
        out.print(line)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """JSON Lines {"text": ...} on stdin to {"mentions": [...]} on stdout."""
    from index.entities.jsonl import run_jsonl

    run_jsonl(sys.stdin, sys.stdout)
    return 0
