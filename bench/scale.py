"""The 100,000-article scale benchmark (run by hand, never in CI).

    .venv/bin/python bench/scale.py [--articles 100000] [--skip-ingest] [--only search,app]

Builds (or reuses) a corpus recombined from the BBC articles (bench/corpus_100k.py), then
measures, each system in its own child process so its peak memory is its own:

  ingest   full ingest (clean, entities, store, index) with workers=1 and workers=2, each
           into a fresh library; the workers=2 library serves every later phase
  search   20 queries with highlighting (and without), against SQLite FTS5 (porter, bm25,
           snippet()) over the same stored texts, and the app's own search call
  entity   entity-filtered queries with facet counts (`entity_facets`); the sidebar's
           library scope and entity trails (`LibraryGateway`)
  related  building the passage index, then `related()` for 100 random passages
  app      first paint of the app against a bare Textual app (median of --runs each),
           then one session: how late the UI thread ran while the full list loaded,
           widgets in the DOM, PageDown times, peak RSS

Prints a table with the targets and the figures as JSON (also saved in the work folder).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from corpus_100k import DEFAULT_CORPUS_DIR, SEED, write_corpus  # noqa: E402
from first_paint import app_session, first_paints, run_json  # noqa: E402
from ingest_search import QUERIES, fts5_queries, percentiles, time_queries  # noqa: E402
from scale_report import table  # noqa: E402

BARE_WHOOSH_ARTICLES = 20_000  # the ingest reference indexes this many of the articles
PHASES = ("ingest", "search", "entity", "related", "app")
WORK_DIR = Path("/tmp/newsdesk-bench")
ENTITY_QUERIES = [
    'person:"tony blair" election',
    'person:"gordon brown" tax',
    "place:london music",
    'org:"european union" trade',
    "place:china",
]
RELATED_SAMPLES = 100


def peak_rss_mb() -> dict[str, float]:
    """Peak RSS of this process and of its largest finished child, in MB."""
    return {
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    """Seconds per call over `repeats` calls after one warm-up call."""
    run()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return samples


# -- children: one system each ----------------------------------------------------------


def child_ingest(corpus: str, library: str, workers: int) -> dict[str, object]:
    """Ingest the corpus into a fresh library."""
    from index.library import Library

    folder = Path(library)
    shutil.rmtree(folder, ignore_errors=True)
    lib = Library.open(folder, import_seeds=False)
    started = time.perf_counter()
    report = lib.add([Path(corpus)], workers=workers)
    elapsed = time.perf_counter() - started
    sources, first, last = lib.store.conn.execute(
        "SELECT count(DISTINCT source), min(date), max(date) FROM articles"
    ).fetchone()
    out = {
        "files": report.files,
        "added": report.added,
        "duplicates": report.duplicates,
        "skipped": len(report.skipped),
        "ingest_s": elapsed,
        "articles_per_s": report.files / elapsed,
        "sources": sources,
        "dates": f"{first}..{last}",
        "store_mb": (folder / "library.sqlite3").stat().st_size / 1e6,
        "index_mb": sum(p.stat().st_size for p in (folder / "whoosh").rglob("*")) / 1e6,
    }
    lib.close()
    return out | peak_rss_mb()


def child_bare_whoosh(corpus: str, work: str, count: int) -> dict[str, object]:
    """The speed reference for ingest, in the same run: stock Whoosh (one process, its own
    SegmentWriter and StemmingAnalyzer) indexing the title and body of the first `count`
    files, with no cleaning, entities or store."""
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), field_boost=3.0),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
    )
    folder = Path(work) / "bare-whoosh"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ix = index.create_in(str(folder), schema)
    files = sorted(Path(corpus).rglob("*.txt"))[:count]
    started = time.perf_counter()
    writer = ix.writer(limitmb=256)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        title, _, body = text.partition("\n")
        writer.add_document(path=str(path), title=title, body=body)
    writer.commit()
    elapsed = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    return {"files": len(files), "ingest_s": elapsed, "articles_per_s": len(files) / elapsed}


def child_open(library: str) -> dict[str, object]:
    """Open the library once, so that a rebuild after a schema change is not measured later."""
    from index.library import Library

    notes: list[str] = []
    started = time.perf_counter()
    lib = Library.open(Path(library), import_seeds=False, notify=notes.append)
    out = {"open_s": time.perf_counter() - started, "notes": notes, **lib.stats()}
    lib.close()
    return out | peak_rss_mb()


def child_search(library: str) -> dict[str, object]:
    """newsdesk search (highlighted and plain, limit 10) and the app's search round trip."""
    from index.library import Library
    from tui.data import LibraryGateway

    lib = Library.open(Path(library), import_seeds=False)
    out: dict[str, object] = {"articles": lib.stats()["articles"]}
    marked = time_queries(lambda q: lib.search(q, limit=10, highlight=True))
    plain = time_queries(lambda q: lib.search(q, limit=10, highlight=False))
    gateway = LibraryGateway(lib)

    def app_results(q: str) -> None:  # MainScreen.run_search, up to the list being shown
        ids = [hit.id for hit in gateway.search(q).hits]
        gateway.summaries(ids)

    def app_search(q: str) -> None:  # ...and then the sidebar's entity counts
        ids = [hit.id for hit in gateway.search(q).hits]
        gateway.summaries(ids)
        gateway.facets(ids)

    shown = time_queries(app_results)
    app = time_queries(app_search)
    out |= {f"highlight_{k}": v for k, v in percentiles(marked).items()}
    out |= {f"plain_{k}": v for k, v in percentiles(plain).items()}
    out |= {f"app_results_{k}": v for k, v in percentiles(shown).items()}
    out |= {f"app_search_{k}": v for k, v in percentiles(app).items()}
    out["hits_total"] = sum(lib.search(q, limit=1, highlight=False).total for q in QUERIES)
    lib.close()
    return out | peak_rss_mb()


def child_fts5(library: str, work: str) -> dict[str, object]:
    """SQLite FTS5 (porter, bm25, snippet) over the texts stored in the library."""
    path = Path(work) / "fts5.sqlite3"
    path.unlink(missing_ok=True)
    source = sqlite3.connect(Path(library) / "library.sqlite3")
    rows = source.execute(
        "SELECT a.title, group_concat(b.text, char(10)) FROM articles a"
        " JOIN blocks b ON b.article_id = a.id GROUP BY a.id"
    )
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')")
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO docs (title, body) VALUES (?, ?)", rows)
    elapsed = time.perf_counter() - started
    count = conn.execute("SELECT count(*) FROM docs").fetchone()[0]

    plain, marked = fts5_queries(conn)

    out: dict[str, object] = {"articles": count, "build_s": elapsed}
    out |= {f"highlight_{k}": v for k, v in percentiles(time_queries(marked)).items()}
    out |= {f"plain_{k}": v for k, v in percentiles(time_queries(plain)).items()}
    out["index_mb"] = path.stat().st_size / 1e6
    return out | peak_rss_mb()


def child_entity(library: str) -> dict[str, object]:
    """Entity-filtered searches (all matches, no highlighting) plus facet counts over them."""
    from index.entities.catalog import entity_facets
    from index.library import Library

    lib = Library.open(Path(library), import_seeds=False)
    matches: dict[str, int] = {}
    facets: dict[str, str] = {}

    def run(q: str) -> None:
        ids = [hit.id for hit in lib.search(q, limit=None, highlight=False).hits]
        found = entity_facets(lib.store.conn, ids)
        matches[q] = len(ids)
        facets[q] = ", ".join(f"{f.name} {f.articles}" for f in found[:3])

    samples = [s for q in ENTITY_QUERIES for s in timed(lambda q=q: run(q), 5)]
    out: dict[str, object] = {f"entity_{k}": v for k, v in percentiles(samples).items()}
    out |= {"matches": matches, "top_facets": facets}
    out |= sidebar_figures(lib)
    lib.close()
    return out | peak_rss_mb()


def sidebar_figures(lib: object) -> dict[str, object]:
    """The entity sidebar's library scope, and following an entity (its trail, the list in
    date order first) for the 3 commonest entities and 20 entities of the top 2,000."""
    from tui.data import LibraryGateway

    gateway = LibraryGateway(lib)  # type: ignore[arg-type]
    listing = percentiles(timed(lambda: gateway.library_entities(), 5))
    entities = gateway.library_entities(2000)
    order = [row.id for row in gateway.summaries()]
    chosen = entities[:3] + random.Random(SEED).sample(entities[3:], min(20, len(entities) - 3))
    trails = [s for e in chosen for s in timed(lambda e=e: gateway.entity_trail(e, order), 3)]
    biggest = timed(lambda: gateway.entity_trail(entities[0], order), 3)
    return {
        "library_entities_p50_ms": listing["p50_ms"],
        "trail_p50_ms": percentiles(trails)["p50_ms"],
        "trail_p95_ms": percentiles(trails)["p95_ms"],
        "trail_biggest_ms": statistics.median(biggest) * 1e3,
        "trail_biggest": f"{entities[0].name}: {entities[0].count} mentions",
    }


def child_related(library: str) -> dict[str, object]:
    """Passage index build (if behind the store), then related() for random passages."""
    from index.library import Library
    from index.passages import is_short, passage_index_for
    from index.related import related

    lib = Library.open(Path(library), import_seeds=False)
    started = time.perf_counter()
    passages = passage_index_for(lib)
    out: dict[str, object] = {"passage_index_s": time.perf_counter() - started}
    out["passages"] = passages.doc_count()
    keys = lib.store.conn.execute(
        "SELECT article_id, idx FROM blocks WHERE kind = 'paragraph' ORDER BY article_id, idx"
    ).fetchall()
    rng = random.Random(SEED)
    sample: list[tuple[str, int]] = []
    for article_id, block in rng.sample(keys, min(len(keys), 3 * RELATED_SAMPLES)):
        text = lib.store.conn.execute(
            "SELECT text FROM blocks WHERE article_id = ? AND idx = ?", (article_id, block)
        ).fetchone()[0]
        if not is_short(text) and len(sample) < RELATED_SAMPLES:
            sample.append((article_id, block))
    related(lib, *sample[0])  # the first call loads the segment files
    samples, found = [], 0
    for article_id, block in sample:
        started = time.perf_counter()
        found += bool(related(lib, article_id, block))
        samples.append(time.perf_counter() - started)
    ordered = sorted(samples)
    out |= {f"related_{k}": v for k, v in percentiles(samples).items()}
    out |= {"related_max_ms": ordered[-1] * 1e3, "samples": len(sample), "with_results": found}
    lib.close()
    return out | peak_rss_mb()


CHILDREN: dict[str, Callable[..., dict[str, object]]] = {
    "ingest": child_ingest,
    "bare_whoosh": child_bare_whoosh,
    "open": child_open,
    "search": child_search,
    "fts5": child_fts5,
    "entity": child_entity,
    "related": child_related,
}


def in_child(name: str, **kwargs: object) -> dict[str, object]:
    """Run one child of this script; its stderr goes to ours, its last stdout line is JSON."""
    log(f"  {name} {kwargs}")
    started = time.perf_counter()
    result = run_json([__file__, "--child", name, "--child-args", json.dumps(kwargs)])
    log(f"  {name} done in {time.perf_counter() - started:.1f} s")
    return result


def log(text: str) -> None:
    """Progress on stderr, so stdout keeps the table and the JSON."""
    print(text, file=sys.stderr, flush=True)


# -- the parent ---------------------------------------------------------------------------


def run_phases(args: argparse.Namespace, phases: list[str]) -> dict[str, dict[str, object]]:
    """Run the chosen phases, each in child processes; return their figures by name."""
    lib_w2 = args.work_dir / "lib-w2"
    results: dict[str, dict[str, object]] = {}
    if "ingest" in phases:
        started = time.perf_counter()
        corpus, fresh = write_corpus(args.corpus_dir, args.articles, fmt=args.format)
        results["corpus"] = {
            "articles": args.articles,
            "path": str(corpus),
            "generated": fresh,
            "seconds": time.perf_counter() - started,
        }
        log(f"corpus {'written' if fresh else 'reused'}: {corpus}")
        count = min(args.articles, BARE_WHOOSH_ARTICLES)
        results["bare_whoosh"] = in_child(
            "bare_whoosh", corpus=str(corpus), work=str(args.work_dir), count=count
        )
        for workers in (1, 2):
            library = args.work_dir / f"lib-w{workers}"
            results[f"ingest_w{workers}"] = in_child(
                "ingest", corpus=str(corpus), library=str(library), workers=workers
            )
    elif not (lib_w2 / "library.sqlite3").exists():
        raise SystemExit(f"no library at {lib_w2}: run the ingest phase first")
    if set(phases) - {"ingest"}:
        results["open"] = in_child("open", library=str(lib_w2))
    if "search" in phases:
        results["search"] = in_child("search", library=str(lib_w2))
        results["fts5"] = in_child("fts5", library=str(lib_w2), work=str(args.work_dir))
    if "entity" in phases:
        results["entity"] = in_child("entity", library=str(lib_w2))
    if "related" in phases:
        results["related"] = in_child("related", library=str(lib_w2))
    if "app" in phases:
        log("  app first paint")
        results["paint"] = first_paints(str(lib_w2), args.runs)
        log("  app session")
        results["app"] = app_session(str(lib_w2))
    return results


def main() -> None:
    """Parse the options; run a child, or run the phases and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--corpus-dir", type=Path)
    ap.add_argument("--work-dir", type=Path, default=WORK_DIR, help="libraries, FTS5, JSON")
    ap.add_argument("--format", choices=["txt", "jsonl"], default="txt")
    ap.add_argument("--skip-ingest", action="store_true", help="reuse <work-dir>/lib-w2")
    ap.add_argument("--only", help=f"comma-separated phases of {','.join(PHASES)}")
    ap.add_argument("--runs", type=int, default=5, help="first-paint runs of each app")
    ap.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    ap.add_argument("--child-args", default="{}", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](**json.loads(args.child_args))), flush=True)
        return
    if args.corpus_dir is None:
        default = DEFAULT_CORPUS_DIR
        args.corpus_dir = (
            default if args.articles == 100_000 else default.with_name(f"corpus-{args.articles}")
        )
    phases = [p for p in (args.only.split(",") if args.only else PHASES) if p]
    unknown = set(phases) - set(PHASES)
    if unknown:
        raise SystemExit(f"unknown phases {sorted(unknown)}: choose from {', '.join(PHASES)}")
    if args.skip_ingest:
        phases = [p for p in phases if p != "ingest"]
    args.work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    commit = subprocess.run(
        ["git", "-C", str(BENCH), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    results = run_phases(args, phases)
    results["run"] = {"commit": commit, "phases": phases, "seconds": time.perf_counter() - started}
    print(f"newsdesk scale benchmark at {commit}: {args.articles} articles, phases {phases}")
    print("\n".join(table(results)))
    print(f"(whole run {time.perf_counter() - started:.0f} s)")
    report = json.dumps(results, default=str)
    (args.work_dir / f"scale-{args.articles}.json").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
