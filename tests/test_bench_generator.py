"""The scale benchmark's corpus generator, on a handful of made-up source articles."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from index.cleaning import clean_text

GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "corpus_100k.py"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    """bench/corpus_100k.py, loaded from its file (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location("corpus_100k", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def _sources(gen: ModuleType) -> list:
    """Six source articles in two categories, five paragraphs each."""
    topics = {
        "politics": ("Minister", "budget", "vote", "council"),
        "sport": ("Captain", "match", "goal", "league"),
    }
    articles = []
    for category, (who, *things) in topics.items():
        for n in range(3):
            paragraphs = tuple(
                f"{who} {n} said the {things[p % 3]} plans, number {p}, would be decided soon."
                for p in range(5)
            )
            title = f"{who} {n} backs {things[n]} changes in {category} row"
            articles.append(gen.SourceArticle(title, category, paragraphs))
    return articles


def test_fixed_seed_gives_the_same_articles(gen: ModuleType) -> None:
    first = list(gen.generate(_sources(gen), 50, seed=7))
    again = list(gen.generate(_sources(gen), 50, seed=7))
    other = list(gen.generate(_sources(gen), 50, seed=8))
    assert first == again
    assert first != other


def test_count_and_variety(gen: ModuleType) -> None:
    articles = list(gen.generate(_sources(gen), 50))
    assert len(articles) == 50
    assert [a.number for a in articles] == list(range(50))
    assert len({a.title for a in articles}) >= 25
    assert len({a.date for a in articles}) >= 40
    assert len({a.source for a in articles}) >= 8
    assert all("2004-01-01" <= a.date <= "2025-12-31" for a in articles)
    assert all(3 <= len(a.paragraphs) <= 12 for a in articles)


def test_no_two_bodies_are_identical(gen: ModuleType) -> None:
    articles = list(gen.generate(_sources(gen), 50))
    assert len({a.paragraphs for a in articles}) == 50


def test_paragraphs_are_real_sentences_of_one_category(gen: ModuleType) -> None:
    sources = _sources(gen)
    real = {sentence for a in sources for p in a.paragraphs for sentence in gen.sentences(p)}
    for article in gen.generate(sources, 50):
        parts = [sentence for p in article.paragraphs for sentence in gen.sentences(p)]
        assert set(parts) <= real
        assert len({part.split()[0] for part in parts}) == 1, article.paragraphs


def test_paragraphs_are_varied_not_copied(gen: ModuleType) -> None:
    sources = _sources(gen)
    originals = {p for a in sources for p in a.paragraphs}
    for article in gen.generate(sources, 50):
        assert not originals & set(article.paragraphs)


def test_sentences_split_at_full_stops_before_capitals(gen: ModuleType) -> None:
    text = 'Mr. Brown said 2.5% was fine. "It is," he said. Then he left! Why? "Go." Now.'
    assert gen.sentences(text) == [
        "Mr. Brown said 2.5% was fine.",
        '"It is," he said.',
        "Then he left!",
        "Why?",
        '"Go."',
        "Now.",
    ]


def test_too_few_sources_is_an_error(gen: ModuleType) -> None:
    tiny = [gen.SourceArticle("One title here", "x", ("Just one paragraph.",))]
    with pytest.raises(ValueError, match="too few"):
        list(gen.generate(tiny, 5))


def test_the_cleaner_reads_title_date_and_source(gen: ModuleType) -> None:
    article = next(gen.generate(_sources(gen), 1))
    parsed = clean_text(article.as_text())
    assert parsed.title == article.title
    assert parsed.date == article.date
    assert parsed.source == article.source
    assert [b.text for b in parsed.blocks] == list(article.paragraphs)


def test_written_corpus_is_reused(gen: ModuleType, tmp_path: Path) -> None:
    bbc = tmp_path / "bbc" / "politics"
    bbc.mkdir(parents=True)
    for n, source in enumerate(_sources(gen)):
        (bbc / f"{n:03d}.txt").write_text(f"{source.title}\n\n" + "\n\n".join(source.paragraphs))
    out = tmp_path / "corpus"
    folder, fresh = gen.write_corpus(out, 50, bbc=tmp_path / "bbc")
    assert fresh
    assert len(list(folder.rglob("*.txt"))) == 50
    assert gen.write_corpus(out, 50, bbc=tmp_path / "bbc") == (folder, False)
    folder, fresh = gen.write_corpus(out, 20, bbc=tmp_path / "bbc", fmt="jsonl")
    assert fresh
    lines = (folder / "0000.jsonl").read_text().splitlines()
    assert len(lines) == 20
    assert set(json.loads(lines[0])) == {"title", "date", "source", "body"}
