"""Posting blocks pickled with protocol 5 against Whoosh's protocol 2. Run by hand, not in CI.

    .venv/bin/python bench/posting_blocks.py [--library DIR] [--articles 12500] [--runs 3]

Takes the articles of a library (default: the 100k benchmark's, else the BBC corpus added
to a temporary library), writes them as one segment with `FastSegmentWriter` twice per run,
once with Whoosh's own posting writer and once with `index.posting_blocks`, alternating, and
reports medians: the time to write the segment's postings (`commit`), the segment's size,
and the time to read every posting (id, weight, value) of the 300 commonest body terms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from itertools import islice
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from whoosh import index as whoosh_index  # noqa: E402

from index import fresh_postings  # noqa: E402
from index.fresh_postings import FastSegmentWriter  # noqa: E402
from index.library import Library  # noqa: E402
from index.search import article_document, article_schema  # noqa: E402

DEFAULT_LIBRARY = Path("/tmp/newsdesk-bench/lib-w2")
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"


def load_documents(library: Path | None, count: int) -> list[dict[str, object]]:
    """The Whoosh documents of `count` articles of a library (or of the BBC corpus)."""
    with tempfile.TemporaryDirectory() as tmp:
        if library is None:
            lib = Library.open(Path(tmp) / "lib", import_seeds=False)
            lib.add([DEFAULT_CORPUS])
        else:
            lib = Library.open(library, import_seeds=False)
        try:
            articles = islice(lib.store.iter_articles(), count)
            return [article_document(a, lib.mentions_of(a.id)) for a in articles]
        finally:
            lib.close()


def write_segment(docs: list[dict[str, object]], folder: Path, compact: bool) -> float:
    """Write one segment; return the seconds its commit took."""
    ix = whoosh_index.create_in(str(folder), article_schema())
    plain = mock.patch.object(fresh_postings, "write_compact_blocks", lambda fieldwriter: None)
    with nullcontext() if compact else plain:
        writer = FastSegmentWriter(ix, limitmb=1024, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    started = time.perf_counter()
    writer.commit()
    return time.perf_counter() - started


def read_common_terms(folder: Path, terms: int = 300) -> float:
    """Seconds to read every posting of the commonest body terms."""
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        by_frequency = sorted(
            ((info.doc_frequency(), term) for term, info in reader.iter_field("body")),
            reverse=True,
        )
        started = time.perf_counter()
        for _, term in by_frequency[:terms]:
            matcher = reader.postings("body", term)
            while matcher.is_active():
                matcher.weight(), matcher.value()
                matcher.next()
        return time.perf_counter() - started


def main() -> None:
    """Run the comparison and print the medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--library", type=Path, default=None)
    ap.add_argument("--articles", type=int, default=12_500)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    library = args.library or (DEFAULT_LIBRARY if DEFAULT_LIBRARY.exists() else None)
    docs = load_documents(library, args.articles)
    print(f"{len(docs)} articles from {library or DEFAULT_CORPUS}")
    figures: dict[str, dict[str, list[float]]] = {"protocol 2": {}, "protocol 5": {}}
    for _ in range(args.runs):
        for name, compact in (("protocol 2", False), ("protocol 5", True)):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                commit_s = write_segment(docs, folder, compact)
                size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
                read_s = read_common_terms(folder)
            for key, value in (("commit", commit_s), ("size", size_mb), ("read", read_s)):
                figures[name].setdefault(key, []).append(value)
    base = {k: statistics.median(v) for k, v in figures["protocol 2"].items()}
    for name, values in figures.items():
        med = {k: statistics.median(v) for k, v in values.items()}
        print(
            f"{name}: commit {med['commit'] / len(docs) * 1000:.3f} ms/article"
            f" ({med['commit'] / base['commit']:.2f}×), segment {med['size']:.1f} MB"
            f" ({med['size'] / base['size']:.2f}×), read 300 terms {med['read'] * 1000:.0f} ms"
            f" ({med['read'] / base['read']:.2f}×)"
        )


if __name__ == "__main__":
    main()
