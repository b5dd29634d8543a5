"""A large synthetic news corpus recombined from the real paragraphs of the BBC corpus.

    .venv/bin/python bench/corpus_100k.py [--articles 100000] [--corpus-dir DIR] [--format txt]

Each generated article takes a lead article's opening paragraph and 2 to 11 more paragraphs
from it and from two other articles of the same BBC category, in their order (so the
entities and the words of a story still belong together), each varied by one sentence
borrowed from the same category (whole paragraphs reused 45 times over would all look
like boilerplate to the related-passages finder). It gets a varied title (the lead's title
with a suffix, or the front of one title joined to the back of another), a date between
2004 and 2025 and one of twelve outlets. The same seed always gives the same corpus, and no
two articles share their paragraphs. Text files are laid out as the cleaner reads them:

    date 2013-07-21
    <title>

    <outlet masthead>

    <paragraph> ...

The corpus is written into a cache folder with a manifest and reused while the parameters
match; the BBC files themselves are never copied anywhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BBC_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
DEFAULT_CORPUS_DIR = Path("/tmp/newsdesk-bench/corpus-100k")
SEED = 20261125
GENERATOR_VERSION = 2  # bump when the output for a given seed changes
MANIFEST = "manifest.json"
FOLDERS = 100
JSONL_PER_FILE = 1000
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 3, 12
FIRST_DAY, LAST_DAY = date(2004, 1, 1), date(2025, 12, 31)
# Outlets whose name alone on a line the cleaner takes for a masthead (the article's source).
SOURCES = (
    "Reuters",
    "Associated Press",
    "AFP",
    "Bloomberg News",
    "BBC News",
    "Sky News",
    "Financial Times",
    "The Economist",
    "Euronews",
    "Deutsche Welle",
    "The Irish Times",
    "The Sydney Morning Herald",
)
# A sentence ends at . ! or ? (maybe inside quotes) before a capital, but not after "Mr.".
_NOT_TITLE = "".join(f"(?<!{t}\\.)" for t in ("Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Gov"))
_SENTENCE_BREAK = re.compile(rf"{_NOT_TITLE}(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘(]?[A-Z])")
TITLE_SUFFIXES = (
    "what we know",
    "analysis",
    "the reaction",
    "live updates",
    "explained",
    "five things to know",
    "in numbers",
    "the view from Westminster",
    "latest",
    "a timeline",
    "what happens next",
    "the week ahead",
)


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """A real article to borrow from: its title, its category and its paragraphs."""

    title: str
    category: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GeneratedArticle:
    """One article of the synthetic corpus."""

    number: int
    title: str
    date: str
    source: str
    paragraphs: tuple[str, ...]

    def as_text(self) -> str:
        """The article as a plain-text file the cleaner reads (date prefix, masthead)."""
        body = "\n\n".join(self.paragraphs)
        return f"date {self.date}\n{self.title}\n\n{self.source}\n\n{body}\n"

    def as_record(self) -> dict[str, str]:
        """The article as a JSON Lines record."""
        return {
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "body": "\n\n".join(self.paragraphs),
        }


def load_bbc(corpus: Path = BBC_CORPUS) -> list[SourceArticle]:
    """Every article of the BBC corpus (first line title, blank line, paragraphs), sorted."""
    from index.readers import decode_text  # the project's own decoder (UTF-8, else cp1252)

    articles = []
    for path in sorted(p for p in corpus.rglob("*.txt") if p.parent != corpus):
        title, _, body = decode_text(path.read_bytes()).strip().partition("\n")
        paragraphs = tuple(p.strip() for p in body.split("\n\n") if p.strip())
        if title.strip() and paragraphs:
            articles.append(SourceArticle(title.strip(), path.parent.name, paragraphs))
    return articles


def _title(rng: random.Random, lead: SourceArticle, other: SourceArticle) -> str:
    """A varied headline: the lead's own with a suffix, or two titles spliced at a word."""
    if rng.random() < 0.5:
        return f"{lead.title}: {rng.choice(TITLE_SUFFIXES)}"
    front, back = lead.title.split(), other.title.split()
    if len(front) < 2 or len(back) < 2:
        return f"{lead.title}: {rng.choice(TITLE_SUFFIXES)}"
    cut_front = rng.randint(1, len(front) - 1)
    cut_back = rng.randint(1, len(back) - 1)
    return " ".join(front[:cut_front] + back[cut_back:])


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph (a full stop, ! or ? then a capital starts a new one)."""
    return [part for part in _SENTENCE_BREAK.split(paragraph) if part]


def _vary(rng: random.Random, paragraph: str, pool: Sequence[str]) -> str:
    """A real paragraph with a sentence from `pool` swapped in (3+ sentences) or appended:
    as many variants as there are sentences to borrow."""
    parts = sentences(paragraph)
    borrowed = rng.choice(pool)
    for _ in range(3):
        if borrowed not in parts:
            break
        borrowed = rng.choice(pool)
    else:
        return paragraph
    if len(parts) >= 3:
        parts[rng.randrange(1, len(parts))] = borrowed
    else:
        parts.append(borrowed)
    return " ".join(parts)


def generate(
    sources: Sequence[SourceArticle], count: int, seed: int = SEED
) -> Iterator[GeneratedArticle]:
    """`count` articles recombined from `sources`; the same inputs give the same articles.

    Every paragraph is a real one varied by a sentence borrowed from an article of the same
    category, so that copies of a paragraph stay rare across the corpus (the passage index
    treats text found in three passages or more as boilerplate). No two articles have the
    same paragraphs. Raises ValueError when the sources are too few for `count` distinct
    bodies.
    """
    rng = random.Random(seed)
    by_category: dict[str, list[int]] = defaultdict(list)
    for number, article in enumerate(sources):
        by_category[article.category].append(number)
    # Sentences to borrow: any of the category's, so that a paragraph has many variants.
    borrow = {
        category: [s for n in numbers for p in sources[n].paragraphs for s in sentences(p)]
        for category, numbers in by_category.items()
    }
    seen: set[bytes] = set()
    days = (LAST_DAY - FIRST_DAY).days
    for number in range(count):
        for _attempt in range(100):
            lead_number = rng.randrange(len(sources))
            family = by_category[sources[lead_number].category]
            others = [n for n in rng.sample(family, min(3, len(family))) if n != lead_number]
            donors = [lead_number, *others[:2]]
            pool = [(d, i) for d in donors for i in range(len(sources[d].paragraphs))]
            wanted = rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS) - 1
            chosen = [pool[0], *sorted(rng.sample(pool[1:], min(wanted, len(pool) - 1)))]
            pool_of = borrow[sources[lead_number].category]
            texts = [_vary(rng, sources[d].paragraphs[i], pool_of) for d, i in chosen]
            # A paragraph twice in one article is no article: the cleaner drops repeats.
            paragraphs = tuple(dict.fromkeys(texts))
            if len(paragraphs) < MIN_PARAGRAPHS:
                continue
            key = hashlib.sha1("\n\n".join(paragraphs).encode()).digest()
            if key not in seen:
                seen.add(key)
                break
        else:
            raise ValueError(f"too few source paragraphs for {count} distinct articles")
        lead = sources[lead_number]
        yield GeneratedArticle(
            number=number,
            title=_title(rng, lead, sources[rng.choice(family)]),
            date=(FIRST_DAY + timedelta(days=rng.randrange(days + 1))).isoformat(),
            source=rng.choice(SOURCES),
            paragraphs=paragraphs,
        )


def _manifest(count: int, seed: int, fmt: str, bbc: Path) -> dict[str, object]:
    # The BBC corpus by its files and their sizes, not by where this checkout finds it.
    files = sorted(p for p in bbc.rglob("*.txt") if p.parent != bbc)
    if not files:
        raise SystemExit(f"no BBC articles under {bbc}: the corpus is built from them")
    return {
        "generator": GENERATOR_VERSION,
        "articles": count,
        "seed": seed,
        "format": fmt,
        "bbc": {"files": len(files), "bytes": sum(p.stat().st_size for p in files)},
    }


def write_corpus(
    corpus_dir: Path = DEFAULT_CORPUS_DIR,
    count: int = 100_000,
    *,
    seed: int = SEED,
    fmt: str = "txt",
    bbc: Path = BBC_CORPUS,
) -> tuple[Path, bool]:
    """Write the corpus into `corpus_dir` unless it already holds the same one.

    Returns the folder to ingest and whether it was (re)generated. Text files go one per
    article into FOLDERS sub-folders; JSON Lines files hold JSONL_PER_FILE articles each.
    A folder that is neither empty nor a corpus written here is never deleted.
    """
    wanted = _manifest(count, seed, fmt, bbc)
    manifest = corpus_dir / MANIFEST
    if manifest.exists():
        if json.loads(manifest.read_text()) == wanted:
            return corpus_dir / "articles", False
        shutil.rmtree(corpus_dir)
    elif corpus_dir.exists() and any(corpus_dir.iterdir()):
        raise SystemExit(f"{corpus_dir} is not empty and holds no {MANIFEST}: not touching it")
    target = corpus_dir / "articles"
    target.mkdir(parents=True)
    articles = generate(load_bbc(bbc), count, seed)
    if fmt == "txt":
        per_folder = math.ceil(count / FOLDERS)
        for article in articles:
            folder = target / f"{article.number // per_folder:03d}"
            folder.mkdir(exist_ok=True)
            (folder / f"{article.number:06d}.txt").write_text(article.as_text(), encoding="utf-8")
    else:
        batch: list[str] = []
        for article in articles:
            batch.append(json.dumps(article.as_record(), ensure_ascii=False))
            if len(batch) == JSONL_PER_FILE or article.number == count - 1:
                name = f"{article.number // JSONL_PER_FILE:04d}.jsonl"
                (target / name).write_text("\n".join(batch) + "\n", encoding="utf-8")
                batch = []
    manifest.write_text(json.dumps(wanted, indent=2))  # last: a half-written corpus is redone
    return target, True


def main() -> None:
    """Write (or reuse) the corpus and say where it is."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    ap.add_argument("--format", choices=["txt", "jsonl"], default="txt")
    ap.add_argument("--bbc", type=Path, default=BBC_CORPUS)
    args = ap.parse_args()
    started = time.perf_counter()
    folder, fresh = write_corpus(args.corpus_dir, args.articles, fmt=args.format, bbc=args.bbc)
    verb = "wrote" if fresh else "reused"
    print(f"{verb} {args.articles} articles in {folder} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
