"""How fast are related passages? Run by hand, not in CI.

    .venv/bin/python bench/related_speed.py [--library DIR] [--corpus DIR] [--samples 200]

Builds a library of the BBC corpus in a temporary folder (or reuses `--library`), then times
`related()` for random passages (fixed seed) and, as a baseline in the same run, a bare
Whoosh more-like-this query over the same passage index. Prints p50/p95/max in ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from index.block_search import posting_ids  # noqa: E402
from index.library import Library  # noqa: E402
from index.passages import is_short, passage_index_for  # noqa: E402
from index.related import related  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(name: str, millis: list[float]) -> str:
    """One line of timings."""
    return (
        f"{name:<22} p50 {percentile(millis, 0.5):6.1f} ms   p95 {percentile(millis, 0.95):6.1f} ms"
        f"   max {max(millis):6.1f} ms   mean {statistics.fmean(millis):6.1f} ms"
    )


def main() -> int:
    """Build or open the library, sample passages, time both ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, help="reuse (or build into) this library folder")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4, help="ingest processes")
    args = parser.parse_args()

    folder = args.library or Path(tempfile.mkdtemp(prefix="newsdesk-related-bench-"))
    library = Library.open(folder, import_seeds=False, notify=print)
    if not library.stats()["articles"]:
        started = time.perf_counter()
        report = library.add([args.corpus], workers=args.workers)
        print(f"built {folder}: {report.added} articles in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    passages = passage_index_for(library)
    print(
        f"passage index ready in {time.perf_counter() - started:.1f} s:"
        f" {passages.doc_count()} passages, {library.stats()['articles']} articles"
    )

    rows = library.store.conn.execute(
        "SELECT article_id, idx, text FROM blocks WHERE kind = 'paragraph' ORDER BY article_id, idx"
    ).fetchall()
    texts = {(a, i): text for a, i, text in rows}
    pool = [key for key, text in texts.items() if not is_short(text)]
    sample = random.Random(args.seed).sample(pool, min(args.samples, len(pool)))

    related(library, *sample[0])  # warm caches: first query loads the segment files
    related_ms: list[float] = []
    found = 0
    for article_id, block in sample:
        started = time.perf_counter()
        found += bool(related(library, article_id, block, limit=10))
        related_ms.append((time.perf_counter() - started) * 1000)

    baseline_ms: list[float] = []
    for article_id, block in sample:
        started = time.perf_counter()
        with passages.searcher() as s:
            docnum = next(
                d
                for d in posting_ids(s.reader(), "article_id", article_id)
                if s.stored_fields(d)["block"] == block
            )
            # The passage text comes along: the index stores no texts and no term vectors.
            list(s.more_like(docnum, "text", text=texts[(article_id, block)], top=10))
        baseline_ms.append((time.perf_counter() - started) * 1000)

    print(f"{len(sample)} passages (seed {args.seed}); {found} with related passages")
    print(summary("related()", related_ms))
    print(summary("whoosh more_like", baseline_ms))
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
