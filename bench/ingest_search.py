"""Ingest and search benchmark on the BBC corpus (run by hand, not in CI).

    .venv/bin/python bench/ingest_search.py [--corpus ../shared/corpora/bbc] [--workers 1]

Each system runs in its own process so its peak memory is its own: newsdesk (clean +
entities + store + index), a bare Whoosh index of the same texts, and SQLite FTS5.
Prints articles/s, search p50/p95 with and without highlighting over 20 fixed queries, index
size and peak RSS, with ratios against the baselines measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
QUERIES = [
    "election",
    "labour party",
    "chelsea",
    "mobile phone",
    "film award",
    "economy growth",
    "oil prices",
    "tony blair",
    "champions league",
    "broadband",
    "interest rates",
    "video games",
    "prime minister",
    "world cup",
    "stock market",
    "music",
    "internet",
    '"general election"',
    "tax",
    "china",
]
REPEATS = 5


def corpus_files(corpus: Path) -> list[Path]:
    """The article files of the corpus, in a fixed order."""
    return sorted(p for p in corpus.rglob("*.txt") if p.parent != corpus)


def split_title(path: Path) -> tuple[str, str]:
    """Title (first line) and body of a BBC file, for the baselines."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    title, _, body = text.partition("\n")
    return title.strip(), body.strip()


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def time_queries(run_query) -> list[float]:  # type: ignore[no-untyped-def]
    """Seconds per query, each of the 20 queries REPEATS times after one warm-up pass."""
    for q in QUERIES:
        run_query(q)
    samples = []
    for _ in range(REPEATS):
        for q in QUERIES:
            start = time.perf_counter()
            run_query(q)
            samples.append(time.perf_counter() - start)
    return samples


def folder_size(folder: Path) -> int:
    """Bytes on disk under a folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run_newsdesk(corpus: Path, work: Path, workers: int) -> dict[str, float]:
    """newsdesk: the full ingest (clean, entities, store, index) and its search."""
    sys.path.insert(0, str(REPO))
    from index.library import Library

    library = Library.open(work / "lib", import_seeds=False)
    start = time.perf_counter()
    topics = sorted(p for p in corpus.iterdir() if p.is_dir())  # not the README files
    report = library.add(topics, workers=workers)
    elapsed = time.perf_counter() - start
    files = report.added + report.duplicates + report.unchanged
    out = {
        "docs": files,
        "stored": report.added,
        "ingest_s": elapsed,
        "docs_per_s": files / elapsed,
    }
    plain = time_queries(lambda q: library.search(q, limit=10, highlight=False))
    marked = time_queries(lambda q: library.search(q, limit=10, highlight=True))
    out |= {f"search_{k}": v for k, v in percentiles(plain).items()}
    out |= {f"highlight_{k}": v for k, v in percentiles(marked).items()}
    out["index_mb"] = folder_size(work / "lib" / "whoosh") / 1e6
    out["store_mb"] = (work / "lib" / "library.sqlite3").stat().st_size / 1e6
    return out


def run_whoosh(corpus: Path, work: Path) -> dict[str, float]:
    """A bare Whoosh index of the same texts: title and body, stemmed, stored."""
    from whoosh import fields, index, qparser
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True, field_boost=3.0),
        body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )
    (work / "whoosh").mkdir()
    ix = index.create_in(str(work / "whoosh"), schema)
    files = corpus_files(corpus)
    start = time.perf_counter()
    writer = ix.writer(limitmb=128)
    for path in files:
        title, body = split_title(path)
        writer.add_document(path=str(path), title=title, body=body)
    writer.commit()
    elapsed = time.perf_counter() - start
    parser = qparser.MultifieldParser(["title", "body"], schema=schema, group=qparser.AndGroup)
    searcher = ix.searcher()

    def plain(q: str) -> None:
        [hit["path"] for hit in searcher.search(parser.parse(q), limit=10)]

    def marked(q: str) -> None:
        [hit.highlights("body") for hit in searcher.search(parser.parse(q), limit=10)]

    out = {"docs": len(files), "ingest_s": elapsed, "docs_per_s": len(files) / elapsed}
    out |= {f"search_{k}": v for k, v in percentiles(time_queries(plain)).items()}
    out |= {f"highlight_{k}": v for k, v in percentiles(time_queries(marked)).items()}
    out["index_mb"] = folder_size(work / "whoosh") / 1e6
    return out


def fts5_queries(conn: sqlite3.Connection) -> tuple[Callable[[str], None], Callable[[str], None]]:
    """Plain and snippet-highlighted FTS5 searches (bm25, title weighted 3) for the timings."""

    def fts(q: str) -> str:
        return q if q.startswith('"') else " AND ".join(q.split())

    def plain(q: str) -> None:
        conn.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.0) LIMIT 10",
            (fts(q),),
        ).fetchall()

    def marked(q: str) -> None:
        conn.execute(
            "SELECT snippet(docs, 1, '[', ']', '…', 24) FROM docs WHERE docs MATCH ?"
            " ORDER BY bm25(docs, 3.0, 1.0) LIMIT 10",
            (fts(q),),
        ).fetchall()

    return plain, marked


def run_fts5(corpus: Path, work: Path) -> dict[str, float]:
    """SQLite FTS5 with the porter stemmer over the same texts, bm25 ranking, snippet()."""
    conn = sqlite3.connect(work / "fts.sqlite3")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')")
    files = corpus_files(corpus)
    start = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO docs (title, body) VALUES (?, ?)", (split_title(p) for p in files)
        )
    elapsed = time.perf_counter() - start

    plain, marked = fts5_queries(conn)

    out = {"docs": len(files), "ingest_s": elapsed, "docs_per_s": len(files) / elapsed}
    out |= {f"search_{k}": v for k, v in percentiles(time_queries(plain)).items()}
    out |= {f"highlight_{k}": v for k, v in percentiles(time_queries(marked)).items()}
    out["index_mb"] = (work / "fts.sqlite3").stat().st_size / 1e6
    return out


def child(system: str, corpus: Path, workers: int) -> None:
    """Run one system in this process and print its figures as JSON."""
    work = Path(tempfile.mkdtemp(prefix=f"bench-{system}-"))
    try:
        if system == "newsdesk":
            out = run_newsdesk(corpus, work, workers)
        elif system == "whoosh":
            out = run_whoosh(corpus, work)
        else:
            out = run_fts5(corpus, work)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        out["peak_rss_mb"] = peak_kb / 1024
        print(json.dumps(out))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """Run every system in a child process and print a comparison table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--child", choices=["newsdesk", "whoosh", "fts5"])
    args = ap.parse_args()
    if args.child:
        child(args.child, args.corpus, args.workers)
        return
    results = {}
    for system in ("newsdesk", "whoosh", "fts5"):
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                system,
                "--corpus",
                str(args.corpus),
                "--workers",
                str(args.workers),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        results[system] = json.loads(proc.stdout.strip().splitlines()[-1])
    keys = [
        "docs_per_s",
        "search_p50_ms",
        "search_p95_ms",
        "highlight_p50_ms",
        "highlight_p95_ms",
        "index_mb",
        "peak_rss_mb",
    ]
    print(f"corpus: {args.corpus} ({results['whoosh']['docs']} files), workers={args.workers}")
    print(
        f"{'figure':<18}{'newsdesk':>10}{'whoosh':>10}{'fts5':>10}{'nd/whoosh':>11}{'nd/fts5':>9}"
    )
    for key in keys:
        nd, wh, ft = (results[s][key] for s in ("newsdesk", "whoosh", "fts5"))
        print(f"{key:<18}{nd:>10.1f}{wh:>10.1f}{ft:>10.1f}{nd / wh:>11.2f}{nd / ft:>9.2f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
