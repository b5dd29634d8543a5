"""Throughput of entity extraction alone (gazetteers loaded first), and of resolution.

usage: python bench/entities_speed.py [CONLL_FILE] [--rounds N]

Texts: the CoNLL file's documents when given (read with shared/tools/conll_eval.py, which must
sit at ../shared/tools beside the repository), else the seed articles. Prints chars/s of
`annotate_blocks` and articles/s of `resolve` over the same texts repeated as a library.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.entities import annotate_blocks  # noqa: E402
from index.entities.gazetteers import warm_up  # noqa: E402
from index.entities.resolve import resolve  # noqa: E402


def conll_documents(path: Path) -> list[list[str]]:
    """The documents of a CoNLL file as one-block articles."""
    tool = ROOT.parent / "shared" / "tools" / "conll_eval.py"
    spec = importlib.util.spec_from_file_location("conll_eval", tool)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {tool}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [[text] for text, _ in module.read_docs(str(path))]


def seed_documents() -> list[list[str]]:
    """The seed articles, one block per non-empty line."""
    return [
        [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        for path in sorted((ROOT / "seeds").glob("*.txt"))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conll", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    documents = conll_documents(args.conll) if args.conll else seed_documents()
    chars = sum(len(block) for doc in documents for block in doc)

    started = time.perf_counter()
    warm_up()
    print(f"gazetteers loaded in {time.perf_counter() - started:.2f}s")

    best = float("inf")
    annotated: list[list[list]] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        annotated = [annotate_blocks(doc) for doc in documents]
        best = min(best, time.perf_counter() - started)
    per_article_ms = best / len(documents) * 1000
    print(
        f"extract: {len(documents)} articles, {chars / 1e3:.0f} kchars in {best:.3f}s: "
        f"{chars / best / 1e3:.0f} kchars/s, {per_article_ms:.3f} ms/article"
    )

    copies = max(1, 20_000 // len(documents))
    library = {
        f"{copy}-{number}": [
            (block, mention) for block, mentions in enumerate(doc) for mention in mentions
        ]
        for copy in range(copies)
        for number, doc in enumerate(annotated)
    }
    started = time.perf_counter()
    resolution = resolve(library)
    elapsed = time.perf_counter() - started
    print(
        f"resolve: {len(library)} articles -> {len(resolution.entities)} entities in "
        f"{elapsed:.2f}s ({len(library) / elapsed:.0f} articles/s)"
    )


if __name__ == "__main__":
    main()
